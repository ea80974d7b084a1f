package io.tcpecho;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import io.tcpecho.bench.BenchProperties;
import io.tcpecho.client.EchoClientProperties;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Unmatched;

/**
 * The command lines of the {@code client} and {@code bench} modes, read with picocli: options it
 * knows become {@code --echo.MODE.*} properties, {@code --help} and {@code --version} answer at
 * once, a misspelt option is an error that names it, and any {@code --some.property=value} goes on
 * to Spring as it is.
 */
final class CommandArguments {

	/** The exit code of a bad command line, as the README's table says. */
	static final int USAGE = 1;

	private CommandArguments() {
	}

	/**
	 * Reads {@code args} of {@code mode}.
	 * @return the Spring arguments to run with, or the exit code when there is nothing to run
	 */
	static Parsed parse(String mode, String[] args, PrintStream out, PrintStream err) {
		Options options = mode.equals("client") ? new ClientOptions() : new BenchOptions();
		CommandLine line = new CommandLine(options).setUnmatchedOptionsArePositionalParams(false)
			.setDefaultValueProvider(new RecordDefaults(mode.equals("client") ? EchoClientProperties.class
					: BenchProperties.class))
			.setOut(new PrintWriter(out, true))
			.setErr(new PrintWriter(err, true));
		try {
			CommandLine.ParseResult result = line.parseArgs(args);
			if (CommandLine.printHelpIfRequested(result)) {
				return Parsed.exit(0);
			}
			List<String> springArgs = new ArrayList<>();
			for (String unmatched : options.unmatched()) {
				// a property for Spring, such as --spring.ssl.bundle.pem.ca.truststore.certificate=...
				if (!unmatched.startsWith("--") || !unmatched.substring(2).split("=", 2)[0].contains(".")) {
					throw new CommandLine.UnmatchedArgumentException(line,
							"Unknown option or argument: '" + unmatched + "'");
				}
				springArgs.add(unmatched);
			}
			if (options.port() < 1 || options.port() > 65535) {
				throw new CommandLine.ParameterException(line, "PORT must be from 1 to 65535, not " + options.port());
			}
			String prefix = "--echo." + mode + ".";
			springArgs.add(prefix + "host=" + options.host);
			springArgs.add(prefix + "port=" + options.port);
			// each option is named as its property under echo.MODE; only those given go on, so that the
			// record's defaults (which picocli shows in the help) stay the record's
			for (CommandLine.Model.OptionSpec option : result.matchedOptions()) {
				if (!option.usageHelp() && !option.versionHelp()) {
					springArgs.add(prefix + option.longestName().substring(2) + "=" + option.getValue());
				}
			}
			return new Parsed(springArgs.toArray(String[]::new), 0);
		}
		catch (CommandLine.ParameterException ex) {
			err.println("tcp-echo " + mode + ": " + ex.getMessage() + " (see --help)");
			return Parsed.exit(USAGE);
		}
	}

	/**
	 * What a command line came to.
	 *
	 * @param springArgs the arguments to run with; null when there is nothing to run
	 * @param exitCode the exit code when there is nothing to run
	 */
	record Parsed(String @Nullable [] springArgs, int exitCode) {

		static Parsed exit(int code) {
			return new Parsed(null, code);
		}

	}

	/** What both modes share: where to connect, TLS, the greeting, and properties passed on. */
	abstract static class Options {

		@Parameters(index = "0", arity = "0..1", paramLabel = "HOST",
				description = "Server to connect to (default: ${DEFAULT-VALUE}).")
		@Nullable String host;

		@Parameters(index = "1", arity = "0..1", paramLabel = "PORT",
				description = "Server port (default: ${DEFAULT-VALUE}).")
		int port;

		@Option(names = "--ssl-bundle", paramLabel = "NAME",
				description = "Speak TLS with this Spring Boot SSL bundle (declare it with --spring.ssl.bundle.pem.NAME.truststore.certificate=FILE).")
		@Nullable String sslBundle;

		@Option(names = "--greeting", arity = "0..1", fallbackValue = "true", paramLabel = "true|false",
				description = "Read the server's greeting line first.")
		@Nullable Boolean greeting;

		@Unmatched
		List<String> unmatched = new ArrayList<>();

