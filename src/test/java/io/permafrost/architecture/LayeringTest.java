package io.permafrost.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import io.permafrost.cli.Main;
import org.junit.jupiter.api.BeforeAll;

import java.net.URI;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The package rules of the architecture page, enforced so that a shortcut fails the build. */
class LayeringTest {
    private static JavaClasses classes;

    @BeforeAll
    static void load() {
        // Import the production classes by their own location, so test classes never count whatever the
        // build directory is called (ArchUnit's DO_NOT_INCLUDE_TESTS only knows target/test-classes).
        classes = new ClassFileImporter().importPath(Path.of(productionClassesLocation()));
    }

    private static URI productionClassesLocation() {
        try {
            return Main.class.getProtectionDomain().getCodeSource().getLocation().toURI();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void onlyHttpUsesJetty() {
        noClasses().that().resideOutsideOfPackage("io.permafrost.http..")
                .should().dependOnClassesThat().resideInAPackage("org.eclipse.jetty..")
                .check(classes);
    }

    @Test
    void glacierDependsOnNothingOfOurs() {
        noClasses().that().resideInAPackage("io.permafrost.glacier..")
                .should().dependOnClassesThat().resideInAnyPackage("io.permafrost.http..", "io.permafrost.auth..",
                        "io.permafrost.policy..", "io.permafrost.vault..", "io.permafrost.store..", "io.permafrost.cli..")
                .check(classes);
    }

    @Test
    void policyUsesOnlyGlacier() {
        noClasses().that().resideInAPackage("io.permafrost.policy..")
                .should().dependOnClassesThat().resideInAnyPackage("io.permafrost.http..", "io.permafrost.auth..",
                        "io.permafrost.vault..", "io.permafrost.store..", "io.permafrost.cli..")
                .check(classes);
    }

    @Test
    void authUsesOnlyGlacier() {
        noClasses().that().resideInAPackage("io.permafrost.auth..")
                .should().dependOnClassesThat().resideInAnyPackage("io.permafrost.http..", "io.permafrost.policy..",
                        "io.permafrost.vault..", "io.permafrost.store..", "io.permafrost.cli..")
                .check(classes);
    }

    @Test
    void domainAndStoreKnowNothingOfHttpOrCli() {
        noClasses().that().resideInAnyPackage("io.permafrost.vault..", "io.permafrost.store..")
                .should().dependOnClassesThat().resideInAnyPackage("io.permafrost.http..", "io.permafrost.cli..",
                        "io.permafrost.auth..")
                .check(classes);
    }

    @Test
    void storeKnowsNoPoliciesOrDomain() {
        noClasses().that().resideInAPackage("io.permafrost.store..")
                .should().dependOnClassesThat().resideInAnyPackage("io.permafrost.policy..", "io.permafrost.vault..")
                .check(classes);
    }

    @Test
    void domainUsesTheStoreSpiNotAnImplementation() {
        noClasses().that().resideInAPackage("io.permafrost.vault..")
                .should().dependOnClassesThat().resideInAPackage("io.permafrost.store.embedded..")
                .check(classes);
    }

    @Test
    void notificationDeliveryUsesOnlyGlacier() {
        noClasses().that().resideInAPackage("io.permafrost.notify..")
                .should().dependOnClassesThat().resideInAnyPackage("io.permafrost.http..", "io.permafrost.auth..",
                        "io.permafrost.policy..", "io.permafrost.vault..", "io.permafrost.store..", "io.permafrost.cli..")
                .check(classes);
    }
}
