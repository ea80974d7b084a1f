package io.tcpecho.management;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroups;
import org.springframework.boot.health.autoconfigure.actuate.endpoint.HealthEndpointProperties;
import org.springframework.boot.health.registry.HealthContributorRegistry;
import org.springframework.boot.health.registry.ReactiveHealthContributorRegistry;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

/**
 * What Spring Boot's Actuator lacks here: 404 for every health path that names nothing, and the process's resident memory.
 */
@Configuration(proxyBeanMethods = false)
@Profile("!client & !bench")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
class ManagementConfiguration {

	@Bean
	ResidentMemoryGauge residentMemoryGauge() {
		return new ResidentMemoryGauge();
	}

	/** In place of Boot's own, which backs off for it. */
	@Bean
	HealthPathWebExtension healthPathWebExtension(ReactiveHealthContributorRegistry reactiveHealthContributorRegistry,
			ObjectProvider<HealthContributorRegistry> healthContributorRegistry, HealthEndpointGroups groups,
			HealthEndpointProperties properties) {
		return new HealthPathWebExtension(reactiveHealthContributorRegistry, healthContributorRegistry.getIfAvailable(),
				groups, properties.getLogging().getSlowIndicatorThreshold());
	}

}
