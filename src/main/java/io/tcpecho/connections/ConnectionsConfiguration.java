package io.tcpecho.connections;

import io.micrometer.core.instrument.MeterRegistry;
import io.tcpecho.server.EchoServerProperties;

import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.integration.ip.tcp.connection.AbstractServerConnectionFactory;

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
	ConnectionLog connectionLog(EchoServerProperties properties) {
		return new ConnectionLog(properties.maxPayloadBytes());
	}

	@Bean
	EchoMeters echoMeters(MeterRegistry meterRegistry, ConnectionRegistry connectionRegistry,
			ApplicationAvailability availability, EchoServerProperties properties) {
		return new EchoMeters(meterRegistry, connectionRegistry, availability, properties.maxConnections());
	}

	@Bean
	TcpServerHealthIndicator tcpServerHealthIndicator(AbstractServerConnectionFactory echoConnectionFactory,
			ConnectionRegistry connectionRegistry, ApplicationAvailability availability,
			ConnectionsProperties properties) {
		return new TcpServerHealthIndicator(echoConnectionFactory, connectionRegistry, availability,
				properties.zombieGrace());
	}

	@Bean
	ConnectionsEndpoint connectionsEndpoint(ConnectionRegistry connectionRegistry) {
		return new ConnectionsEndpoint(connectionRegistry);
	}

}
