package io.tcpecho.client;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.integration.channel.QueueChannel;
import org.springframework.integration.dsl.IntegrationFlow;
import org.springframework.integration.ip.tcp.connection.DefaultTcpNetSSLSocketFactorySupport;
import org.springframework.integration.ip.tcp.connection.TcpNetClientConnectionFactory;
import org.springframework.integration.ip.tcp.outbound.TcpOutboundGateway;
import org.springframework.integration.ip.tcp.serializer.AbstractByteArraySerializer;

/**
 * The client: an {@link EchoGateway} in front of a TCP outbound gateway on one long-lived connection.
 */
@Configuration(proxyBeanMethods = false)
@Profile("client")
class EchoClientConfiguration {

	static final String GREETINGS = "echoClientGreetings";

	@Bean
	AbstractByteArraySerializer echoClientSerializer(EchoClientProperties properties) {
		return properties.framing().serializer(Math.toIntExact(properties.maxLineLength().toBytes()));
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
		factory.setSerializer(echoClientSerializer);
		factory.setDeserializer(echoClientSerializer);
		return factory;
	}

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
	ServerCloseWatcher serverCloseWatcher(TcpNetClientConnectionFactory echoClientConnectionFactory,
			TcpOutboundGateway echoOutboundGateway) {
		return new ServerCloseWatcher(echoClientConnectionFactory, echoOutboundGateway);
	}

	@Bean
	LineClient lineClient(EchoGateway echoGateway, ServerCloseWatcher serverCloseWatcher,
			EchoClientProperties properties, TcpNetClientConnectionFactory echoClientConnectionFactory,
			@Qualifier(GREETINGS) QueueChannel echoClientGreetings) {
		return new LineClient(echoGateway, serverCloseWatcher, properties,
				new GreetingReader(echoClientConnectionFactory, echoClientGreetings, properties));
	}

}
