package io.tcpecho.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

import org.springframework.integration.ip.tcp.connection.TcpNetServerConnectionFactory;

/**
 * A blocking server connection factory that can stop accepting without closing the
 * connections it has: {@link #stop()} does both at once, and a drain needs them apart.
 */
public class EchoServerConnectionFactory extends TcpNetServerConnectionFactory {

	EchoServerConnectionFactory(int port) {
		super(port);
	}

	/**
	 * Closes the listening socket, so that new connections are refused by the kernel rather
	 * than accepted and dropped; open connections go on.
	 */
	public void stopAccepting() {
		ServerSocket serverSocket = getServerSocket();
		if (serverSocket != null) {
			try {
				serverSocket.close();
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
	}

}
