package io.tcpecho.server;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.integration.dsl.IntegrationFlow;
import org.springframework.integration.ip.dsl.Tcp;
import org.springframework.integration.ip.tcp.connection.TcpConnectionInterceptorFactoryChain;
import org.springframework.integration.ip.tcp.serializer.AbstractByteArraySerializer;
import org.springframework.integration.support.IdGenerators;
import org.springframework.util.IdGenerator;

/**
 * The echo server: a TCP inbound gateway whose flow returns each line as its reply.
 */
@Configuration(proxyBeanMethods = false)
@Profile("!client & !bench")
class EchoServerConfiguration {

	/** A bean, so that Spring Integration can publish its deserialization events. */
	@Bean
	AbstractByteArraySerializer echoSerializer(EchoServerProperties properties) {
		return properties.framing().serializer(properties.maxPayloadBytes());
	}

	/**
	 * Connections served by event loops: each line is echoed before the next is looked at, so
	 * replies keep the order of the requests.
	 */
	@Bean
	EchoServerConnectionFactory echoConnectionFactory(EchoServerProperties properties,
			AbstractByteArraySerializer echoSerializer,
			ObjectProvider<TcpConnectionInterceptorFactoryChain> connectionInterceptors) {
		EchoServerConnectionFactory factory = new EchoServerConnectionFactory(properties.port(), properties.framing());
		factory.setLocalAddress(properties.bindAddress());
		factory.setBacklog(properties.backlog());
		factory.setSoTcpNoDelay(properties.tcpNoDelay());
		factory.setSoKeepAlive(properties.keepAlive());
		factory.setLookupHost(false);
		factory.setMapper(new EchoMessageMapper());
		// binds on a thread of its own, and keeps none idling to hold the JVM open after a
		// failed bind (the factory's default cached pool keeps one for a minute)
		factory.setTaskExecutor(new SimpleAsyncTaskExecutor("echo-bind-"));
		factory.setSerializer(echoSerializer);
		factory.setDeserializer(echoSerializer);
		connectionInterceptors.ifAvailable(factory::setInterceptorFactoryChain);
		return factory;
	}

	@Bean
	IntegrationFlow echoFlow(EchoServerConnectionFactory echoConnectionFactory) {
		return IntegrationFlow.from(Tcp.inboundGateway(echoConnectionFactory).id("echoInboundGateway"))
			.handle(new EchoHandler(), (endpoint) -> endpoint.id("echoHandler"))
			.get();
	}

	/**
	 * Message ids from a counter. Every echo builds three messages (the line, the gateway's
	 * request and its reply), and the default id is 16 bytes from one {@link java.util.Random}
	 * that every event loop contends for: 3.7% of their CPU at 16 connections ping-pong (JFR).
	 * The ids stay unique in the process, which is all an echo needs: messages are never stored.
	 */
	@Bean
	IdGenerator messageIdGenerator() {
		return new IdGenerators.SimpleIncrementingIdGenerator();
	}

	@Bean
	EchoListenerStartup echoListenerStartup(EchoServerConnectionFactory echoConnectionFactory,
			EchoServerProperties properties) {
		return new EchoListenerStartup(echoConnectionFactory, properties);
	}

}
