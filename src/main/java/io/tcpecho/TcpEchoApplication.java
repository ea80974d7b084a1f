package io.tcpecho;

import java.io.BufferedInputStream;
import java.io.Console;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.tcpecho.bench.BenchApplication;
import io.tcpecho.bench.BenchRunner;
import io.tcpecho.client.ClientApplication;
import io.tcpecho.client.LineClient;

import org.springframework.aot.AotDetector;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.core.SpringProperties;

/**
 * Runs the echo server; {@code client [HOST] [PORT]} runs the line client and
 * {@code bench [HOST] [PORT]} the load tool.
 */
@SpringBootApplication(proxyBeanMethods = false)
@ConfigurationPropertiesScan
public class TcpEchoApplication {

	public static void main(String[] args) {
		if (args.length == 1 && CommandArguments.isTopLevelOption(args[0])) {
			// before Boot, which would take either for a property and start the server
			System.exit(CommandArguments.answerTopLevel(args[0], System.out));
		}
		if (args.length > 0 && (args[0].equals("client") || args[0].equals("bench"))) {
			// Spring AOT processed the server's context only; client and bench build theirs as usual,
			// even in the image, whose JVM runs with -Dspring.aot.enabled=true
			SpringProperties.setProperty(AotDetector.AOT_ENABLED, "false");
			String[] commandArgs = Arrays.copyOfRange(args, 1, args.length);
			System.exit(runCommand(args[0], commandArgs, new BufferedInputStream(System.in), System.out, System.err,
					isTerminal()));
		}
		SpringApplication.run(TcpEchoApplication.class, args);
	}

	/**
	 * Runs the client until the end of {@code in} or the first failure and returns its exit code.
	 * @param args {@code [HOST] [PORT]}, options such as {@code --reply-timeout=2s}, and any
	 * {@code --property=value}
	 * @param in lines to send; not a terminal, so the client runs in batch mode unless told otherwise
	 * @param out where echoes go, one per line
	 * @param err where a failure is reported, in one line
	 * @return 0 at the end of input, otherwise the failure's exit code
	 */
	public static int runClient(String[] args, InputStream in, PrintStream out, PrintStream err) {
		return runCommand("client", args, in, out, err, false);
	}

	/**
	 * Runs the load tool and returns its exit code: 0 when every echo was right.
	 * @param args {@code [HOST] [PORT]}, options such as {@code --connections=16}, and any
	 * {@code --property=value}
	 * @param out where progress and the summary go
	 * @param err where a failure to start is reported
	 * @return the exit code
	 */
	public static int runBench(String[] args, PrintStream out, PrintStream err) {
		return runCommand("bench", args, InputStream.nullInputStream(), out, err, false);
	}

	private static int runCommand(String command, String[] args, InputStream in, PrintStream out, PrintStream err,
			boolean terminal) {
		CommandArguments.Parsed parsed = CommandArguments.parse(command, args, out, err);
		String[] springArgs = parsed.springArgs();
		if (springArgs == null) {
			return parsed.exitCode();
		}
		List<String> all = new ArrayList<>(Arrays.asList(springArgs));
		if (command.equals("client") && all.stream().noneMatch((arg) -> arg.startsWith("--echo.client.mode=")
				&& !arg.equalsIgnoreCase("--echo.client.mode=auto"))) {
			// auto: the select-and-shutdown client of UNP chapter 6 for piped input, stop and wait for a person
			all.add("--echo.client.mode=" + (terminal ? "interactive" : "batch"));
		}
		// only what the mode uses: no web server, Actuator, Micrometer or echo server
		SpringApplication app = new SpringApplication(
				command.equals("client") ? ClientApplication.class : BenchApplication.class);
		app.setAdditionalProfiles(command);
		try (ConfigurableApplicationContext context = app.run(all.toArray(String[]::new))) {
			return command.equals("client") ? context.getBean(LineClient.class).run(in, out, err)
					: context.getBean(BenchRunner.class).run(out);
		}
		catch (Exception ex) {
			// console logging is off for the commands, so say here what stopped them
			err.println("tcp-echo: " + command + " failed: " + NestedExceptionUtils.getMostSpecificCause(ex).getMessage());
			return 1;
		}
	}

	/**
	 * Whether standard input is a terminal. Before JDK 22 a console exists only then; from JDK 22
	 * on it may exist anyway and says so through {@code Console.isTerminal()}, which a build for
	 * release 17 can reach only by reflection.
	 */
	static boolean isTerminal() {
		Console console = System.console();
		if (console == null) {
			return false;
		}
		try {
			return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
		}
		catch (ReflectiveOperationException ex) {
			return true;
		}
	}

}
