package io.tcpecho;

import java.io.BufferedInputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.tcpecho.bench.BenchRunner;
import io.tcpecho.client.LineClient;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Runs the echo server; {@code client [HOST] [PORT]} runs the line client and
 * {@code bench [HOST] [PORT]} the load tool.
 */
@SpringBootApplication(proxyBeanMethods = false)
@ConfigurationPropertiesScan
public class TcpEchoApplication {

	public static void main(String[] args) {
		if (args.length > 0 && (args[0].equals("client") || args[0].equals("bench"))) {
			String[] commandArgs = Arrays.copyOfRange(args, 1, args.length);
			System.exit(runCommand(args[0], commandArgs, new BufferedInputStream(System.in), System.out,
					System.err));
		}
		SpringApplication.run(TcpEchoApplication.class, args);
	}

	/**
	 * Runs the client until the end of {@code in} or the first failure and returns its exit code.
	 * @param args {@code [HOST] [PORT]} and any {@code --property=value}
	 * @param in lines to send
	 * @param out where echoes go, one per line
	 * @param err where a failure is reported, in one line
	 * @return 0 at the end of input, otherwise the failure's exit code
	 */
	public static int runClient(String[] args, InputStream in, PrintStream out, PrintStream err) {
		return runCommand("client", args, in, out, err);
	}

	/**
	 * Runs the load tool and returns its exit code: 0 when every echo was right.
	 * @param args {@code [HOST] [PORT]} and any {@code --property=value}
	 * @param out where progress and the summary go
	 * @param err where a failure to start is reported
	 * @return the exit code
	 */
	public static int runBench(String[] args, PrintStream out, PrintStream err) {
		return runCommand("bench", args, InputStream.nullInputStream(), out, err);
	}

	private static int runCommand(String command, String[] args, InputStream in, PrintStream out, PrintStream err) {
		SpringApplication app = new SpringApplication(TcpEchoApplication.class);
		app.setAdditionalProfiles(command);
		try (ConfigurableApplicationContext context = app.run(commandArgs(command, args))) {
			return command.equals("client") ? context.getBean(LineClient.class).run(in, out, err)
					: context.getBean(BenchRunner.class).run(out);
		}
		catch (Exception ex) {
			// console logging is off for the commands, so say here what stopped them
			Throwable root = ex;
			while (root.getCause() != null) {
				root = root.getCause();
			}
			err.println("tcp-echo: " + command + " failed: " + root.getMessage());
			return 1;
		}
	}

	/**
	 * Turns the positional {@code HOST PORT} of the classic {@code tcpcli} into properties, and
	 * short options such as {@code --connections=16} into {@code --echo.COMMAND.connections=16}.
	 */
	static String[] commandArgs(String command, String[] args) {
		String prefix = "--echo." + command + ".";
		List<String> result = new ArrayList<>();
		List<String> positional = new ArrayList<>();
		for (String arg : args) {
			if (!arg.startsWith("--")) {
				positional.add(arg);
			}
			else {
				String name = arg.substring(2).split("=", 2)[0];
				result.add(name.contains(".") ? arg : prefix + arg.substring(2));
			}
		}
		if (positional.size() > 2) {
			throw new IllegalArgumentException("usage: " + command + " [HOST] [PORT] [--option=value ...]");
		}
		if (!positional.isEmpty()) {
			result.add(prefix + "host=" + positional.get(0));
		}
		if (positional.size() == 2) {
			result.add(prefix + "port=" + positional.get(1));
		}
		return result.toArray(String[]::new);
	}

}
