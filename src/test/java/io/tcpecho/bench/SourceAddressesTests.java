package io.tcpecho.bench;

import java.net.InetAddress;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The load tool's source addresses: ranges over the last byte, lists, and none.
 */
class SourceAddressesTests {

	@Test
	void aRangeAndAListAreTakenInTurn() throws Exception {
		SourceAddresses sources = SourceAddresses.parse("127.0.0.2-127.0.0.4, 127.0.1.9");
		assertThat(sources.size()).isEqualTo(4);
		assertThat(sources.of(0)).isEqualTo(InetAddress.getByName("127.0.0.2"));
		assertThat(sources.of(2)).isEqualTo(InetAddress.getByName("127.0.0.4"));
		assertThat(sources.of(3)).isEqualTo(InetAddress.getByName("127.0.1.9"));
		assertThat(sources.of(4)).isEqualTo(InetAddress.getByName("127.0.0.2"));
	}

	@Test
	void noneLetsTheKernelChoose() {
		assertThat(SourceAddresses.parse(null).of(7)).isNull();
		assertThat(SourceAddresses.parse(" ").of(0)).isNull();
	}

	@Test
	void aRangeOverMoreThanTheLastByteIsRefusedWithAnExample() {
		assertThatIllegalArgumentException().isThrownBy(() -> SourceAddresses.parse("127.0.0.2-127.0.1.9"))
			.withMessageContaining("127.0.0.2-127.0.0.9");
	}

}
