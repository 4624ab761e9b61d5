package com.crosswalk.acumatica.client.it;

import com.crosswalk.acumatica.client.AcumaticaClient;
import com.crosswalk.acumatica.client.AcumaticaConflictException;
import com.crosswalk.acumatica.client.model.ChangeOrder;
import com.crosswalk.acumatica.client.model.ChangeOrderClass;
import com.crosswalk.acumatica.client.model.CostCode;
import com.crosswalk.acumatica.client.model.ProjectTask;
import com.crosswalk.acumatica.client.model.PurchaseOrder;
import com.crosswalk.acumatica.client.model.Subcontract;
import com.crosswalk.acumatica.client.model.Vendor;
import com.crosswalk.acumatica.client.query.Filter;
import com.crosswalk.acumatica.client.query.Query;
import com.crosswalk.acumatica.emulator.AcumaticaEmulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Typed reads of the demo data, query options, missing keys, inserts of master data. */
@EachEndpointVersion
class ReadIntegrationTest {

    /** The endpoint version the client talks to (the emulator serves both). */
    @Parameter
    String version;

    static AcumaticaEmulator emu;
    static AcumaticaClient client;

    @BeforeParameterizedClassInvocation
    static void start(String version) {
        emu = Emu.start(Emu.demo());
        client = AcumaticaClient.create(Emu.client(emu, version).build());
    }

    @AfterParameterizedClassInvocation
    static void stop() {
        Emu.closeChecked(client, emu);
    }

    @Test
    void vendorsWithSelectAndTop() {
        List<Vendor> vendors = client.vendors().list(Query.select("VendorID", "VendorName").limit(2));
        assertThat(vendors).hasSize(2);
        assertThat(vendors).allSatisfy(v -> assertThat(v.vendorName()).isNotBlank());
        List<Vendor> all = client.vendors().list();
        assertThat(all).extracting(Vendor::vendorId).contains("APEXCON", "IRONCLAD", "BRIGHTLN");
        assertThat(client.vendors().list(Query.all().limit(1).skip(1))).extracting(Vendor::vendorId)
                .containsExactly(all.get(1).vendorId());
    }

    @Test
    void projectsTasksCostCodesAndClass() {
        assertThat(client.projects().get("RIVERSIDE")).get().satisfies(p -> {
            assertThat(p.description()).isEqualTo("Riverside Medical Office Building");
            assertThat(p.status()).isEqualTo("Active");
        });
        List<ProjectTask> tasks = client.projectTasks().list(Query.filter(Filter.eq("ProjectID", "RIVERSIDE")));
        assertThat(tasks).extracting(ProjectTask::projectTaskId).containsExactlyInAnyOrder("01", "02");
        assertThat(client.projectTasks().get("HARBOR", "01")).isPresent();
        assertThat(client.costCodes().list()).extracting(CostCode::costCodeId)
                .contains("01-100", "03-300", "05-120", "09-250", "26-050");
        assertThat(client.changeOrderClasses().get("COMMITMENT")).get()
                .extracting(ChangeOrderClass::commitments).isEqualTo(true);
    }

    @Test
    void subcontractAndPurchaseOrderWithDetails() {
        Subcontract sc = client.subcontracts().get(Query.expand("Details"), "SC0001").orElseThrow();
        assertThat(sc.vendorId()).isEqualTo("APEXCON");
        assertThat(sc.details()).hasSize(2);
        assertThat(sc.applyRetainage()).isTrue();
        assertThat(sc.retainagePct()).isEqualByComparingTo("10");
        assertThat(sc.details().get(0).costCode()).isEqualTo("03-300");
        assertThat(client.subcontracts().get("SC0001").orElseThrow().details()).isNull();
        PurchaseOrder po = client.purchaseOrders().get(Query.expand("Details"), "Normal", "PO0001").orElseThrow();
        assertThat(po.vendorId()).isEqualTo("IRONCLAD");
        assertThat(po.details()).singleElement().satisfies(l -> assertThat(l.costCode()).isEqualTo("05-120"));
    }

    @Test
    void missingKeysAreEmpty() {
        assertThat(client.changeOrders().get("999999")).isEmpty();
        assertThat(client.vendors().get("NOSUCH")).isEmpty();
        assertThat(client.purchaseOrders().get("Normal", "NOSUCH")).isEmpty();
        assertThat(client.changeOrders().findByExternalRef("CW-NOSUCH")).isEmpty();
    }

    @Test
    void quotesInFiltersAreEscaped() {
        assertThat(client.changeOrders().findByExternalRef("CW-O'Brien")).isEmpty();
        assertThat(client.changeOrders().findByExternalRef("CW-DEMO-CCO-1")).extracting(ChangeOrder::refNbr)
                .containsExactly("000001");
    }

    @Test
    void insertMasterDataAndInsertOnlyConflict() {
        Vendor v = client.vendors().insert(Vendor.of("NEWVEND", "New Vendor Inc."));
        assertThat(v.vendorId()).isEqualTo("NEWVEND");
        assertThat(client.vendors().get("NEWVEND")).isPresent();
        assertThatThrownBy(() -> client.vendors().insert(Vendor.of("APEXCON", "dup")))
                .isInstanceOf(AcumaticaConflictException.class);
        CostCode cc = client.costCodes().insert(CostCode.of("31-000", "Earthwork"));
        assertThat(cc.description()).isEqualTo("Earthwork");
    }
}