		int port() {
			return this.port;
		}

		List<String> unmatched() {
			return this.unmatched;
		}

	}

	@Command(name = "client", mixinStandardHelpOptions = true, versionProvider = Version.class,
			usageHelpAutoWidth = true, sortOptions = false,
			description = { "Sends each line of standard input to an echo server and prints each echo.",
					"Exit codes: 0 end of input, 1 bad argument or other failure, 2 connection refused, "
							+ "3 server terminated prematurely (FIN), 4 connection reset (RST), 5 no reply in time (udp: no echo after every retry), "
							+ "6 unknown host, 7 TLS handshake failed." },
			footer = "Any --some.property=value is passed to Spring as it is.")
	static final class ClientOptions extends Options {

		@Option(names = "--connect-timeout", paramLabel = "DURATION", description = "How long to wait to connect (default ${DEFAULT-VALUE}).")
		@Nullable String connectTimeout;

		@Option(names = "--reply-timeout", paramLabel = "DURATION", description = "How long to wait for each echo (default 10s; 1s over udp, then the datagram is sent again).")
		@Nullable String replyTimeout;

		@Option(names = "--framing", paramLabel = "crlf|lf|length-header", description = "The server's framing (default ${DEFAULT-VALUE}).")
		@Nullable String framing;

		@Option(names = "--max-line-length", paramLabel = "SIZE", description = "Longest echo accepted (default ${DEFAULT-VALUE}).")
		@Nullable String maxLineLength;

		@Option(names = "--mode", paramLabel = "auto|interactive|batch",
				description = "interactive: one line at a time; batch: a window of lines in flight, then a half-close; "
						+ "auto: batch unless standard input is a terminal (default ${DEFAULT-VALUE}).")
		@Nullable String mode;

		@Option(names = "--window", paramLabel = "LINES", description = "Batch mode: lines in flight at most (default ${DEFAULT-VALUE}).")
		@Nullable Integer window;

		@Option(names = "--protocol", paramLabel = "tcp|udp",
				description = "tcp, or udp: each line, with its line end, one datagram on a connected socket (default ${DEFAULT-VALUE}).")
		@Nullable String protocol;

		@Option(names = "--retries", paramLabel = "N",
				description = "UDP: times a datagram without an echo is sent again, a reply timeout apart (default ${DEFAULT-VALUE}).")
		@Nullable Integer retries;

	}

	@Command(name = "bench", mixinStandardHelpOptions = true, versionProvider = Version.class,
			usageHelpAutoWidth = true, sortOptions = false,
			description = { "Loads an echo server with lines, checks every byte that comes back, and prints "
					+ "throughput and latency. Exit code 0 when every echo was right." },
			footer = "Any --some.property=value is passed to Spring as it is.")
	static final class BenchOptions extends Options {

		@Option(names = "--protocol", paramLabel = "tcp|udp",
				description = "tcp, or udp: --connections are flows, each with its own source port (default ${DEFAULT-VALUE}).")
		@Nullable String protocol;

		@Option(names = "--reply-timeout", paramLabel = "DURATION",
				description = "UDP: a datagram not echoed within this long counts as lost (default ${DEFAULT-VALUE}).")
		@Nullable String replyTimeout;

		@Option(names = "--connections", paramLabel = "N", description = "Connections that send lines (default ${DEFAULT-VALUE}).")
		@Nullable Integer connections;

		@Option(names = "--duration", paramLabel = "DURATION", description = "How long to send (default ${DEFAULT-VALUE}).")
		@Nullable String duration;

		@Option(names = "--count", paramLabel = "LINES", description = "Lines to send in all, instead of a duration.")
		@Nullable Long count;

		@Option(names = "--payload-size", paramLabel = "SIZE", description = "Payload bytes per line (default ${DEFAULT-VALUE}).")
		@Nullable String payloadSize;

		@Option(names = "--in-flight", paramLabel = "LINES", description = "Lines in flight per connection (default ${DEFAULT-VALUE}).")
		@Nullable Integer inFlight;

		@Option(names = "--rate", paramLabel = "PER_SECOND", description = "Lines per second in all, at a fixed rate; 0 is closed loop (default ${DEFAULT-VALUE}).")
		@Nullable Double rate;

