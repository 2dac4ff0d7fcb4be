package io.pedigree;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import org.junit.jupiter.api.Test;

import java.util.stream.Stream;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.codeUnits;
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
                        "io.pedigree.corrections..", "io.pedigree.openlineage..", "io.pedigree.fields..",
                        "io.pedigree.api..", "io.pedigree.web..", "io.pedigree.demo..", "io.pedigree.bench..",
                        "io.pedigree.runtime..")
                .check(CLASSES);
    }

    @Test
    void servicesKnowNothingOfHttpOrViews() {
        noClasses().that().resideInAnyPackage("io.pedigree.lineage..", "io.pedigree.auth..", "io.pedigree.audit..",
                        "io.pedigree.registry..", "io.pedigree.governance..", "io.pedigree.runtime..",
                        "io.pedigree.corrections..", "io.pedigree.openlineage..", "io.pedigree.fields..",
                        "io.pedigree.observability..", "io.pedigree.notify..")
                .should().dependOnClassesThat().resideInAnyPackage("io.pedigree.api..", "io.pedigree.web..",
                        "io.javalin..")
                .check(CLASSES);
    }

    @Test
    void theAuditLogStandsBelowEveryServiceThatWritesToIt() {
        noClasses().that().resideInAPackage("io.pedigree.audit..")
                .should().dependOnClassesThat().resideInAnyPackage("io.pedigree.lineage..", "io.pedigree.auth..",
                        "io.pedigree.registry..", "io.pedigree.governance..", "io.pedigree.corrections..",
                        "io.pedigree.openlineage..")
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
                .should().dependOnClassesThat().resideInAnyPackage("org.neo4j..")
                .check(CLASSES);
    }

    @Test
    void httpAndViewsGoThroughServicesNeverTheStore() {
        // Bookmarks and health included: they reach the store through io.pedigree.runtime.
        noClasses().that().resideInAnyPackage("io.pedigree.api..", "io.pedigree.web..")
                .should().dependOnClassesThat().resideInAPackage("io.pedigree.store..")
                .check(CLASSES);
    }

    @Test
    void publicRecordsCarryNoDriverTypes() {
        noClasses().that().areRecords().and().arePublic()
                .should().dependOnClassesThat().resideInAPackage("org.neo4j.driver..")
                .check(CLASSES);
    }

    @Test
    void publicSignaturesOutsideTheStoreCarryNoDriverTypes() {
        // A transaction is the one exception: services hand it to each other to read, decide and write at once.
        codeUnits().that().arePublic().and().areDeclaredInClassesThat().arePublic()
                .and().areDeclaredInClassesThat().resideOutsideOfPackages("io.pedigree.store..", "io.pedigree.bench..")
                .should(new ArchCondition<JavaCodeUnit>("not name a Neo4j driver type but TransactionContext") {
                    @Override
                    public void check(JavaCodeUnit unit, ConditionEvents events) {
                        Stream.concat(Stream.of(unit.getReturnType()), unit.getParameterTypes().stream())
                                .flatMap(t -> t.getAllInvolvedRawTypes().stream())
                                .filter(t -> t.getPackageName().startsWith("org.neo4j.driver"))
                                .filter(t -> !t.getName().equals("org.neo4j.driver.TransactionContext"))
                                .forEach(t -> events.add(SimpleConditionEvent.violated(unit,
                                        unit.getFullName() + " names " + t.getName())));
                    }
                })
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
