package io.tcpecho.drain;

import java.time.Duration;
import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import io.tcpecho.connections.ConnectionRegistry;
import io.tcpecho.server.EchoServerProperties;
import io.tcpecho.transport.Listener;
import io.tcpecho.udp.DatagramListener;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.http.client.ReactorResourceFactory;

/**
 * Graceful shutdown of the echo server.
 */
@Configuration(proxyBeanMethods = false)
@Profile("!client & !bench")
class DrainConfiguration {

	/**
	 * Event loops of Actuator's web server that belong to this context alone. Boot's default
	 * shares JVM-global loops, which the first context to close disposes for every other
	 * context in the JVM (tests run several). The short quiet period lets the process exit
	 * promptly once the drain is done, instead of idling 2 s.
	 */
	@Bean
	ReactorResourceFactory reactorResourceFactory() {
		ReactorResourceFactory factory = new ReactorResourceFactory();
		factory.setUseGlobalResources(false);
		factory.setShutdownQuietPeriod(Duration.ofMillis(100));
		return factory;
	}

	@Bean
	ConnectionDrain connectionDrain(List<Listener> echoConnectionFactories, List<DatagramListener> datagramListeners,
			ConnectionRegistry connectionRegistry, ApplicationEventPublisher publisher, EchoServerProperties properties,
			MeterRegistry meterRegistry) {
		return new ConnectionDrain(echoConnectionFactories, datagramListeners, connectionRegistry, publisher, properties.shutdown(),
				meterRegistry);
	}

}
