package io.tcpecho.connections;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One warning per period, with the count of what it stands for.
 */
class WarningLimiterTests {

	@Test
	void warnsForTheFirstEventThenCountsUntilThePeriodEnds() throws InterruptedException {
		WarningLimiter limiter = new WarningLimiter(Duration.ofMillis(300));
		assertThat(limiter.event()).isEqualTo(1);
		assertThat(limiter.event()).isZero();
		assertThat(limiter.event()).isZero();
		Thread.sleep(350);
		assertThat(limiter.event()).isEqualTo(3);
	}

}
