package io.tcpecho.connections;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of connection tracking.
 *
 * @param zombieGrace how long a handler may outlive its closed connection before the
 * {@code tcpServer} health turns DOWN.
 */
@ConfigurationProperties("echo.connections")
public record ConnectionsProperties(@DefaultValue("10s") Duration zombieGrace) {
}
