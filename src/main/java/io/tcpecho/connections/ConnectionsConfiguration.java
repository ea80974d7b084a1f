package io.tcpecho.connections;

import io.tcpecho.server.EchoServerProperties;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

/**
 * Watches the echo server's connections through Spring Integration's connection events.
 */
@Configuration(proxyBeanMethods = false)
@Profile("!client")
class ConnectionsConfiguration {

	@Bean
	ConnectionEventLogger connectionEventLogger(EchoServerProperties properties) {
		return new ConnectionEventLogger(properties);
	}

}
