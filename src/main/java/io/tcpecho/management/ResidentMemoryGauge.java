package io.tcpecho.management;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * {@code process_resident_memory_bytes}, what a container's memory limit counts. By hand because
 * Micrometer publishes heap and non-heap but not RSS, and Prometheus's own process collector would
 * clash with Micrometer's {@code process_*} meters in the same registry.
 */
class ResidentMemoryGauge implements MeterBinder {

	private static final Path STATUS = Path.of("/proc/self/status");

	@Override
	public void bindTo(MeterRegistry registry) {
		if (Files.isReadable(STATUS)) {
			Gauge.builder("process.resident.memory", ResidentMemoryGauge::residentBytes)
				.description("Resident set size of the process (Linux VmRSS)")
				.baseUnit("bytes")
				.register(registry);
		}
	}

	static double residentBytes() {
		try {
			for (String line : Files.readAllLines(STATUS)) {
				if (line.startsWith("VmRSS:")) {
					// "VmRSS:    123456 kB"
					return Long.parseLong(line.substring(6).trim().split("\\s+")[0]) * 1024.0;
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			// no figure this time
		}
		return Double.NaN;
	}

}
