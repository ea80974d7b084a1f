package io.tcpecho.faults;

import java.util.List;

import io.tcpecho.transport.NettyServerConnectionFactory;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

/**
 * Faults an operator plays on purpose, at runtime, through Actuator.
 */
@Configuration(proxyBeanMethods = false)
@Profile("!client & !bench")
class FaultsConfiguration {

	@Bean
	FaultsEndpoint faultsEndpoint(List<NettyServerConnectionFactory> echoConnectionFactories) {
		return new FaultsEndpoint(echoConnectionFactories);
	}

}
