package io.tcpecho.server;

import java.net.BindException;
import java.time.Duration;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationListener;
import org.springframework.context.SmartLifecycle;
import org.springframework.integration.ip.tcp.connection.TcpConnectionServerExceptionEvent;

/**
 * Holds startup until the listener is bound, so that a port in use fails the application
 * instead of leaving it running deaf: the connection factory binds on its own thread and
 * only publishes an event when it cannot.
 */
class EchoListenerStartup implements SmartLifecycle, ApplicationListener<TcpConnectionServerExceptionEvent> {

	private static final Log logger = LogFactory.getLog(EchoListenerStartup.class);

	private static final Duration BIND_TIMEOUT = Duration.ofSeconds(30);

	private static final long POLL_MILLIS = 5;

	private final EchoServerConnectionFactory factory;

	private final EchoServerProperties properties;

	private volatile @Nullable Throwable failure;

	private volatile boolean running;

	EchoListenerStartup(EchoServerConnectionFactory factory, EchoServerProperties properties) {
		this.factory = factory;
		this.properties = properties;
	}

	@Override
	public void onApplicationEvent(TcpConnectionServerExceptionEvent event) {
		if (event.getSource() == this.factory) {
			this.failure = event.getCause();
		}
	}

	@Override
	public void start() {
		awaitListening();
		logger.info("Echo server listening on %s:%d (framing %s, max line %d bytes, backlog %d)".formatted(
				bindAddress(), this.factory.getPort(), this.properties.framing().name().toLowerCase(),
				this.properties.maxPayloadBytes(), this.properties.backlog()));
		this.running = true;
	}

	/**
	 * Polls rather than waiting for the listening event: Spring Integration publishes that
	 * event through the task scheduler, which a restarted context starts after this phase.
	 */
	private void awaitListening() {
		long deadline = System.nanoTime() + BIND_TIMEOUT.toNanos();
		while (!this.factory.isListening()) {
			Throwable cause = this.failure;
			if (cause instanceof BindException bindException) {
				throw new EchoPortInUseException(bindAddress(), this.properties.port(), bindException);
			}
			if (cause != null) {
				throw new IllegalStateException("Echo listener failed to start", cause);
			}
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("Echo listener did not bind within " + BIND_TIMEOUT);
			}
			try {
				Thread.sleep(POLL_MILLIS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("Interrupted waiting for the echo listener", ex);
			}
		}
	}

	private String bindAddress() {
		String address = this.properties.bindAddress();
		return (address == null || address.isBlank()) ? "0.0.0.0" : address;
	}

	@Override
	public void stop() {
		this.failure = null;
		this.running = false;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/** After the inbound gateway (phase 0), which starts the connection factory. */
	@Override
	public int getPhase() {
		return 1;
	}

}
