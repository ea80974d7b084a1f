package io.tcpecho.bench;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

/**
 * The {@code bench} subcommand.
 */
@Configuration(proxyBeanMethods = false)
@Profile("bench")
class BenchConfiguration {

	@Bean
	BenchRunner benchRunner(BenchProperties properties, ObjectProvider<SslBundles> sslBundles) {
		String bundle = properties.sslBundle();
		return new BenchRunner(properties, (bundle != null && !bundle.isBlank())
				? sslBundles.getObject().getBundle(bundle).createSslContext() : null);
	}

}
