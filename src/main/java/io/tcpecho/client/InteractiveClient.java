package io.tcpecho.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;

import org.springframework.integration.ip.tcp.connection.TcpNetClientConnectionFactory;

/**
 * The client for a person at a terminal: one line at a time through the outbound gateway, and,
 * as the better client of UNP chapter 6 does with {@code select}, an eye on the connection while
 * it waits for the next line, so that a server that goes away is reported at once.
 */
final class InteractiveClient implements LineClient {

	private final EchoGateway gateway;

	private final ServerCloseWatcher watcher;

	private final TcpNetClientConnectionFactory factory;

	private final EchoClientProperties properties;

	private final GreetingReader greeting;

	InteractiveClient(EchoGateway gateway, ServerCloseWatcher watcher, TcpNetClientConnectionFactory factory,
			EchoClientProperties properties, GreetingReader greeting) {
		this.gateway = gateway;
		this.watcher = watcher;
		this.factory = factory;
		this.properties = properties;
		this.greeting = greeting;
	}

	@Override
	public int run(InputStream in, OutputStream out, PrintStream err) {
		try {
			// connect first, as tcpcli does: a refused or reset connection is known before any input
			this.factory.getConnection();
			if (this.properties.greeting()) {
				out.write(this.greeting.read());
				out.write('\n');
				out.flush();
			}
			InputEvents events = new InputEvents(in, this.watcher);
			while (true) {
				Object event = events.next();
				if (event == InputEvents.END) {
					return 0;
				}
				if (event instanceof Throwable closed) {
					return LineClient.fail(err, this.properties, closed);
				}
				out.write(this.gateway.echo((byte[]) event));
				out.write('\n');
				out.flush();
			}
		}
		catch (RuntimeException ex) {
			// A close seen while the line was being sent explains a timeout better than the timeout,
			// and a refused reconnect (the gateway reconnects when it finds the connection closed).
			Throwable closed = this.watcher.failure();
			ClientFailure kind = ClientFailure.of(ex);
			boolean explainedByClose = kind == ClientFailure.TIMEOUT || kind == ClientFailure.REFUSED;
			return LineClient.fail(err, this.properties, (closed != null && explainedByClose) ? closed : ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return LineClient.fail(err, this.properties, ex);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
