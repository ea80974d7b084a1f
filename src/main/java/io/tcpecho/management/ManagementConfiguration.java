package io.tcpecho.management;

import org.springframework.boot.actuate.autoconfigure.endpoint.web.WebEndpointProperties;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

/**
 * What Spring Boot's Actuator lacks here: a guard on health paths, and the process's resident memory.
 */
@Configuration(proxyBeanMethods = false)
@Profile("!client & !bench")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
class ManagementConfiguration {

	@Bean
	ResidentMemoryGauge residentMemoryGauge() {
		return new ResidentMemoryGauge();
	}

	@Bean
	HealthPathGuard healthPathGuard(WebEndpointProperties endpoints) {
		return new HealthPathGuard(endpoints.getBasePath());
	}

}
