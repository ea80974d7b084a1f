package io.tcpecho.server;

import java.util.Arrays;

import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.IdentityCipherSuiteFilter;
import io.netty.handler.ssl.JdkSslContext;
import io.netty.handler.ssl.SslContext;
import io.tcpecho.transport.NettyServerConnectionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.ssl.SslOptions;

/**
 * A listener's TLS: Netty's context built from a Spring Boot SSL bundle, and built again when the
 * bundle reloads, so new connections get the new certificate while open ones keep theirs.
 */
final class ListenerTls {

	private static final Logger logger = LoggerFactory.getLogger(ListenerTls.class);

	private ListenerTls() {
	}

	static void apply(EchoListeners.Listener listener, NettyServerConnectionFactory factory, SslBundles bundles) {
		ListenerProperties.Ssl ssl = listener.properties().ssl();
		String name = ssl.bundle();
		factory.setSslContext(context(bundles.getBundle(name), ssl.clientAuth()));
		bundles.addBundleUpdateHandler(name, (bundle) -> {
			factory.setSslContext(context(bundle, ssl.clientAuth()));
			logger.info("Listener '{}' reloaded SSL bundle '{}': new connections get its certificate",
					listener.name(), name);
		});
	}

	static SslContext context(SslBundle bundle, ListenerProperties.ClientAuth clientAuth) {
		SslOptions options = bundle.getOptions();
		String[] ciphers = options.getCiphers();
		return new JdkSslContext(bundle.createSslContext(), false, (ciphers != null) ? Arrays.asList(ciphers) : null,
				IdentityCipherSuiteFilter.INSTANCE, ApplicationProtocolConfig.DISABLED, switch (clientAuth) {
					case NONE -> ClientAuth.NONE;
					case WANT -> ClientAuth.OPTIONAL;
					case NEED -> ClientAuth.REQUIRE;
				}, options.getEnabledProtocols(), false);
	}

}
