package io.tcpecho.client;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

/**
 * The UDP client ({@code --protocol=udp}).
 */
@Configuration(proxyBeanMethods = false)
@Profile("client")
@ConditionalOnProperty(name = "echo.client.protocol", havingValue = "udp")
class DatagramClientConfiguration {

	@Bean
	DatagramClient lineClient(EchoClientProperties properties) {
		return new DatagramClient(properties);
	}

}
