package io.tcpecho.connections;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One warning per period, with the count of what it stands for.
 */
class WarningLimiterTests {

	private final AtomicLong now = new AtomicLong(1_000_000_000L);

	private final WarningLimiter limiter = new WarningLimiter(Duration.ofMillis(300), this.now::get);

	@Test
	void warnsForTheFirstEventThenCountsUntilThePeriodEnds() {
		assertThat(this.limiter.event()).isEqualTo(1);
		assertThat(this.limiter.event()).isZero();
		this.now.addAndGet(Duration.ofMillis(299).toNanos());
		assertThat(this.limiter.event()).isZero();
		this.now.addAndGet(Duration.ofMillis(1).toNanos());
		assertThat(this.limiter.event()).isEqualTo(3);
		assertThat(this.limiter.event()).isZero();
	}

}
