package io.tcpecho.client;

import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.context.ConfigurationPropertiesAutoConfiguration;
import org.springframework.boot.autoconfigure.context.PropertyPlaceholderAutoConfiguration;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.autoconfigure.task.TaskSchedulingAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.integration.autoconfigure.IntegrationAutoConfiguration;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Profile;
import org.springframework.integration.annotation.IntegrationComponentScan;

/**
 * The {@code client} mode on its own: Spring Integration, SSL bundles and the client, without the
 * web server, Actuator, Micrometer or the server that a full start would bring, so it starts fast.
 */
// not a @SpringBootConfiguration, which tests would find; the profile keeps the server's scan out
@Configuration(proxyBeanMethods = false)
@Profile("client")
@ImportAutoConfiguration({ PropertyPlaceholderAutoConfiguration.class, ConfigurationPropertiesAutoConfiguration.class,
		SslAutoConfiguration.class, TaskSchedulingAutoConfiguration.class, IntegrationAutoConfiguration.class })
@EnableConfigurationProperties(EchoClientProperties.class)
@IntegrationComponentScan(basePackageClasses = EchoGateway.class)
@Import({ EchoClientConfiguration.class, DatagramClientConfiguration.class })
public class ClientApplication {

}
