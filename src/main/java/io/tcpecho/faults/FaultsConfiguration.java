package io.tcpecho.faults;

import java.util.List;

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
	FaultsEndpoint faultsEndpoint(List<FaultRules> listenerFaults) {
		return new FaultsEndpoint(listenerFaults);
	}

}
