package io.tcpecho;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The features (server, transport, connections, drain, client, bench) use only each other's public
 * types, with no cycle between them; their documentation is generated from the same model.
 */
class ModuleStructureTests {

	private final ApplicationModules modules = ApplicationModules.of(TcpEchoApplication.class);

	@Test
	void featuresUseOnlyEachOthersPublicTypesAndDependOnEachOtherWithoutCycles() {
		this.modules.verify();
	}

	@Test
	void theTransportKnowsNothingOfTheEcho() {
		assertThat(this.modules.getModuleByName("transport").orElseThrow().getDirectDependencies(this.modules).stream())
			.isEmpty();
	}

	@Test
	void writesTheModuleDocumentation() throws Exception {
		new Documenter(this.modules).writeDocumentation();
		// Spring Modulith's default output folder in a Maven build
		Path components = Path.of("target", "spring-modulith-docs", "components.puml");
		assertThat(Files.readString(components)).contains("Transport").contains("Connections");
	}

}
