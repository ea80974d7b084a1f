package io.tcpecho.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Benchmark payloads and their byte-for-byte check.
 */
class PayloadsTests {

	private final Payloads payloads = new Payloads(100);

	@Test
	void payloadsHoldNoLineTerminatorAndDifferBySequenceAndConnection() {
		byte[] a = line(1, 7);
		assertThat(a).hasSize(100).doesNotContain((byte) '\r', (byte) '\n');
		assertThat(a).isNotEqualTo(line(1, 8)).isNotEqualTo(line(2, 7));
	}

	@Test
	void matchesOnlyTheExactBytes() {
		ByteBuf echoed = Unpooled.buffer();
		echoed.writeZero(10); // the line at offset 10 of what was read
		this.payloads.write(echoed, 3, 42);
		assertThat(this.payloads.matches(echoed, 10, 100, 3, 42)).isTrue();
		assertThat(this.payloads.matches(echoed, 10, 100, 3, 43)).isFalse();
		assertThat(this.payloads.matches(echoed, 10, 99, 3, 42)).isFalse();
		assertThat(this.payloads.matches(echoed, 9, 100, 3, 42)).isFalse();
		echoed.setByte(27, echoed.getByte(27) ^ 1);
		assertThat(this.payloads.matches(echoed, 10, 100, 3, 42)).isFalse();
	}

	private byte[] line(int connection, long sequence) {
		ByteBuf out = Unpooled.buffer();
		this.payloads.write(out, connection, sequence);
		return ByteBufUtil.getBytes(out);
	}

}
