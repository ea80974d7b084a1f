package io.tcpecho.connections;

import java.util.List;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.MeterRegistry;
import io.tcpecho.server.EchoListeners;
import io.tcpecho.transport.Listener;
import io.tcpecho.udp.DatagramListener;

import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

/**
 * Tracks the echo server's connections: registry, log, meters, health and the connections endpoint.
 */
@Configuration(proxyBeanMethods = false)
@Profile("!client & !bench")
class ConnectionsConfiguration {

	@Bean
	ConnectionRegistry connectionRegistry() {
		return new ConnectionRegistry();
	}

	@Bean
	ConnectionLog connectionLog(EchoListeners echoListeners) {
		return new ConnectionLog(echoListeners.all()
			.stream()
			.collect(Collectors.toMap(EchoListeners.Listener::name,
					(listener) -> listener.properties().maxPayloadBytes())));
	}

	@Bean
	EchoMeters echoMeters(MeterRegistry meterRegistry, ConnectionRegistry connectionRegistry,
			ApplicationAvailability availability) {
		KernelCounters.LISTEN_OVERFLOWS.register(meterRegistry);
		KernelCounters.UDP_RECEIVE_BUFFER_ERRORS.register(meterRegistry);
		return new EchoMeters(meterRegistry, connectionRegistry, availability);
	}

	@Bean
	TcpInfoSampler tcpInfoSampler(ConnectionRegistry connectionRegistry, EchoMeters echoMeters,
			ConnectionsProperties properties) {
		return new TcpInfoSampler(connectionRegistry, echoMeters, properties.tcpInfoInterval());
	}

	@Bean
	TcpServerHealthIndicator tcpServerHealthIndicator(List<Listener> listeners,
			List<DatagramListener> datagramListeners, ConnectionRegistry connectionRegistry,
			ApplicationAvailability availability, ConnectionsProperties properties) {
		return new TcpServerHealthIndicator(listeners, datagramListeners, connectionRegistry, availability,
				properties.zombieGrace());
	}

	@Bean
	ConnectionsEndpoint connectionsEndpoint(ConnectionRegistry connectionRegistry,
			List<DatagramListener> datagramListeners) {
		return new ConnectionsEndpoint(connectionRegistry, datagramListeners);
	}

}
