package io.tcpecho.server;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.thread.Threading;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.core.env.Environment;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.integration.dsl.IntegrationFlow;
import org.springframework.integration.ip.dsl.Tcp;
import org.springframework.integration.ip.tcp.connection.TcpConnectionInterceptorFactoryChain;
import org.springframework.integration.ip.tcp.connection.TcpNetServerConnectionFactory;
import org.springframework.integration.ip.tcp.serializer.AbstractByteArraySerializer;
import org.springframework.integration.ip.tcp.serializer.AbstractPooledBufferByteArraySerializer;

/**
 * The echo server: a TCP inbound gateway whose flow returns each line as its reply.
 */
@Configuration(proxyBeanMethods = false)
@Profile("!client & !bench")
class EchoServerConfiguration {

	/** A bean, so that Spring Integration can publish its deserialization events. */
	@Bean
	AbstractByteArraySerializer echoSerializer(EchoServerProperties properties) {
		AbstractByteArraySerializer serializer = properties.framing().serializer(properties.maxPayloadBytes());
		if (serializer instanceof AbstractPooledBufferByteArraySerializer pooled) {
			// for lines not yet whole in a connection's read buffer (long, or still arriving):
			// reuse max-line-length buffers instead of allocating one per line; a buffer is taken
			// only while such a line is being read, so one per connection suffices
			pooled.setPoolSize(properties.maxConnections());
		}
		return serializer;
	}

	/**
	 * Blocking sockets, one reader thread per connection: each line is echoed before the
	 * next is read, so replies keep the order of the requests (NIO does not promise that).
	 */
	@Bean
	EchoServerConnectionFactory echoConnectionFactory(EchoServerProperties properties,
			AbstractByteArraySerializer echoSerializer,
			ObjectProvider<TcpConnectionInterceptorFactoryChain> connectionInterceptors, Environment environment) {
		EchoServerConnectionFactory factory = new EchoServerConnectionFactory(properties.port());
		factory.setLocalAddress(properties.bindAddress());
		factory.setBacklog(properties.backlog());
		factory.setSoTcpNoDelay(properties.tcpNoDelay());
		factory.setSoKeepAlive(properties.keepAlive());
		// no read timeout: it costs two system calls per read; IdleConnectionCloser sweeps instead
		factory.setLookupHost(false);
		factory.setTcpNetConnectionSupport(new EchoNetConnection.Support(properties.framing()));
		factory.setMapper(new EchoMessageMapper());
		// a thread per connection, named for thread dumps, and none left idling to hold the JVM
		// open after a failed bind (the factory's default cached pool keeps one for a minute);
		// virtual threads where Boot's spring.threads.virtual.enabled is on and Java is 21+
		SimpleAsyncTaskExecutor executor = new SimpleAsyncTaskExecutor("echo-");
		executor.setVirtualThreads(Threading.VIRTUAL.isActive(environment));
		factory.setTaskExecutor(executor);
		factory.setSerializer(echoSerializer);
		factory.setDeserializer(echoSerializer);
		connectionInterceptors.ifAvailable(factory::setInterceptorFactoryChain);
		return factory;
	}

	@Bean
	IntegrationFlow echoFlow(TcpNetServerConnectionFactory echoConnectionFactory) {
		return IntegrationFlow.from(Tcp.inboundGateway(echoConnectionFactory).id("echoInboundGateway"))
			.handle(new EchoHandler(), (endpoint) -> endpoint.id("echoHandler"))
			.get();
	}

	@Bean
	EchoListenerStartup echoListenerStartup(TcpNetServerConnectionFactory echoConnectionFactory,
			EchoServerProperties properties) {
		return new EchoListenerStartup(echoConnectionFactory, properties);
	}

}
