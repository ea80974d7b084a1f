package io.tcpecho.server;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.tcpecho.transport.Connection;

/**
 * The line a listener sends as each connection opens, so a client behind a load balancer can tell
 * which instance, and which listener, answered. Placeholders are in braces, not Spring's
 * {@code ${...}}, because they are filled per connection.
 */
final class Greeting implements Function<Connection, byte[]> {

	private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z-]+)(?::([^}]*))?}");

	private final List<Function<Connection, String>> parts = new ArrayList<>();

	/**
	 * @param template the text, with placeholders
	 * @param listener the listener's name
	 * @param environment looks up {@code {env:NAME}}
	 * @throws IllegalArgumentException naming a placeholder that is not known
	 */
	Greeting(String template, String listener, Function<String, String> environment) {
		Matcher matcher = PLACEHOLDER.matcher(template);
		int end = 0;
		while (matcher.find()) {
			String text = template.substring(end, matcher.start());
			this.parts.add((connection) -> text);
			this.parts.add(part(matcher.group(1), matcher.group(2), listener, environment));
			end = matcher.end();
		}
		String tail = template.substring(end);
		this.parts.add((connection) -> tail);
	}

	private static Function<Connection, String> part(String name, String argument, String listener,
			Function<String, String> environment) {
		return switch (name) {
			case "host" -> {
				String host = hostName();
				yield (connection) -> host;
			}
			case "env" -> {
				String value = Objects.requireNonNullElse(environment.apply(Objects.requireNonNull(argument,
						"{env:NAME} needs a NAME")), "");
				yield (connection) -> value;
			}
			case "listener" -> (connection) -> listener;
			case "local-address" -> (connection) -> connection.localAddress();
			case "local-port" -> (connection) -> String.valueOf(connection.localPort());
			case "peer-address" -> Connection::peerAddress;
			case "peer-port" -> (connection) -> String.valueOf(connection.peerPort());
			case "connection-id" -> Connection::id;
			default -> throw new IllegalArgumentException("Unknown greeting placeholder {" + name
					+ "}; known: {host}, {env:NAME}, {listener}, {local-address}, {local-port}, {peer-address}, "
					+ "{peer-port}, {connection-id}");
		};
	}

	private static String hostName() {
		try {
			return InetAddress.getLocalHost().getHostName();
		}
		catch (UnknownHostException ex) {
			return Objects.requireNonNullElse(System.getenv("HOSTNAME"), "localhost");
		}
	}

	@Override
	public byte[] apply(Connection connection) {
		StringBuilder line = new StringBuilder();
		for (Function<Connection, String> part : this.parts) {
			line.append(part.apply(connection));
		}
		return line.toString().getBytes(StandardCharsets.UTF_8);
	}

}
