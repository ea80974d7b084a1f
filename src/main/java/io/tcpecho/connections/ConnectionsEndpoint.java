package io.tcpecho.connections;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import io.tcpecho.transport.CloseReason;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.tcpecho.transport.Connection;
import io.tcpecho.transport.TcpInfo;
import io.tcpecho.transport.TlsSession;
import io.tcpecho.udp.DatagramFlow;
import io.tcpecho.udp.DatagramListener;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

/**
 * {@code /actuator/connections}: the {@code netstat} view of the server, TCP connections and UDP flows, and, where the
 * operator allows it ({@code management.endpoint.connections.access=unrestricted}), a way
 * to close one connection gracefully.
 */
@Endpoint(id = "connections", defaultAccess = Access.READ_ONLY)
class ConnectionsEndpoint {

	private final ConnectionRegistry registry;

	private final List<DatagramListener> datagramListeners;

	ConnectionsEndpoint(ConnectionRegistry registry, List<DatagramListener> datagramListeners) {
		this.registry = registry;
		this.datagramListeners = List.copyOf(datagramListeners);
	}

	/** The TCP connections by age, then the UDP flows, least recently seen first. */
	@ReadOperation
	ConnectionsDescriptor connections() {
		List<Object> entries = new ArrayList<>();
		this.registry.connections()
			.stream()
			.sorted(Comparator.comparing(Connection::openedAt))
			.map(ConnectionDescriptor::of)
			.forEach(entries::add);
		this.datagramListeners.forEach((listener) -> listener.flows()
			.forEach((flow) -> entries.add(FlowDescriptor.of(flow, listener.port()))));
		return new ConnectionsDescriptor(entries.size(), entries);
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

	record ConnectionsDescriptor(int count, List<Object> connections) {
	}

	/** One UDP flow: a peer address and port seen within the listener's flow timeout. */
	record FlowDescriptor(String protocol, String id, String listener, String peerAddress, int peerPort, int localPort,
			String firstSeen, String lastSeen, long datagramsIn, long datagramsOut, long bytesIn, long bytesOut) {

		static FlowDescriptor of(DatagramFlow flow, int localPort) {
			String peerAddress = flow.peer().getAddress().getHostAddress();
			return new FlowDescriptor("udp", "udp-%s-%s-%d".formatted(flow.listener(), peerAddress, flow.peer().getPort()),
					flow.listener(), peerAddress, flow.peer().getPort(), localPort, flow.firstSeen().toString(),
					flow.lastSeen().toString(), flow.datagramsIn(), flow.datagramsOut(), flow.bytesIn(), flow.bytesOut());
		}

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
