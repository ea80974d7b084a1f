package io.tcpecho.management;

import org.springframework.boot.actuate.autoconfigure.endpoint.web.WebEndpointProperties;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

/**
 * Hardening of the Actuator web server that Spring Boot does not do itself.
 */
@Configuration(proxyBeanMethods = false)
@Profile("!client & !bench")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
class ManagementConfiguration {

	@Bean
	HealthPathGuard healthPathGuard(WebEndpointProperties endpoints) {
		return new HealthPathGuard(endpoints.getBasePath());
	}

}
