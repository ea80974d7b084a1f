package io.tcpecho.client;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.integration.channel.QueueChannel;
import org.springframework.integration.dsl.IntegrationFlow;
import org.springframework.integration.ip.dsl.Tcp;
import org.springframework.integration.ip.tcp.outbound.TcpSendingMessageHandler;
import org.springframework.integration.ip.tcp.connection.DefaultTcpNetSSLSocketFactorySupport;
import org.springframework.integration.ip.tcp.connection.TcpNetClientConnectionFactory;
import org.springframework.integration.ip.tcp.outbound.TcpOutboundGateway;
import org.springframework.integration.ip.tcp.serializer.AbstractByteArraySerializer;
import org.springframework.integration.ip.tcp.serializer.AbstractPooledBufferByteArraySerializer;
import org.springframework.messaging.MessageHandler;

/**
 * The TCP client: one long-lived connection, and either an outbound gateway (interactive) or the
 * collaborating sending and receiving adapters (batch) on it.
 */
@Configuration(proxyBeanMethods = false)
@Profile("client")
@ConditionalOnExpression("'${echo.client.protocol:tcp}' != 'udp'")
class EchoClientConfiguration {

	static final String GREETINGS = "echoClientGreetings";

	@Bean
	AbstractByteArraySerializer echoClientSerializer(EchoClientProperties properties) {
		AbstractByteArraySerializer serializer = properties.framing()
			.serializer(Math.toIntExact(properties.maxLineLength().toBytes()));
		// without a pool the delimiter serializers allocate max-line-length bytes for every echo read
		if (serializer instanceof AbstractPooledBufferByteArraySerializer pooled) {
			pooled.setPoolSize(1);
		}
		return serializer;
	}

	@Bean
	TcpNetClientConnectionFactory echoClientConnectionFactory(EchoClientProperties properties,
			AbstractByteArraySerializer echoClientSerializer, ObjectProvider<SslBundles> sslBundles) {
		TcpNetClientConnectionFactory factory = new TcpNetClientConnectionFactory(properties.host(),
				properties.port());
		String bundle = properties.sslBundle();
		if (bundle != null && !bundle.isBlank()) {
			SslBundle ssl = sslBundles.getObject().getBundle(bundle);
			factory.setTcpSocketFactorySupport(new DefaultTcpNetSSLSocketFactorySupport(ssl::createSslContext));
			factory.setTcpSocketSupport(new HandshakingSocketSupport());
		}
		factory.setConnectTimeout(Math.toIntExact(Math.max(1, properties.connectTimeout().toSeconds())));
		factory.setSoTcpNoDelay(true);
		factory.setTcpNetConnectionSupport(new BufferedConnectionSupport());
		factory.setSerializer(new LinesSerializer(echoClientSerializer));
		factory.setDeserializer(echoClientSerializer);
		factory.setMapper(new EchoMessageMapper());
		return factory;
	}

	@Bean
	ServerCloseWatcher serverCloseWatcher(TcpNetClientConnectionFactory echoClientConnectionFactory,
			ObjectProvider<TcpOutboundGateway> echoOutboundGateway) {
		return new ServerCloseWatcher(echoClientConnectionFactory, echoOutboundGateway.getIfAvailable());
	}

	/** One line at a time through the outbound gateway. */
	@Configuration(proxyBeanMethods = false)
	@Profile("client") // the server's component scan finds nested configurations on their own too
	@ConditionalOnExpression("'${echo.client.mode:interactive}' != 'batch'")
	static class Interactive {

		@Bean
		TcpOutboundGateway echoOutboundGateway(TcpNetClientConnectionFactory echoClientConnectionFactory,
				EchoClientProperties properties) {
			TcpOutboundGateway gateway = new TcpOutboundGateway();
			gateway.setConnectionFactory(echoClientConnectionFactory);
			gateway.setRemoteTimeout(properties.replyTimeout().toMillis());
			// blocking sockets read the reply before the close on one thread: no race to wait out
			gateway.setSecondChanceDelay(0);
			// what the server sends unasked, such as its greeting, instead of an error
			gateway.setUnsolicitedMessageChannelName(GREETINGS);
			return gateway;
		}

		@Bean(GREETINGS)
		QueueChannel echoClientGreetings() {
			return new QueueChannel();
		}

		@Bean
		IntegrationFlow echoClientFlow(TcpOutboundGateway echoOutboundGateway) {
			return IntegrationFlow.from(EchoGateway.REQUESTS)
				.handle(echoOutboundGateway, (endpoint) -> endpoint.id("echoClientEndpoint"))
				.get();
		}

		@Bean
		InteractiveClient lineClient(EchoGateway echoGateway, ServerCloseWatcher serverCloseWatcher,
				TcpNetClientConnectionFactory echoClientConnectionFactory, EchoClientProperties properties,
				@Qualifier(GREETINGS) QueueChannel echoClientGreetings) {
			return new InteractiveClient(echoGateway, serverCloseWatcher, echoClientConnectionFactory, properties,
					new GreetingReader(echoClientGreetings, properties));
		}

	}

	/** A window of lines in flight: the sending handler and the receiving adapter share the connection. */
	@Configuration(proxyBeanMethods = false)
	@Profile("client")
	@ConditionalOnProperty(name = "echo.client.mode", havingValue = "batch")
	static class Batch {

		@Bean
		TcpSendingMessageHandler echoClientSender(TcpNetClientConnectionFactory echoClientConnectionFactory) {
			TcpSendingMessageHandler sender = new TcpSendingMessageHandler();
			sender.setConnectionFactory(echoClientConnectionFactory);
			return sender;
		}

		@Bean
		BatchClient lineClient(TcpNetClientConnectionFactory echoClientConnectionFactory,
				TcpSendingMessageHandler echoClientSender, ServerCloseWatcher serverCloseWatcher,
				EchoClientProperties properties) {
			return new BatchClient(echoClientConnectionFactory, echoClientSender, serverCloseWatcher, properties);
		}

		@Bean
		IntegrationFlow echoClientEchoes(TcpNetClientConnectionFactory echoClientConnectionFactory,
				BatchClient lineClient) {
			return IntegrationFlow.from(Tcp.inboundAdapter(echoClientConnectionFactory).id("echoClientReceiver"))
				.handle((MessageHandler) (message) -> lineClient.received((byte[]) message.getPayload()),
						(endpoint) -> endpoint.id("echoClientPrinter"))
				.get();
		}

	}

}
