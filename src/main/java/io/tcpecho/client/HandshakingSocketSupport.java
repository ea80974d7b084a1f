package io.tcpecho.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;

import javax.net.ssl.SSLSocket;

import org.springframework.integration.ip.tcp.connection.DefaultTcpSocketSupport;

/**
 * Checks the server's name against its certificate, as a browser or curl would, and completes the
 * TLS handshake as the client connects: otherwise Spring Integration's reading thread runs it, and
 * a failed one would reach the line being sent only as a closed socket.
 */
final class HandshakingSocketSupport extends DefaultTcpSocketSupport {

	HandshakingSocketSupport() {
		super(true);
	}

	@Override
	public void postProcessSocket(Socket socket) {
		super.postProcessSocket(socket);
		try {
			((SSLSocket) socket).startHandshake();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
