package io.tcpecho.client;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;

import org.springframework.integration.MessageTimeoutException;
import org.springframework.integration.ip.tcp.outbound.TcpSendingMessageHandler;
import org.springframework.integration.ip.tcp.connection.TcpConnection;
import org.springframework.integration.ip.tcp.connection.TcpNetClientConnectionFactory;
import org.springframework.messaging.support.GenericMessage;

/**
 * The client for piped input, after UNP chapter 6: a window of lines in flight, then a half-close,
 * and every echo read until the server's FIN, on Spring Integration's collaborating adapters.
 */
final class BatchClient implements LineClient {

	/** How often the end of a run looks again for the last echoes and the server's close. */
	private static final long POLL_MILLIS = 5;

	private static final long FLUSH_MILLIS = 100;

	private final TcpNetClientConnectionFactory factory;

	private final TcpSendingMessageHandler sender;

	private final ServerCloseWatcher watcher;

	private final EchoClientProperties properties;

	private final Semaphore window;

	private final AtomicLong echoed = new AtomicLong();

	private final AtomicLong sent = new AtomicLong();

	private final CountDownLatch greeted = new CountDownLatch(1);

	private volatile @Nullable OutputStream out;

	private volatile boolean awaitingGreeting;

	BatchClient(TcpNetClientConnectionFactory factory, TcpSendingMessageHandler sender, ServerCloseWatcher watcher,
			EchoClientProperties properties) {
		this.factory = factory;
		this.sender = sender;
		this.watcher = watcher;
		this.properties = properties;
		this.window = new Semaphore(properties.window());
	}

	/** An echo, or the greeting, from the receiving adapter's thread. */
	void received(byte[] payload) {
		OutputStream output = this.out;
		if (output == null) {
			return;
		}
		synchronized (output) {
			try {
				output.write(payload);
				output.write('\n');
				if (this.awaitingGreeting) {
					this.awaitingGreeting = false;
					output.flush();
					this.greeted.countDown();
					return;
				}
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
		this.echoed.incrementAndGet();
		this.window.release();
	}

	@Override
	public int run(InputStream in, OutputStream out, PrintStream err) {
		BufferedOutputStream buffered = new BufferedOutputStream(out, 64 * 1024);
		this.out = buffered;
		// whoever reads the output sees the echoes within a tenth of a second, without a write per line
		ScheduledExecutorService flusher = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "stdout-flush");
			thread.setDaemon(true);
			return thread;
		});
		flusher.scheduleWithFixedDelay(() -> flushQuietly(buffered), FLUSH_MILLIS, FLUSH_MILLIS, TimeUnit.MILLISECONDS);
		try {
			return send(in, err, buffered);
		}
		finally {
			flusher.shutdownNow();
		}
	}

	private int send(InputStream in, PrintStream err, BufferedOutputStream buffered) {
		this.awaitingGreeting = this.properties.greeting();
		long replyTimeoutMillis = this.properties.replyTimeout().toMillis();
		try {
			TcpConnection connection = this.factory.getConnection();
			if (this.awaitingGreeting && !this.greeted.await(replyTimeoutMillis, TimeUnit.MILLISECONDS)) {
				throw new MessageTimeoutException("No greeting within the reply timeout");
			}
			InputEvents events = new InputEvents(in, this.watcher);
			Object event;
			while ((event = events.next()) != InputEvents.END) {
				if (event instanceof Throwable failure) {
					return failLate(err, buffered, failure);
				}
				if (!this.window.tryAcquire(replyTimeoutMillis, TimeUnit.MILLISECONDS)) {
					return failLate(err, buffered, new MessageTimeoutException("No reply within the reply timeout"));
				}
				Throwable closed = this.watcher.failure();
				if (closed != null) {
					return failLate(err, buffered, closed);
				}
				// what else is read and fits the window goes in the same write
				List<byte[]> lines = new ArrayList<>();
				lines.add((byte[]) event);
				int spare = this.window.drainPermits();
				events.moreLines(lines, 1 + spare);
				this.window.release(spare + 1 - lines.size());
				// counted first: an echo can come back before the send returns
				this.sent.addAndGet(lines.size());
				this.sender.handleMessage(new GenericMessage<>(new Lines(lines)));
			}
			// the half-close: the server answers what it has, then closes
			connection.shutdownOutput();
			return awaitEchoes(this.sent.get(), replyTimeoutMillis, err, buffered);
		}
		catch (RuntimeException | IOException ex) {
			// a send or the half-close on a connection the server ended: how it ended says more
			Throwable closed = this.watcher.failure();
			return failLate(err, buffered, (closed != null) ? closed : ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return failLate(err, buffered, ex);
		}
	}

	/** Waits for the echo of every line sent; a server that closes or goes quiet first is a failure. */
	private int awaitEchoes(long sent, long replyTimeoutMillis, PrintStream err, OutputStream buffered)
			throws InterruptedException, IOException {
		long seen = this.echoed.get();
		long lastProgress = System.nanoTime();
		while (this.echoed.get() < sent) {
			Throwable closed = this.watcher.failure();
			if (closed != null && this.echoed.get() < sent) {
				Thread.sleep(POLL_MILLIS); // echoes read just before the close may still be on their way
				if (this.echoed.get() < sent) {
					return failLate(err, buffered, closed);
				}
			}
			if (this.echoed.get() != seen) {
				seen = this.echoed.get();
				lastProgress = System.nanoTime();
			}
			else if (TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastProgress) > replyTimeoutMillis) {
				return failLate(err, buffered, new MessageTimeoutException("No reply within the reply timeout"));
			}
			Thread.sleep(POLL_MILLIS);
		}
		flush(buffered);
		return 0;
	}

	/** Prints the echoes that came, then the failure. */
	private int failLate(PrintStream err, OutputStream buffered, Throwable failure) {
		try {
			flush(buffered);
		}
		catch (IOException ex) {
			// the failure is the one to report
		}
		return LineClient.fail(err, this.properties, failure);
	}

	private static void flushQuietly(OutputStream buffered) {
		try {
			flush(buffered);
		}
		catch (IOException ex) {
			// the output is gone, such as a closed pipe; the run ends when its input or server does
		}
	}

	private static void flush(OutputStream buffered) throws IOException {
		synchronized (buffered) {
			buffered.flush();
		}
	}

}
