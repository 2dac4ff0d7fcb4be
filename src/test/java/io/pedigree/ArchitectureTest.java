package io.pedigree;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/** Keeps the arrows one way: http and views → services → store. */
class ArchitectureTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.pedigree");

    @Test
    void packagesDoNotDependOnEachOtherInCycles() {
        slices().matching("io.pedigree.(*)..").should().beFreeOfCycles().check(CLASSES);
    }

    @Test
    void theStoreKnowsNothingOfServicesOrHttp() {
        noClasses().that().resideInAPackage("io.pedigree.store..")
                .should().dependOnClassesThat().resideInAnyPackage("io.pedigree.lineage..", "io.pedigree.auth..",
                        "io.pedigree.audit..", "io.pedigree.registry..", "io.pedigree.governance..",
                        "io.pedigree.api..", "io.pedigree.web..", "io.pedigree.demo..", "io.pedigree.bench..")
                .check(CLASSES);
    }

    @Test
    void servicesKnowNothingOfHttpOrViews() {
        noClasses().that().resideInAnyPackage("io.pedigree.lineage..", "io.pedigree.auth..", "io.pedigree.audit..",
                        "io.pedigree.registry..", "io.pedigree.governance..")
                .should().dependOnClassesThat().resideInAnyPackage("io.pedigree.api..", "io.pedigree.web..",
                        "io.javalin..")
                .check(CLASSES);
    }

    @Test
    void theAuditLogStandsBelowEveryServiceThatWritesToIt() {
        noClasses().that().resideInAPackage("io.pedigree.audit..")
                .should().dependOnClassesThat().resideInAnyPackage("io.pedigree.lineage..", "io.pedigree.auth..",
                        "io.pedigree.registry..", "io.pedigree.governance..")
                .check(CLASSES);
    }

    @Test
    void theRegistryKnowsNothingOfGovernance() {
        noClasses().that().resideInAPackage("io.pedigree.registry..")
                .should().dependOnClassesThat().resideInAPackage("io.pedigree.governance..")
                .check(CLASSES);
    }

    @Test
    void httpAndViewsDoNotTalkToNeo4jDirectly() {
        noClasses().that().resideInAnyPackage("io.pedigree.api..", "io.pedigree.web..")
                .should().dependOnClassesThat().resideInAnyPackage("org.neo4j.driver..", "org.neo4j.cypherdsl..")
                .check(CLASSES);
    }

    @Test
    void blobStoresKnowNothingOfTheGraphOrHttp() {
        // Only the artifact service joins bytes to the graph; the stores themselves just keep bytes.
        noClasses().that().resideInAPackage("io.pedigree.artifacts..")
                .and().doNotHaveSimpleName("Artifacts")
                .should().dependOnClassesThat().resideInAnyPackage("io.pedigree.store..", "io.pedigree.lineage..",
                        "io.pedigree.audit..", "io.pedigree.auth..", "io.pedigree.api..", "io.pedigree.web..",
                        "io.javalin..", "org.neo4j..")
                .check(CLASSES);
        noClasses().that().resideInAPackage("io.pedigree.artifacts..")
                .should().dependOnClassesThat().resideInAnyPackage("io.pedigree.api..", "io.pedigree.web..",
                        "io.javalin..")
                .check(CLASSES);
    }

    @Test
    void onlyTheCompositionRootBuildsTheApplication() {
        noClasses().that().resideOutsideOfPackages("io.pedigree", "io.pedigree.bench..")
                .should().dependOnClassesThat().haveFullyQualifiedName("io.pedigree.App")
                .check(CLASSES);
    }
}
