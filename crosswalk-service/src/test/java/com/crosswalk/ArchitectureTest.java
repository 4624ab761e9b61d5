package com.crosswalk;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;

import com.crosswalk.erp.connector.ErpConnector;
import com.crosswalk.erp.connector.ErpConnectorProvider;
import java.util.List;
import org.springframework.stereotype.Controller;

/** The boundaries of architecture.md, held by the compiler's output rather than by good intentions. */
class ArchitectureTest {

    private static JavaClasses service;

    @BeforeAll
    static void importClasses() {
        // without the classes Spring AOT generates at package time (Name__BeanDefinitions, …): they wire every
        // module together by design, and a later test run on the same target/classes would see them
        service = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(location -> !location.contains("__"))
                .importPackages("com.crosswalk");
    }

    private static JavaClasses serviceOnly() {
        return service.that(com.tngtech.archunit.base.DescribedPredicate.describe("in the service",
                c -> !c.getPackageName().startsWith("com.crosswalk.acumatica")
                        && !c.getPackageName().startsWith("com.crosswalk.bench")));
    }

    @Test
    void featurePackagesHaveNoCycles() {
        slices().matching("com.crosswalk.(*)..").namingSlices("$1")
                .should().beFreeOfCycles()
                .check(serviceOnly());
    }

    @Test
    void onlyTheAcumaticaConnectorKnowsAcumatica() {
        noClasses().that().resideInAPackage("com.crosswalk.erp..")
                .and().resideOutsideOfPackage("com.crosswalk.erp.acumatica..")
                .should().dependOnClassesThat().resideInAnyPackage("com.crosswalk.erp.acumatica..", "com.crosswalk.acumatica..")
                .check(serviceOnly());
        noClasses().that().resideOutsideOfPackage("com.crosswalk.erp.acumatica..")
                .should().dependOnClassesThat().resideInAPackage("com.crosswalk.acumatica.client..")
                .check(serviceOnly());
    }

    @Test
    void recordsAndPermissionsDoNotDependOnTheErpToolOrThePages() {
        noClasses().that().resideInAnyPackage("com.crosswalk.directory..", "com.crosswalk.projects..",
                        "com.crosswalk.commitments..", "com.crosswalk.audit..")
                .should().dependOnClassesThat().resideInAnyPackage("com.crosswalk.erp..", "com.crosswalk.web..",
                        "com.crosswalk.demo..", "com.crosswalk.cli..")
                .check(serviceOnly());
    }

    @Test
    void sharedAndAuditDependOnNoFeaturePackage() {
        noClasses().that().resideInAPackage("com.crosswalk.shared..")
                .should().dependOnClassesThat().resideInAnyPackage("com.crosswalk.directory..", "com.crosswalk.projects..",
                        "com.crosswalk.commitments..", "com.crosswalk.audit..", "com.crosswalk.erp..",
                        "com.crosswalk.web..", "com.crosswalk.demo..", "com.crosswalk.cli..", "com.crosswalk.database..")
                .check(serviceOnly());
        noClasses().that().resideInAPackage("com.crosswalk.audit..")
                .should().dependOnClassesThat().resideInAnyPackage("com.crosswalk.directory..", "com.crosswalk.projects..",
                        "com.crosswalk.commitments..", "com.crosswalk.erp..", "com.crosswalk.web..")
                .check(serviceOnly());
    }

    @Test
    void controllersAreEntryPointsNobodyCalls() {
        var controller = com.tngtech.archunit.base.DescribedPredicate.<com.tngtech.archunit.core.domain.JavaClass>describe(
                "web controllers", c -> !c.isAnnotation() && c.isMetaAnnotatedWith(Controller.class));
        noClasses().that().areNotMetaAnnotatedWith(Controller.class).and().areNotNestedClasses()
                .should().dependOnClassesThat(controller)
                .check(serviceOnly());
    }

    /**
     * No method that runs in a database transaction reaches the ERP (issue #14): a hung ERP would hold a pooled
     * connection and the rows it locked for the client's whole timeout. Transactions start at methods annotated
     * {@code @Transactional} (or in such a class) and at methods that open one with a {@code TransactionTemplate} (so
     * a method that opens a transaction does nothing else: ask the ERP first, then call the method that writes).
     * Everything they call, directly or through other classes of the service (an interface call counts as a call of
     * each of its implementations), must not call {@link ErpConnector} (or {@link ErpConnectorProvider}) nor the
     * Acumatica client. Handing work to another thread is not a call (a method reference or a Runnable's run).
     */
    @Test
    void noTransactionWaitsForTheErp() {
        TransactionReach reach = new TransactionReach(serviceOnly());
        List<String> violations = reach.violations();
        assertThat(violations).as("methods in a transaction that reach the ERP").isEmpty();
        assertThat(reach.roots()).as("transaction roots found (the rule must see some)").isGreaterThan(10);
    }

    /** The rule above can fail: it finds each wrong way in a fixture, and not the right one. */
    @Test
    void theTransactionRuleFindsErpCallsInTransactions() {
        JavaClasses fixture = new ClassFileImporter().importPackages("com.crosswalk.archfixture");
        List<String> violations = new TransactionReach(fixture).violations();
        assertThat(violations).hasSize(3);
        assertThat(String.join("\n", violations)).contains("ErpInTransaction.annotated -> ErpInTransaction.helper -> "
                + "ErpConnector.listProjects", "ErpInTransaction.template -> ErpConnector.listCostCodes",
                "ErpInTransaction.throughAnInterface -> ErpLookup.count -> ErpConnector.listVendors")
                .doesNotContain("askThenWrite");
    }

    @Test
    void theAcumaticaClientIsPlainJava() {
        JavaClasses client = new ClassFileImporter().importPackages("com.crosswalk.acumatica.client");
        classes().should().resideInAPackage("com.crosswalk.acumatica.client..").check(client);
        noClasses().should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "com.crosswalk.erp..",
                        "com.crosswalk.directory..", "com.crosswalk.acumatica.emulator..")
                .check(client);
    }
}
