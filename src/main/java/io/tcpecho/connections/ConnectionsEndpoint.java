package io.tcpecho.connections;

import java.util.Comparator;
import java.util.List;

import io.tcpecho.transport.CloseReason;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.tcpecho.transport.Connection;
import io.tcpecho.transport.TcpInfo;
import io.tcpecho.transport.TlsSession;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

/**
 * {@code /actuator/connections}: the {@code netstat} view of the server, and, where the
 * operator allows it ({@code management.endpoint.connections.access=unrestricted}), a way
 * to close one connection gracefully.
 */
@Endpoint(id = "connections", defaultAccess = Access.READ_ONLY)
class ConnectionsEndpoint {

	private final ConnectionRegistry registry;

	ConnectionsEndpoint(ConnectionRegistry registry) {
		this.registry = registry;
	}

	@ReadOperation
	ConnectionsDescriptor connections() {
		List<ConnectionDescriptor> connections = this.registry.connections()
			.stream()
			.sorted(Comparator.comparing(Connection::openedAt))
			.map(ConnectionDescriptor::of)
			.toList();
		return new ConnectionsDescriptor(connections.size(), connections);
	}

	/** Stops reading from the connection; the line being served is answered, then it closes. */
	@DeleteOperation
	WebEndpointResponse<ConnectionDescriptor> close(@Selector String id) {
		Connection connection = this.registry.connection(id);
		if (connection == null) {
			return new WebEndpointResponse<>(WebEndpointResponse.STATUS_NOT_FOUND);
		}
		connection.closeGracefully(CloseReason.OPERATOR);
		return new WebEndpointResponse<>(ConnectionDescriptor.of(connection), WebEndpointResponse.STATUS_OK);
	}

	record ConnectionsDescriptor(int count, List<ConnectionDescriptor> connections) {
	}

	/**
	 * One connection; {@code peerAddress} and {@code peerPort} are the client's, from the PROXY
	 * protocol header when there is one, and {@code proxy} is then the proxy's own address;
	 * {@code tcpInfo} is read from the kernel as the endpoint is asked, absent on NIO.
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	record ConnectionDescriptor(String protocol, String id, String listener, String peerAddress, int peerPort,
			int localPort, String openedAt, long linesIn, long linesOut, long bytesIn, long bytesOut,
			String lastActivity, long inFlight, @Nullable String proxy, @Nullable List<String> proxyTlvs,
			@Nullable TlsSession tls, @Nullable List<String> faults, @Nullable TcpInfo tcpInfo) {

		static ConnectionDescriptor of(Connection connection) {
			return new ConnectionDescriptor("tcp", connection.id(), connection.listener(), connection.peerAddress(),
					connection.peerPort(), connection.localPort(), connection.openedAt().toString(),
					connection.traffic().linesIn(), connection.traffic().linesOut(), connection.traffic().bytesIn(), connection.traffic().bytesOut(),
					connection.traffic().lastActivity().toString(), connection.traffic().inFlight(), connection.proxy(),
					(connection.proxy() != null) ? connection.proxyTlvs() : null, connection.tls(),
					connection.faults().isEmpty() ? null : connection.faults(), connection.tcpInfo());
		}

	}

}
