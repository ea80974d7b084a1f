package io.tcpecho.bench;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.HdrHistogram.Histogram;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one format of the load tool's {@code --report} files: a JSON object whose {@code totals}
 * hold the counts and whose {@code *Micros} objects hold percentiles in microseconds.
 */
final class BenchJson {

	private static final JsonMapper MAPPER = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

	private BenchJson() {
	}

	/** p50, p90, p99, p99.9 and max of nanosecond values, in microseconds; count beside them. */
	static Map<String, Object> percentiles(Histogram nanos) {
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("count", nanos.getTotalCount());
		for (double percentile : new double[] { 50, 90, 99, 99.9 }) {
			String name = "p" + ((percentile == Math.rint(percentile)) ? String.valueOf((int) percentile) : "999");
			result.put(name, Math.round(nanos.getValueAtPercentile(percentile) / 1e2) / 10.0);
		}
		result.put("max", Math.round(nanos.getMaxValue() / 1e2) / 10.0);
		return result;
	}

	static void write(Object report, Path file) {
		MAPPER.writeValue(file.toFile(), report);
	}

}
