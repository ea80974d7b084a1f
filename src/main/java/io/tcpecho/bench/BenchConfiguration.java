package io.tcpecho.bench;

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
	BenchRunner benchRunner(BenchProperties properties) {
		return new BenchRunner(properties);
	}

}
