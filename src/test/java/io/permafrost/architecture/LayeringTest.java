package io.permafrost.architecture;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.AccessTarget.CodeUnitAccessTarget;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import io.permafrost.cli.Main;
import io.permafrost.vault.AccessGate;
import io.permafrost.vault.CallContext;
import org.junit.jupiter.api.BeforeAll;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
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
    void complianceClockDependsOnNothingOfOurs() {
        noClasses().that().resideInAPackage("io.permafrost.clock..")
                .should().dependOnClassesThat().resideInAnyPackage("io.permafrost.http..", "io.permafrost.auth..",
                        "io.permafrost.policy..", "io.permafrost.vault..", "io.permafrost.store..",
                        "io.permafrost.cli..", "io.permafrost.glacier..")
                .check(classes);
    }

    /** The audit trail is below the stores (their transactions append its records): it may know only glacier. */
    @Test
    void consoleSessionSpiDependsOnNothingOfOurs() {
        // The console (http) and the stores both use it; it may use neither, nor anything else of ours.
        noClasses().that().resideInAPackage("io.permafrost.session..")
                .should().dependOnClassesThat().resideInAnyPackage("io.permafrost.http..", "io.permafrost.store..",
                        "io.permafrost.vault..", "io.permafrost.auth..", "io.permafrost.cli..", "io.permafrost.audit..")
                .check(classes);
    }

    /** The intake is what the server and the migrate/import commands share: the commands use it, never the reverse. */
    @Test
    void intakeAndMigrateDoNotDependOnTheCommandLine() {
        noClasses().that().resideInAnyPackage("io.permafrost.intake..", "io.permafrost.migrate..")
                .should().dependOnClassesThat().resideInAPackage("io.permafrost.cli..")
                .check(classes);
    }

    @Test
    void auditUsesOnlyGlacier() {
        noClasses().that().resideInAPackage("io.permafrost.audit..")
                .should().dependOnClassesThat().resideInAnyPackage("io.permafrost.http..", "io.permafrost.auth..",
                        "io.permafrost.policy..", "io.permafrost.vault..", "io.permafrost.store..", "io.permafrost.cli..",
                        "io.permafrost.clock..")
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
    void operatorIntakeNeverGoesThroughTheApiLayer() {
        // The operator channel is no part of the Glacier API: it neither uses nor is used by the HTTP layer.
        noClasses().that().resideInAPackage("io.permafrost.intake..")
                .should().dependOnClassesThat().resideInAnyPackage("io.permafrost.http..", "io.permafrost.auth..")
                .check(classes);
        noClasses().that().resideInAnyPackage("io.permafrost.http..", "io.permafrost.vault..", "io.permafrost.store..")
                .should().dependOnClassesThat().resideInAPackage("io.permafrost.intake..")
                .check(classes);
    }

    @Test
    void storeKnowsNoPoliciesOrDomain() {
        noClasses().that().resideInAPackage("io.permafrost.store..")
                .should().dependOnClassesThat().resideInAnyPackage("io.permafrost.policy..", "io.permafrost.vault..")
                .check(classes);
    }

    @Test
    void evidenceReadsTheStoreSpiAndSignsWithTheAuditKeyOnly() {
        noClasses().that().resideInAPackage("io.permafrost.evidence..")
                .should().dependOnClassesThat().resideInAnyPackage("io.permafrost.http..", "io.permafrost.cli..",
                        "io.permafrost.vault..", "io.permafrost.store.embedded..", "io.permafrost.store.cluster..")
                .check(classes);
        noClasses().that().resideInAPackage("io.permafrost.audit..")
                .should().dependOnClassesThat().resideInAnyPackage("io.permafrost.http..", "io.permafrost.cli..",
                        "io.permafrost.vault..", "io.permafrost.store..", "io.permafrost.evidence..")
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

    @Test
    void httpKnowsTheDomainNotTheStore() {
        noClasses().that().resideInAPackage("io.permafrost.http..")
                .should().dependOnClassesThat().resideInAPackage("io.permafrost.store..")
                .check(classes);
    }

    /**
     * The gate by construction, half one: a handler reaches state (a vault class holding a store) only
     * through a method that takes the request's CallContext, so it cannot act without saying who asks.
     */
    @Test
    void httpReachesStatefulDomainClassesOnlyWithACallContext() {
        classes().that().resideInAPackage("io.permafrost.http..")
                .should(new ArchCondition<JavaClass>("call stateful vault classes only through CallContext methods") {
                    @Override
                    public void check(JavaClass javaClass, ConditionEvents events) {
                        List<JavaAccess<? extends CodeUnitAccessTarget>> accesses = new ArrayList<>();
                        accesses.addAll(javaClass.getMethodCallsFromSelf());
                        accesses.addAll(javaClass.getMethodReferencesFromSelf());
                        for (JavaAccess<? extends CodeUnitAccessTarget> access : accesses) {
                            JavaClass owner = access.getTargetOwner();
                            boolean stateful = owner.getPackageName().startsWith("io.permafrost.vault")
                                    && owner.getAllFields().stream().anyMatch(f ->
                                    f.getRawType().getPackageName().startsWith("io.permafrost.store"));
                            if (stateful && !takesCallContext(access.getTarget().getRawParameterTypes())) {
                                events.add(SimpleConditionEvent.violated(access, access.getDescription()
                                        + " reaches a stateful vault class without a CallContext"));
                            }
                        }
                    }
                })
                .check(classes);
    }

    /**
     * Half two: every domain method that takes a CallContext asks the AccessGate (itself or through a
     * helper of its own class) before it can return. With half one, no operation can skip the gate.
     */
    @Test
    void everyDomainMethodTakingACallContextGoesThroughTheGate() {
        methods().that().areDeclaredInClassesThat().resideInAPackage("io.permafrost.vault..")
                .and().areDeclaredInClassesThat().doNotHaveFullyQualifiedName(AccessGate.class.getName())
                .and(new DescribedPredicate<JavaMethod>("take a CallContext") {
                    @Override
                    public boolean test(JavaMethod method) {
                        return takesCallContext(method.getRawParameterTypes());
                    }
                })
                .should(new ArchCondition<JavaMethod>("call AccessGate.authorizeVault or authorizeAccount") {
                    @Override
                    public void check(JavaMethod method, ConditionEvents events) {
                        if (!reachesTheGate(method)) {
                            events.add(SimpleConditionEvent.violated(method, method.getFullName()
                                    + " takes a CallContext but never asks the AccessGate"));
                        }
                    }
                })
                .check(classes);
    }

    private static boolean takesCallContext(List<JavaClass> parameterTypes) {
        return parameterTypes.stream().anyMatch(t -> t.isEquivalentTo(CallContext.class));
    }

    /** Follows calls into the method's own class (private helpers) until one asks the gate. */
    private static boolean reachesTheGate(JavaMethod start) {
        Deque<JavaCodeUnit> pending = new ArrayDeque<>(List.of(start));
        Set<JavaCodeUnit> seen = new HashSet<>();
        while (!pending.isEmpty()) {
            JavaCodeUnit unit = pending.pop();
            if (!seen.add(unit)) {
                continue;
            }
            for (var call : unit.getMethodCallsFromSelf()) {
                JavaClass owner = call.getTargetOwner();
                String name = call.getTarget().getName();
                if (owner.isEquivalentTo(AccessGate.class)
                        && (name.equals("authorizeVault") || name.equals("authorizeAccount"))) {
                    return true;
                }
                if (owner.equals(start.getOwner())) {
                    call.getTarget().resolveMember().ifPresent(pending::push);
                }
            }
        }
        return false;
    }
}
