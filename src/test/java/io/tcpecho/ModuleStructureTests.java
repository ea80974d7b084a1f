package io.tcpecho;

import java.util.Set;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.tcpecho.transport.CloseReason;
import io.tcpecho.transport.Connection;
import io.tcpecho.transport.ConnectionCustomizer;
import io.tcpecho.transport.Frames;
import io.tcpecho.transport.Framing;
import org.junit.jupiter.api.Test;

import org.springframework.modulith.core.ApplicationModules;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The features (server, transport, udp, connections, drain, faults, client, bench) use only each other's
 * public types, with no cycle between them; the transport knows none of them.
 */
class ModuleStructureTests {

	private final ApplicationModules modules = ApplicationModules.of(TcpEchoApplication.class);

	private final JavaClasses classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("io.tcpecho");

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
	void faultsReachTheTransportOnlyThroughItsExtensionPoint() {
		noClasses().that()
			.resideInAPackage("io.tcpecho.faults")
			.should()
			.dependOnClassesThat(DescribedPredicate.describe("transport types other than "
					+ "the extension point and what it hands over",
					(type) -> type.getPackageName().equals("io.tcpecho.transport")
							&& !Set.of(ConnectionCustomizer.class, Connection.class, CloseReason.class,
									Framing.class, Frames.class)
								.stream()
								.anyMatch(type::isEquivalentTo)))
			.check(this.classes);
	}

	@Test
	void onlyTheFaultsPackagePlaysFaults() {
		noClasses().that()
			.resideOutsideOfPackages("io.tcpecho.faults", "io.tcpecho.server")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("io.tcpecho.faults")
			.check(this.classes);
	}

}
