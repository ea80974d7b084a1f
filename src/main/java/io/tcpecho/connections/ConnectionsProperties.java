package io.tcpecho.connections;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of connection tracking.
 *
 * @param zombieGrace how long a handler may outlive its closed connection before the
 * {@code tcpServer} health turns DOWN.
 * @param tcpInfoInterval how often every open connection's TCP_INFO is read for the RTT and
 * retransmit meters (epoll and io_uring); 0 reads it only at close.
 */
@ConfigurationProperties("echo.connections")
public record ConnectionsProperties(@DefaultValue("10s") Duration zombieGrace,
		@DefaultValue("10s") Duration tcpInfoInterval) {
}
