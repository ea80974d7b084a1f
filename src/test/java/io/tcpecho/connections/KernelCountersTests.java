package io.tcpecho.connections;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * The kernel's counters of drops, read from {@code /proc/net} files or files of their formats.
 */
class KernelCountersTests {

	@TempDir
	Path directory;

	@Test
	void readsTheListenOverflowsOfTcpExt() throws Exception {
		Path netstat = Files.writeString(this.directory.resolve("netstat"), """
				TcpExt: SyncookiesSent SyncookiesRecv ListenOverflows ListenDrops
				TcpExt: 0 0 42 43
				IpExt: InNoRoutes ListenOverflows
				IpExt: 0 7
				""");
		assertThat(new KernelCounters.Source(netstat, "TcpExt:", "ListenOverflows").read()).isEqualTo(42);
	}

	@Test
	void sumsTheUdpReceiveBufferErrorsOfIpv4AndIpv6() throws Exception {
		Path snmp = Files.writeString(this.directory.resolve("snmp"), """
				Tcp: RtoAlgorithm InErrs
				Tcp: 1 9
				Udp: InDatagrams NoPorts InErrors OutDatagrams RcvbufErrors SndbufErrors
				Udp: 100 2 5 100 5 0
				""");
		Path snmp6 = Files.writeString(this.directory.resolve("snmp6"), """
				Udp6InDatagrams                 	10
				Udp6RcvbufErrors                	3
				""");
		KernelCounters counters = new KernelCounters("m", "d", List.of(new KernelCounters.Source(snmp, "Udp:", "RcvbufErrors"),
				new KernelCounters.Source(snmp6, null, "Udp6RcvbufErrors")));
		assertThat(counters.read()).isEqualTo(8);
	}

	@Test
	void saysMinusOneWhereTheFileOrTheFieldIsMissing() throws Exception {
		assertThat(new KernelCounters.Source(this.directory.resolve("absent"), "TcpExt:", "ListenOverflows").read())
			.isEqualTo(-1);
		Path other = Files.writeString(this.directory.resolve("netstat"), "TcpExt: SyncookiesSent\nTcpExt: 0\n");
		assertThat(new KernelCounters.Source(other, "TcpExt:", "ListenOverflows").read()).isEqualTo(-1);
	}

	@Test
	void readsThisMachinesCountersOnLinux() {
		assumeThat(Files.isReadable(Path.of("/proc/net/netstat"))).as("Linux's /proc/net").isTrue();
		assertThat(KernelCounters.LISTEN_OVERFLOWS.read()).isGreaterThanOrEqualTo(0);
		assertThat(KernelCounters.UDP_RECEIVE_BUFFER_ERRORS.read()).isGreaterThanOrEqualTo(0);
	}

}
