package io.tcpecho.connections;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * A counter the kernel keeps for the whole network namespace, of drops the application never
 * sees; registered only where Linux reports it, and read by hand, as no Micrometer binder reads
 * {@code /proc/net/netstat} or {@code /proc/net/snmp}.
 *
 * @param meter the meter's name
 * @param description the meter's description
 * @param sources where it is counted; their values are summed
 */
record KernelCounters(String meter, String description, List<Source> sources) {

	/** Connections dropped because an accept queue was full. */
	static final KernelCounters LISTEN_OVERFLOWS = new KernelCounters("echo.listen.overflows",
			"Connections the kernel dropped because an accept queue was full (ListenOverflows)",
			List.of(new Source(Path.of("/proc/net/netstat"), "TcpExt:", "ListenOverflows")));

	/** Datagrams dropped because a UDP socket's receive buffer was full (UNP 8.13), IPv4 and IPv6. */
	static final KernelCounters UDP_RECEIVE_BUFFER_ERRORS = new KernelCounters("echo.udp.receive.buffer.errors",
			"Datagrams the kernel dropped because a UDP socket's receive buffer was full (RcvbufErrors, IPv4 and IPv6)",
			List.of(new Source(Path.of("/proc/net/snmp"), "Udp:", "RcvbufErrors"),
					new Source(Path.of("/proc/net/snmp6"), null, "Udp6RcvbufErrors")));

	void register(MeterRegistry registry) {
		if (read() >= 0) {
			FunctionCounter.builder(this.meter, this, KernelCounters::read)
				.description(this.description)
				.register(registry);
		}
	}

	/** The sum of the sources that can be read, or -1 where none can. */
	double read() {
		double sum = -1;
		for (Source source : this.sources) {
			double value = source.read();
			if (value >= 0) {
				sum = Math.max(sum, 0) + value;
			}
		}
		return sum;
	}

	/**
	 * One field of a {@code /proc} file.
	 *
	 * @param section the prefix of a pair of lines, "Section: Name1 Name2" then "Section: value1 value2"
	 * (netstat, snmp); null where each line is "Name value" (snmp6)
	 */
	record Source(Path path, String section, String field) {

		/** The field's value, or -1 where the file or the field is missing. */
		double read() {
			try {
				List<String> lines = Files.readAllLines(this.path);
				for (int i = 0; i < lines.size(); i++) {
					String[] words = lines.get(i).trim().split("\\s+");
					if (this.section == null && words.length == 2 && words[0].equals(this.field)) {
						return Double.parseDouble(words[1]);
					}
					if (this.section != null && words[0].equals(this.section) && i + 1 < lines.size()
							&& lines.get(i + 1).startsWith(this.section)) {
						int at = Arrays.asList(words).indexOf(this.field);
						String[] values = lines.get(i + 1).trim().split("\\s+");
						return (at > 0 && at < values.length) ? Double.parseDouble(values[at]) : -1;
					}
				}
				return -1;
			}
			catch (IOException | NumberFormatException ex) {
				return -1;
			}
		}

	}

}
