package io.tcpecho.transport;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.tcpecho.EchoSocket;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;
import org.springframework.integration.ip.tcp.connection.TcpConnectionCloseEvent;
import org.springframework.integration.ip.tcp.connection.TcpConnectionEvent;
import org.springframework.integration.ip.tcp.connection.TcpConnectionInterceptorFactoryChain;
import org.springframework.integration.ip.tcp.connection.TcpConnectionInterceptorSupport;
import org.springframework.integration.ip.tcp.connection.TcpConnectionOpenEvent;
import org.springframework.messaging.Message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Netty connections keep Spring Integration's contract: an interceptor sees every message and
 * reply, and each connection publishes its open and close events under the factory's name.
 */
@SpringBootTest(properties = "echo.server.port=0")
class SpringIntegrationContractTests {

	@Autowired
	NettyServerConnectionFactory factory;

	@Autowired
	Recorder recorder;

	@Test
	void anInterceptorSeesEachMessageAndReplyAndEventsNameTheConnection() throws Exception {
		String id;
		try (EchoSocket socket = new EchoSocket(this.factory.getPort())) {
			assertThat(socket.write("intercepted\r\n").readLineUtf8()).isEqualTo("intercepted");
			id = this.recorder.events.get(0).getConnectionId();
		}
		await().until(() -> this.recorder.events.size() == 2);
		assertThat(this.recorder.events).extracting(Object::getClass)
			.containsExactly(TcpConnectionOpenEvent.class, TcpConnectionCloseEvent.class);
		assertThat(this.recorder.events).allSatisfy((event) -> {
			assertThat(event.getConnectionId()).isEqualTo(id).contains(":" + this.factory.getPort() + ":");
			assertThat(event.getConnectionFactoryName()).isEqualTo("echoConnectionFactory");
		});
		assertThat(this.recorder.messages).extracting((message) -> ((Frames) message.getPayload()).count())
			.containsExactly(1);
		assertThat(this.recorder.replies).hasSize(1);
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Interceptors {

		@Bean
		Recorder recorder() {
			return new Recorder();
		}

		@Bean
		TcpConnectionInterceptorFactoryChain interceptors(Recorder recorder, ApplicationEventPublisher publisher) {
			TcpConnectionInterceptorFactoryChain chain = new TcpConnectionInterceptorFactoryChain();
			chain.setInterceptor(() -> new TcpConnectionInterceptorSupport(publisher) {

				@Override
				public void onMessage(Message<?> message) {
					recorder.messages.add(message);
					super.onMessage(message);
				}

				@Override
				public void send(Message<?> message) {
					recorder.replies.add(message);
					super.send(message);
				}

			});
			return chain;
		}

	}

	static class Recorder {

		final List<TcpConnectionEvent> events = new CopyOnWriteArrayList<>();

		final List<Message<?>> messages = new CopyOnWriteArrayList<>();

		final List<Message<?>> replies = new CopyOnWriteArrayList<>();

		@EventListener
		void on(TcpConnectionEvent event) {
			if (event instanceof TcpConnectionOpenEvent || event instanceof TcpConnectionCloseEvent) {
				this.events.add(event);
			}
		}

	}

}
