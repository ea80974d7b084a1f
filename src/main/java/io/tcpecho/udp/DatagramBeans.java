package io.tcpecho.udp;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.BeanRegistry;
import org.springframework.integration.ip.udp.inbound.UnicastReceivingChannelAdapter;
import org.springframework.integration.ip.udp.outbound.UnicastSendingMessageHandler;

/**
 * Registers one UDP listener's beans: the listener, and Spring Integration's receiving and sending
 * adapters it builds, as beans so that Spring Integration initializes, starts and stops them.
 */
public final class DatagramBeans {

	private DatagramBeans() {
	}

	/**
	 * @param name the listener bean's name; the adapters' add "-receiver" and "-sender"
	 * @param echoFlow the name of the echo flow's request channel
	 */
	public static void register(BeanRegistry registry, String name, DatagramSettings settings, String echoFlow) {
		registry.registerBean(name, DatagramListener.class, (spec) -> spec.supplier((context) -> new DatagramListener(
				settings, echoFlow, context.bean(MeterRegistry.class))));
		registry.registerBean(name + "-receiver", UnicastReceivingChannelAdapter.class,
				(spec) -> spec.supplier((context) -> context.bean(name, DatagramListener.class).receiver()));
		registry.registerBean(name + "-sender", UnicastSendingMessageHandler.class,
				(spec) -> spec.supplier((context) -> context.bean(name, DatagramListener.class).sender()));
	}

}
