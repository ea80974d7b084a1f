package io.tcpecho.bench;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Benchmark payloads and their byte-for-byte check.
 */
class PayloadsTests {

	@Test
	void payloadsHoldNoLineTerminatorAndDifferBySequenceAndConnection() {
		byte[] a = new byte[100];
		byte[] b = new byte[100];
		byte[] c = new byte[100];
		Payloads.fill(a, 1, 7);
		Payloads.fill(b, 1, 8);
		Payloads.fill(c, 2, 7);
		assertThat(a).doesNotContain((byte) '\r', (byte) '\n');
		assertThat(a).isNotEqualTo(b).isNotEqualTo(c);
	}

	@Test
	void matchesOnlyTheExactBytes() {
		byte[] line = new byte[64];
		Payloads.fill(line, 3, 42);
		byte[] echoed = new byte[80]; // the line at offset 10 of what was read
		System.arraycopy(line, 0, echoed, 10, 64);
		byte[] scratch = new byte[64];
		assertThat(Payloads.matches(echoed, 10, 64, scratch, 3, 42)).isTrue();
		assertThat(Payloads.matches(echoed, 10, 64, scratch, 3, 43)).isFalse();
		assertThat(Payloads.matches(echoed, 10, 63, scratch, 3, 42)).isFalse();
		assertThat(Payloads.matches(echoed, 9, 64, scratch, 3, 42)).isFalse();
		echoed[27] ^= 1;
		assertThat(Payloads.matches(echoed, 10, 64, scratch, 3, 42)).isFalse();
	}

}
