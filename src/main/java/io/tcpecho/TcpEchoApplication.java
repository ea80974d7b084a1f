package io.tcpecho;

import java.io.BufferedInputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.tcpecho.client.LineClient;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Runs the echo server, or with {@code client [HOST] [PORT]} the line client.
 */
@SpringBootApplication(proxyBeanMethods = false)
@ConfigurationPropertiesScan
public class TcpEchoApplication {

	public static void main(String[] args) {
		if (args.length > 0 && args[0].equals("client")) {
			String[] clientArgs = Arrays.copyOfRange(args, 1, args.length);
			System.exit(runClient(clientArgs, new BufferedInputStream(System.in), System.out, System.err));
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
		SpringApplication app = new SpringApplication(TcpEchoApplication.class);
		app.setAdditionalProfiles("client");
		try (ConfigurableApplicationContext context = app.run(clientArgs(args))) {
			return context.getBean(LineClient.class).run(in, out, err);
		}
		catch (RuntimeException ex) {
			// console logging is off in client mode, so say here what stopped the client starting
			Throwable root = ex;
			while (root.getCause() != null) {
				root = root.getCause();
			}
			err.println("tcp-echo: client could not start: " + root.getMessage());
			return 1;
		}
	}

	/** Turns the positional {@code HOST PORT} of the classic {@code tcpcli} into properties. */
	static String[] clientArgs(String[] args) {
		List<String> result = new ArrayList<>();
		List<String> positional = new ArrayList<>();
		for (String arg : args) {
			(arg.startsWith("--") ? result : positional).add(arg);
		}
		if (positional.size() > 2) {
			throw new IllegalArgumentException("usage: client [HOST] [PORT] [--echo.client.*=...]");
		}
		if (!positional.isEmpty()) {
			result.add("--echo.client.host=" + positional.get(0));
		}
		if (positional.size() == 2) {
			result.add("--echo.client.port=" + positional.get(1));
		}
		return result.toArray(String[]::new);
	}

}
