package io.tcpecho.server;

import java.time.Duration;

import io.tcpecho.transport.NativeTransport;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the echo server as a whole; each listener's own are {@link ListenerProperties}.
 *
 * @param eventLoops event-loop threads serving the connections of every listener; 0 is one per
 * core (bench/RESULTS.md says why).
 * @param transport the Netty transport of those event loops: auto (epoll where Netty's native
 * library loads, else nio), nio, epoll or io-uring (opt-in: container runtimes' default seccomp
 * profiles often block it). One that cannot load fails the start.
 * @param shutdown how the server drains its connections when it stops.
 */
@ConfigurationProperties("echo.server")
public record EchoServerProperties(
		@DefaultValue("0") int eventLoops,
		@DefaultValue("auto") NativeTransport transport,
		@DefaultValue Shutdown shutdown) {

	/**
	 * The drain on SIGTERM or context close.
	 *
	 * @param timeout deadline of the drain; connections still busy then are closed. Below
	 * Docker's 10 s stop timeout.
	 * @param quietPeriod a connection with nothing in flight is closed once it has been quiet
	 * this long.
	 * @param linger whenever the server closes a connection on its own (drain, idle timeout,
	 * operator, a line over the limit), after its FIN it reads and drops what still arrives for up
	 * to this long, until the client's FIN, so that the close never turns into a reset; 0 closes at
	 * once.
	 */
	public record Shutdown(
			@DefaultValue("8s") Duration timeout,
			@DefaultValue("500ms") Duration quietPeriod,
			@DefaultValue("2s") Duration linger) {
	}

}
