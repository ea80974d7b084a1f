package io.tcpecho.client;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;

import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.integration.ip.tcp.connection.TcpNetConnection;
import org.springframework.integration.ip.tcp.connection.TcpNetConnectionSupport;

/**
 * Client connections that read the socket through a buffer: Spring Integration's deserializers
 * read a byte at a time, which on the bare socket stream is a system call per byte.
 */
final class BufferedConnectionSupport implements TcpNetConnectionSupport {

	@Override
	public TcpNetConnection createNewConnection(Socket socket, boolean server, boolean lookupHost,
			@Nullable ApplicationEventPublisher applicationEventPublisher, String connectionFactoryName) {
		return new TcpNetConnection(socket, server, lookupHost, applicationEventPublisher, connectionFactoryName) {

			private @Nullable InputStream buffered;

			/** Read only by the connection's own reading thread. */
			@Override
			protected InputStream inputStream() throws IOException {
				InputStream in = this.buffered;
				if (in == null) {
					in = new BufferedInputStream(super.inputStream(), 64 * 1024) {

						/** What is buffered, if anything: SI's CRLF deserializer asks before every message. */
						@Override
						public int available() throws IOException {
							int buffered = this.count - this.pos;
							return (buffered > 0) ? buffered : super.available();
						}

					};
					this.buffered = in;
				}
				return in;
			}

		};
	}

}
