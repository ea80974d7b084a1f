package io.tcpecho;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The client's and the load tool's command lines: defaults shown from the properties records,
 * and only what was given passed on to Spring.
 */
class CommandArgumentsTests {

	@Test
	void helpShowsTheDefaultsOfThePropertiesRecords() {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		CommandArguments.parse("client", new String[] { "--help" }, new PrintStream(out, true), System.err);
		assertThat(out.toString(StandardCharsets.UTF_8)).contains("(default 5s)")
			.contains("(default tcp)")
			.contains("(default 2)")
			.contains("(default: 9877)")
			.contains("(default: localhost)");
		out.reset();
		CommandArguments.parse("bench", new String[] { "--help" }, new PrintStream(out, true), System.err);
		assertThat(out.toString(StandardCharsets.UTF_8)).contains("(default 64B)").contains("(default 10s)");
	}

	@Test
	void passesOnOnlyTheOptionsGivenSoThatAPropertyGivenAsItIsStaysSingle() {
		String[] spring = CommandArguments.parse("client",
				new String[] { "127.0.0.1", "7", "--window=8", "--echo.client.reply-timeout=2s" }, System.out,
				System.err)
			.springArgs();
		assertThat(spring).contains("--echo.client.host=127.0.0.1", "--echo.client.port=7", "--echo.client.window=8",
				"--echo.client.reply-timeout=2s");
		assertThat(spring).filteredOn((arg) -> arg.startsWith("--echo.client.reply-timeout=")).hasSize(1);
		assertThat(spring).noneMatch((arg) -> arg.startsWith("--echo.client.connect-timeout="));
	}

}
