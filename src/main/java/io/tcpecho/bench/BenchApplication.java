package io.tcpecho.bench;

import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.context.ConfigurationPropertiesAutoConfiguration;
import org.springframework.boot.autoconfigure.context.PropertyPlaceholderAutoConfiguration;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Profile;

/**
 * The {@code bench} mode on its own: SSL bundles and the load tool, without the web server,
 * Actuator, Micrometer or the server.
 */
// not a @SpringBootConfiguration, which tests would find; the profile keeps the server's scan out
@Configuration(proxyBeanMethods = false)
@Profile("bench")
@ImportAutoConfiguration({ PropertyPlaceholderAutoConfiguration.class, ConfigurationPropertiesAutoConfiguration.class,
		SslAutoConfiguration.class })
@EnableConfigurationProperties(BenchProperties.class)
@Import(BenchConfiguration.class)
public class BenchApplication {

}
