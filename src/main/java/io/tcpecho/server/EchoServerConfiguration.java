package io.tcpecho.server;

import io.tcpecho.faults.ListenerFaults;
import io.tcpecho.transport.EventLoops;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Profile;
import org.springframework.integration.dsl.IntegrationFlow;
import org.springframework.integration.support.IdGenerators;
import org.springframework.util.IdGenerator;

/**
 * The echo server: every listener's inbound gateway sends to one flow whose reply is each line itself.
 */
@Configuration(proxyBeanMethods = false)
@Profile("!client & !bench")
@Import(EchoListenerRegistrar.class)
class EchoServerConfiguration {

	/** The channel every listener's gateway sends its requests to. */
	static final String ECHO_REQUESTS = "echoRequests";

	/** One set of event loops for every listener, closed after they stop. */
	@Bean
	EventLoops echoEventLoops(EchoServerProperties properties) {
		try {
			return new EventLoops(properties.eventLoops(), properties.transport());
		}
		catch (IllegalStateException ex) {
			throw new IllegalStateException("echo.server.transport=" + properties.transport().tag() + ": "
					+ ex.getMessage() + " (auto or nio run everywhere)", ex);
		}
	}

	@Bean
	IntegrationFlow echoFlow() {
		return IntegrationFlow.from(ECHO_REQUESTS).handle(new EchoHandler(), (endpoint) -> endpoint.id("echoHandler")).get();
	}

	/**
	 * Message ids from a counter, not from one {@link java.util.Random} that every event loop
	 * contends for; unique in the process, which is all an echo needs: messages are never stored.
	 */
	@Bean
	IdGenerator messageIdGenerator() {
		return new IdGenerators.SimpleIncrementingIdGenerator();
	}

	@Bean
	ListenerLog echoListenerLog(ObjectProvider<ListenerFaults> listenerFaults) {
		return new ListenerLog(listenerFaults);
	}

}
