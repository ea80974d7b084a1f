package io.tcpecho.connections;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * The kernel's ListenOverflows, read from {@code /proc/net/netstat} or a file of its format.
 */
class ListenOverflowsTests {

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
		assertThat(ListenOverflows.read(netstat)).isEqualTo(42);
	}

	@Test
	void saysMinusOneWhereTheFileOrTheFieldIsMissing() throws Exception {
		assertThat(ListenOverflows.read(this.directory.resolve("absent"))).isEqualTo(-1);
		Path other = Files.writeString(this.directory.resolve("netstat"), "TcpExt: SyncookiesSent\nTcpExt: 0\n");
		assertThat(ListenOverflows.read(other)).isEqualTo(-1);
	}

	@Test
	void readsThisMachinesCounterOnLinux() {
		assumeThat(Files.isReadable(ListenOverflows.NETSTAT)).as("Linux's /proc/net/netstat").isTrue();
		assertThat(ListenOverflows.read(ListenOverflows.NETSTAT)).isGreaterThanOrEqualTo(0);
	}

}
