package io.tcpecho.client;

import java.net.ConnectException;
import java.net.PortUnreachableException;
import java.net.SocketException;
import java.net.UnknownHostException;

import javax.net.ssl.SSLHandshakeException;

import org.springframework.core.NestedExceptionUtils;
import org.springframework.integration.MessageTimeoutException;
import org.springframework.integration.ip.tcp.serializer.SoftEndOfStreamException;

/**
 * What went wrong for the client, each with its own exit code and one-line message.
 */
enum ClientFailure {

	OTHER(1, "%2$s"),
	REFUSED(2, "connection refused by %1$s (is the server running?)"),
	SERVER_TERMINATED(3, "server terminated prematurely (%1$s closed the connection)"),
	RESET(4, "connection reset by peer %1$s"),
	TIMEOUT(5, "no reply from %1$s within %3$d ms"),
	UNKNOWN_HOST(6, "unknown host in %1$s"),
	NO_ECHO(5, "no echo from %1$s: %2$s"),
	TLS_HANDSHAKE(7, "TLS handshake with %1$s failed: %2$s (does the SSL bundle trust the server's certificate?)");

	private final int exitCode;

	private final String format;

	ClientFailure(int exitCode, String format) {
		this.exitCode = exitCode;
		this.format = format;
	}

	int exitCode() {
		return this.exitCode;
	}

	/** The one-line message for the user. */
	String describe(EchoClientProperties properties, Throwable failure) {
		return this.format.formatted(properties.address(), rootMessage(failure), properties.replyTimeout().toMillis());
	}

	/** Finds the first cause in the chain that says what happened. */
	static ClientFailure of(Throwable failure) {
		for (Throwable t = failure; t != null; t = t.getCause()) {
			// ICMP port unreachable, which the kernel reports to a connected UDP socket only
			if (t instanceof ConnectException || t instanceof PortUnreachableException) {
				return REFUSED;
			}
			if (t instanceof DatagramClient.NoEchoException) {
				return NO_ECHO;
			}
			if (t instanceof UnknownHostException) {
				return UNKNOWN_HOST;
			}
			// an untrusted certificate, a name that does not match, or no protocol in common
			if (t instanceof SSLHandshakeException) {
				return TLS_HANDSHAKE;
			}
			if (t instanceof SoftEndOfStreamException || t instanceof ServerCloseWatcher.ServerTerminatedException) {
				return SERVER_TERMINATED;
			}
			// what remains of socket failures on an open connection is the server's reset (or a break under it)
			if (t instanceof SocketException) {
				return RESET;
			}
			if (t instanceof MessageTimeoutException) {
				return TIMEOUT;
			}
		}
		return OTHER;
	}

	private static String rootMessage(Throwable failure) {
		Throwable root = NestedExceptionUtils.getMostSpecificCause(failure);
		return root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
	}

}