		@Option(names = "--idle-connections", paramLabel = "N",
				description = "Extra connections opened first, each answered once, then kept silent; prints the accept rate per thousand.")
		@Nullable Integer idleConnections;

		@Option(names = "--connect-rate", paramLabel = "PER_SECOND",
				description = "New connections per second in all, each sending --lines-per-connection lines (one if 0) and closing.")
		@Nullable Double connectRate;

		@Option(names = "--lines-per-connection", paramLabel = "LINES",
				description = "Close each connection after this many lines and connect again (connection churn); 0 keeps them.")
		@Nullable Long linesPerConnection;

		@Option(names = "--source-addresses", paramLabel = "ADDRESSES",
				description = "Local addresses to connect from, in turn: 127.0.0.2-127.0.0.9 or a list (one address has about 28,000 ports).")
		@Nullable String sourceAddresses;

		@Option(names = "--mode", paramLabel = "load|continuity",
				description = "load measures throughput and latency; continuity sends numbered lines at --rate through restarts, reconnects, and counts lines retried (after a server's FIN) and lost (default ${DEFAULT-VALUE}).")
		@Nullable String mode;

		@Option(names = "--reconnect-delay", paramLabel = "DURATION", description = "Continuity: how long after a connection ends to connect again (default ${DEFAULT-VALUE}).")
		@Nullable String reconnectDelay;

		@Option(names = "--deadline", paramLabel = "DURATION",
				description = "Continuity: an echo later than this after its scheduled time is late; at the end, how long to wait for the last echoes (default ${DEFAULT-VALUE}).")
		@Nullable String deadline;

		@Option(names = "--max-lost", paramLabel = "LINES", description = "Continuity: the most lost lines that still exit 0 (default ${DEFAULT-VALUE}).")
		@Nullable Long maxLost;

		@Option(names = "--report", paramLabel = "FILE.json", description = "Write the report as JSON.")
		@Nullable String report;

		@Option(names = "--plot", paramLabel = "FILE.png", description = "Continuity: draw the timeline.")
		@Nullable String plot;

	}

	/** Whether {@code arg}, alone on the command line, is {@code --help} or {@code --version}. */
	static boolean isTopLevelOption(String arg) {
		return List.of("--help", "-h", "--version", "-V").contains(arg);
	}

	/** Prints the usage of the three modes, or the version, and returns the exit code. */
	static int answerTopLevel(String arg, PrintStream out) {
		if (arg.equals("--version") || arg.equals("-V")) {
			out.println(new Version().getVersion()[0]);
			return 0;
		}
		out.print("""
				Usage: java -jar tcp-echo.jar [--PROPERTY=VALUE...]          the echo server
				       java -jar tcp-echo.jar client [HOST] [PORT] [OPTIONS]   a line client; client --help
				       java -jar tcp-echo.jar bench [HOST] [PORT] [OPTIONS]    a load tool; bench --help
				       java -jar tcp-echo.jar --help | --version

				The server's most used properties (every one, with its default, is in the README):
				  --echo.server.port=PORT                 the echo port, TCP and UDP; 0 picks free ones
				  --echo.server.bind-address=ADDRESS      one interface instead of all
				  --echo.server.framing=crlf|lf|length-header
				  --echo.server.max-line-length=SIZE      such as 64KB
				  --echo.server.max-connections=N
				  --echo.server.idle-timeout=DURATION     such as 10m; 0 never
				  --echo.server.greeting=TEXT             a line sent as each connection opens
				  --echo.server.transport=auto|nio|epoll|io-uring
				  --echo.listeners.NAME.port=PORT         another listener, with the same keys
				  --echo.listeners.udp.enabled=false      no UDP echo (the shipped udp listener)
				  --management.server.port=PORT           Actuator: health, metrics, connections, faults
				  --server.address=ADDRESS                Actuator on one interface
				""");
		return 0;
	}

	/** The version in the jar's manifest. */
	static final class Version implements CommandLine.IVersionProvider {

		@Override
		public String[] getVersion() {
			String version = TcpEchoApplication.class.getPackage().getImplementationVersion();
			return new String[] { "tcp-echo " + Objects.requireNonNullElse(version, "(development build)") };
		}

	}

}
