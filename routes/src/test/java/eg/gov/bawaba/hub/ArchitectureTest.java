package eg.gov.bawaba.hub;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** Keeps the module direction routes → connectors → mappings that docs/architecture.md describes. */
@AnalyzeClasses(packages = "eg.gov.bawaba", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule mappingsNeverUseCamelOrSpring = noClasses()
            .that().resideInAPackage("eg.gov.bawaba.mappings..")
            .should().dependOnClassesThat().resideInAnyPackage("org.apache.camel..", "org.springframework..")
            .because("the canonical model and mapping engine must be usable and testable without the hub");

    @ArchTest
    static final ArchRule mappingsDependOnNoOtherModule = noClasses()
            .that().resideInAPackage("eg.gov.bawaba.mappings..")
            .should().dependOnClassesThat().resideInAnyPackage("eg.gov.bawaba.connectors..", "eg.gov.bawaba.hub..");

    @ArchTest
    static final ArchRule connectorsNeverReachIntoTheHub = noClasses()
            .that().resideInAPackage("eg.gov.bawaba.connectors..")
            .should().dependOnClassesThat().resideInAPackage("eg.gov.bawaba.hub..");

    @ArchTest
    static final ArchRule onlyMappingsUseItsInternals = noClasses()
            .that().resideOutsideOfPackage("eg.gov.bawaba.mappings..")
            .should().dependOnClassesThat().resideInAPackage("eg.gov.bawaba.mappings.internal..")
            .because("other modules use the mapping engine through its public API only");
}
