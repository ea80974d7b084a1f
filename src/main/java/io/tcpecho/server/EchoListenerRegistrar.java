package io.tcpecho.server;

import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import io.tcpecho.faults.DatagramFaults;
import io.tcpecho.faults.ListenerFaults;
import io.tcpecho.transport.ConnectionListener;
import io.tcpecho.transport.ConnectionPolicy;
import io.tcpecho.transport.EventLoops;
import io.tcpecho.transport.NettyServerConnectionFactory;
import io.tcpecho.udp.DatagramBeans;
import io.tcpecho.udp.DatagramListener;
import io.tcpecho.udp.DatagramSettings;

import org.springframework.beans.factory.BeanRegistrar;
import org.springframework.beans.factory.BeanRegistry;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.core.env.Environment;
import org.springframework.integration.ip.tcp.inbound.TcpInboundGateway;
import org.springframework.integration.ip.tcp.connection.TcpConnectionInterceptorFactoryChain;
import org.springframework.integration.ip.tcp.serializer.AbstractByteArraySerializer;

/**
 * Registers, for each listener, its serializer, its connection factory and its inbound gateway on
 * the one echo flow: beans, because how many there are is known only from the configuration.
 */
class EchoListenerRegistrar implements BeanRegistrar {

	@Override
	public void register(BeanRegistry registry, Environment environment) {
		EchoListeners listeners = EchoListeners.bind(environment);
		registry.registerBean("echoListeners", EchoListeners.class, (spec) -> spec.supplier((context) -> listeners));
		for (EchoListeners.Listener listener : listeners.all()) {
			if (listener.isUdp()) {
				registerDatagrams(registry, listener);
				continue;
			}
			ListenerProperties properties = listener.properties();
			String serializer = listener.beanName("echoSerializer");
			String factory = listener.beanName("echoConnectionFactory");
			String faults = listener.beanName("echoFaults");
			// a bean, as Spring Integration expects of a serializer it shares between connections
			registry.registerBean(serializer, AbstractByteArraySerializer.class,
					(spec) -> spec.supplier((context) -> properties.framing().serializer(properties.maxPayloadBytes())));
			registry.registerBean(faults, ListenerFaults.class,
					(spec) -> spec.supplier((context) -> new ListenerFaults(listener.name(), properties.framing(),
							properties.faults(), listener.prefix(), context.bean(MeterRegistry.class))));
			registry.registerBean(factory, NettyServerConnectionFactory.class, (spec) -> {
				spec.supplier((context) -> connectionFactory(listener, environment, context.bean(EventLoops.class),
						context.bean(serializer, AbstractByteArraySerializer.class),
						context.bean(faults, ListenerFaults.class), context));
				if (listener.name().equals(EchoListeners.DEFAULT)) {
					// what a single-listener application injects
					spec.primary();
				}
			});
			// the gateway sends to the echo flow's channel itself: a flow here would add a bridge per message
			registry.registerBean(listener.beanName("echoInboundGateway"), TcpInboundGateway.class,
					(spec) -> spec.supplier((context) -> {
						TcpInboundGateway gateway = new TcpInboundGateway();
						gateway.setConnectionFactory(context.bean(factory, NettyServerConnectionFactory.class));
						gateway.setRequestChannelName(EchoServerConfiguration.ECHO_REQUESTS);
						return gateway;
					}));
		}
	}

	/** A UDP listener on the same echo flow, and the faults that decide how each echo leaves. */
	private static void registerDatagrams(BeanRegistry registry, EchoListeners.Listener listener) {
		ListenerProperties properties = listener.properties();
		String name = listener.beanName("echoDatagramListener");
		DatagramBeans.register(registry, name, new DatagramSettings(listener.name(), listener.prefix(), properties.port(),
				properties.bindAddress(), Math.toIntExact(properties.maxDatagramSize().toBytes()),
				(properties.receiveBufferSize() != null) ? Math.toIntExact(properties.receiveBufferSize().toBytes()) : 0,
				properties.flowTimeout(), properties.maxFlows()), EchoServerConfiguration.ECHO_REQUESTS);
		registry.registerBean(listener.beanName("echoFaults"), DatagramFaults.class,
				(spec) -> spec.supplier((context) -> {
					DatagramListener datagrams = context.bean(name, DatagramListener.class);
					DatagramFaults faults = new DatagramFaults(listener.name(), datagrams::port, properties.faults(),
							listener.prefix(), context.bean(MeterRegistry.class));
					datagrams.customize(faults);
					return faults;
				}));
	}

	private static NettyServerConnectionFactory connectionFactory(EchoListeners.Listener listener,
			Environment environment, EventLoops eventLoops, AbstractByteArraySerializer serializer,
			ListenerFaults faults, BeanRegistry.SupplierContext context) {
		ListenerProperties properties = listener.properties();
		NettyServerConnectionFactory factory = new NettyServerConnectionFactory(listener.name(), eventLoops,
				properties.port(), properties.framing(), properties.maxPayloadBytes(),
				new ConnectionPolicy(properties.maxConnections(), properties.idleTimeout(), properties.writeTimeout(),
						context.bean(EchoServerProperties.class).shutdown().linger(),
						properties.proxyProtocol()),
				context.beanProvider(ConnectionListener.class).orderedStream().toList());
		if (properties.bindAddress() != null) {
			factory.setLocalAddress(properties.bindAddress());
		}
		factory.setBacklog(properties.backlog());
		factory.setSoTcpNoDelay(properties.tcpNoDelay());
		factory.setSoKeepAlive(properties.keepAlive());
		if (properties.ssl().enabled()) {
			ListenerTls.apply(listener, factory, context.bean(SslBundles.class));
		}
		if (properties.greeting() != null && !properties.greeting().isEmpty()) {
			try {
				factory.setGreeting(new Greeting(properties.greeting(), listener.name(), environment::getProperty));
			}
			catch (IllegalArgumentException ex) {
				// the message says it all; as a cause, it would hide the property's name from the start's report
				throw new IllegalArgumentException(listener.prefix() + ".greeting: " + ex.getMessage());
			}
		}
		factory.setCustomizers(List.of(faults));
		factory.setSerializer(serializer);
		factory.setDeserializer(serializer);
		context.beanProvider(TcpConnectionInterceptorFactoryChain.class).ifAvailable(factory::setInterceptorFactoryChain);
		return factory;
	}

}
