package io.tcpecho.connections;

import io.micrometer.core.instrument.MeterRegistry;
import io.tcpecho.server.EchoServerConnectionFactory;
import io.tcpecho.server.EchoServerProperties;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.integration.ip.tcp.connection.TcpConnectionInterceptorFactoryChain;
import org.springframework.scheduling.TaskScheduler;

/**
 * Tracks the echo server's connections: handlers, meters, health and the connections endpoint.
 */
@Configuration(proxyBeanMethods = false)
@Profile("!client & !bench")
class ConnectionsConfiguration {

	@Bean
	ConnectionRegistry connectionRegistry(EchoServerConnectionFactory echoConnectionFactory,
			MeterRegistry meterRegistry, EchoServerProperties properties) {
		return new ConnectionRegistry(echoConnectionFactory, meterRegistry, properties);
	}

	/**
	 * Wraps each accepted connection in a {@link ConnectionHandler}. The registry is looked up
	 * per connection because it needs the connection factory, which needs this chain.
	 */
	@Bean
	TcpConnectionInterceptorFactoryChain connectionHandlers(ApplicationEventPublisher publisher,
			ObjectProvider<ConnectionRegistry> connectionRegistry, EchoServerProperties properties) {
		TcpConnectionInterceptorFactoryChain chain = new TcpConnectionInterceptorFactoryChain();
		chain.setInterceptor(() -> new ConnectionHandler(publisher, connectionRegistry.getObject().meters(),
				properties.framing()));
		return chain;
	}

	@Bean
	IdleConnectionCloser idleConnectionCloser(ConnectionRegistry connectionRegistry, TaskScheduler taskScheduler,
			EchoServerProperties properties) {
		return new IdleConnectionCloser(connectionRegistry, taskScheduler, properties.idleTimeout());
	}

	@Bean
	TcpServerHealthIndicator tcpServerHealthIndicator(EchoServerConnectionFactory echoConnectionFactory,
			ConnectionRegistry connectionRegistry, ConnectionsProperties properties) {
		return new TcpServerHealthIndicator(echoConnectionFactory, connectionRegistry, properties);
	}

	@Bean
	ConnectionsEndpoint connectionsEndpoint(ConnectionRegistry connectionRegistry) {
		return new ConnectionsEndpoint(connectionRegistry);
	}

}
