package io.tcpecho.server;

import io.tcpecho.transport.ConnectionListener;
import io.tcpecho.transport.NettyServerConnectionFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
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

	/** A bean, as Spring Integration expects of a serializer it shares between connections. */
	@Bean
	AbstractByteArraySerializer echoSerializer(EchoServerProperties properties) {
		return properties.framing().serializer(properties.maxPayloadBytes());
	}

	@Bean
	NettyServerConnectionFactory echoConnectionFactory(EchoServerProperties properties,
			AbstractByteArraySerializer echoSerializer, ObjectProvider<ConnectionListener> listeners,
			ObjectProvider<TcpConnectionInterceptorFactoryChain> interceptors) {
		NettyServerConnectionFactory factory = new NettyServerConnectionFactory(properties.port(),
				properties.framing(), properties.maxPayloadBytes(), listeners.orderedStream().toList());
		if (properties.bindAddress() != null) {
			factory.setLocalAddress(properties.bindAddress());
		}
		factory.setBacklog(properties.backlog());
		factory.setSoTcpNoDelay(properties.tcpNoDelay());
		factory.setSoKeepAlive(properties.keepAlive());
		factory.setMaxConnections(properties.maxConnections());
		factory.setIdleTimeout(properties.idleTimeout());
		factory.setWriteTimeout(properties.writeTimeout());
		factory.setEventLoops(properties.eventLoops());
		factory.setSerializer(echoSerializer);
		factory.setDeserializer(echoSerializer);
		interceptors.ifAvailable(factory::setInterceptorFactoryChain);
		return factory;
	}

	@Bean
	IntegrationFlow echoFlow(NettyServerConnectionFactory echoConnectionFactory) {
		return IntegrationFlow.from(Tcp.inboundGateway(echoConnectionFactory).id("echoInboundGateway"))
			.handle(new EchoHandler(), (endpoint) -> endpoint.id("echoHandler"))
			.get();
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
	ListenerLog echoListenerLog(EchoServerProperties properties) {
		return new ListenerLog(properties);
	}

}
