package io.tcpecho.connections;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * {@code echo.listen.overflows}: connections the kernel dropped because an accept queue was full
 * (Linux's {@code TcpExt: ListenOverflows} in {@code /proc/net/netstat}, for the whole network
 * namespace), the ones the application never sees; registered only where Linux reports it.
 */
final class ListenOverflows {

	static final Path NETSTAT = Path.of("/proc/net/netstat");

	private ListenOverflows() {
	}

	static void register(MeterRegistry registry, Path netstat) {
		if (read(netstat) >= 0) {
			FunctionCounter.builder("echo.listen.overflows", netstat, ListenOverflows::read)
				.description("Connections the kernel dropped because an accept queue was full (ListenOverflows)")
				.register(registry);
		}
	}

	/** The counter's value, or -1 where the file or the field is missing; read by hand, as no Micrometer binder reads netstat. */
	static double read(Path netstat) {
		try {
			List<String> lines = Files.readAllLines(netstat);
			// pairs of lines: "TcpExt: Name1 Name2 ..." then "TcpExt: value1 value2 ..."
			for (int i = 0; i + 1 < lines.size(); i++) {
				if (lines.get(i).startsWith("TcpExt:") && lines.get(i + 1).startsWith("TcpExt:")) {
					List<String> names = Arrays.asList(lines.get(i).split("\\s+"));
					String[] values = lines.get(i + 1).split("\\s+");
					int at = names.indexOf("ListenOverflows");
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
