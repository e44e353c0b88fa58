package io.gristmill.cli;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The module boundaries of DESIGN.md, checked on the compiled classes of every module: a module's {@code internal}
 * packages are its own, the coordinator and the worker talk only through messages, and the job API depends on
 * nothing of ours.
 */
class ModuleBoundariesTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.gristmill");
    }

    @Test
    void only_the_coordinator_uses_its_internal_packages() {
        noClasses().that().resideOutsideOfPackage("io.gristmill.coordinator..")
                .should().dependOnClassesThat().resideInAPackage("io.gristmill.coordinator.internal..")
                .check(classes);
    }

    @Test
    void only_the_worker_uses_its_internal_packages() {
        noClasses().that().resideOutsideOfPackage("io.gristmill.worker..")
                .should().dependOnClassesThat().resideInAPackage("io.gristmill.worker.internal..")
                .check(classes);
    }

    @Test
    void coordinator_and_worker_know_each_other_only_through_messages() {
        noClasses().that().resideInAPackage("io.gristmill.coordinator..")
                .should().dependOnClassesThat().resideInAPackage("io.gristmill.worker..").check(classes);
        noClasses().that().resideInAPackage("io.gristmill.worker..")
                .should().dependOnClassesThat().resideInAPackage("io.gristmill.coordinator..").check(classes);
    }

    @Test
    void the_java_client_depends_on_nothing_of_ours() {
        noClasses().that().resideInAPackage("io.gristmill.client..")
                .should().dependOnClassesThat().resideOutsideOfPackages("io.gristmill.client..", "java..", "javax..",
                        "com.fasterxml.jackson..")
                .check(classes);
    }

    @Test
    void the_job_api_and_the_cluster_layer_depend_on_no_role() {
        noClasses().that().resideInAPackage("io.gristmill.api..")
                .should().dependOnClassesThat().resideOutsideOfPackages("io.gristmill.api..", "java..", "javax..")
                .check(classes);
        noClasses().that().resideInAPackage("io.gristmill.cluster..")
                .should().dependOnClassesThat()
                .resideInAnyPackage("io.gristmill.coordinator..", "io.gristmill.worker..", "io.gristmill.cli..")
                .check(classes);
    }
}
