package io.tcpecho.server;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.function.Function;

import io.tcpecho.transport.Connection;
import org.jspecify.annotations.Nullable;

import org.springframework.util.PropertyPlaceholderHelper;

/**
 * The line a listener sends as each connection opens, so a client behind a load balancer can tell
 * which instance, and which listener, answered; its placeholders are in braces, not Spring's
 * {@code ${...}}, because they are filled per connection.
 */
final class Greeting implements Function<Connection, byte[]> {

	/** {@code \{} is a literal brace, so a greeting can be JSON. */
	private static final PropertyPlaceholderHelper PLACEHOLDERS = new PropertyPlaceholderHelper("{", "}", null, '\\',
			false);

	private static final String KNOWN = "{host}, {env:NAME}, {listener}, {local-address}, {local-port}, "
			+ "{peer-address}, {peer-port}, {connection-id}";

	private final String template;

	private final String listener;

	private final String host;

	private final Function<String, @Nullable String> environment;

	/**
	 * @param template the text, with placeholders
	 * @param listener the listener's name
	 * @param environment looks up {@code {env:NAME}}
	 * @throws IllegalArgumentException naming a placeholder that is not known
	 */
	Greeting(String template, String listener, Function<String, @Nullable String> environment) {
		this.template = template;
		this.listener = listener;
		this.host = hostName();
		this.environment = environment;
		PLACEHOLDERS.replacePlaceholders(template, (name) -> value(name, null));
	}

	/** The placeholder's value for {@code connection}; with none, only checks that the placeholder is known. */
	private String value(String placeholder, @Nullable Connection connection) {
		return switch (placeholder) {
			case "host" -> this.host;
			case "listener" -> this.listener;
			case "local-address" -> (connection != null) ? connection.localAddress() : "";
			case "local-port" -> (connection != null) ? String.valueOf(connection.localPort()) : "";
			case "peer-address" -> (connection != null) ? connection.peerAddress() : "";
			case "peer-port" -> (connection != null) ? String.valueOf(connection.peerPort()) : "";
			case "connection-id" -> (connection != null) ? connection.id() : "";
			default -> {
				if (!placeholder.startsWith("env:") || placeholder.length() == 4) {
					throw new IllegalArgumentException("Unknown greeting placeholder {" + placeholder + "}; known: " + KNOWN);
				}
				yield Objects.requireNonNullElse(this.environment.apply(placeholder.substring(4)), "");
			}
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
		return PLACEHOLDERS.replacePlaceholders(this.template, (name) -> value(name, connection))
			.getBytes(StandardCharsets.UTF_8);
	}

}
