package com.crosswalk.erp.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.crosswalk.IntegrationTest;
import com.crosswalk.TestApi;
import com.crosswalk.TestJobs;
import com.crosswalk.directory.AccountLookup;
import com.crosswalk.acumatica.emulator.AcumaticaEmulator;
import com.crosswalk.acumatica.emulator.push.PushNotifications;
import com.crosswalk.erp.connection.ErpConnectors;
import com.crosswalk.erp.unlink.Reconciliation;
import com.crosswalk.erp.unlink.UnlinkTestSupport;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Acumatica's push notifications (issue 20), with the emulator sending them over HTTP to the running service: a
 * reversal released in Acumatica turns the synced CCO to gone without any click; duplicated, resent and out-of-order
 * notifications change nothing twice; a call without the company's secret changes nothing; with notifications
 * dropped, polling (reconciliation) still finds it.
 */
@IntegrationTest
class PushNotificationsTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    AcumaticaEmulator emu;
    @Autowired
    ErpConnectors connectors;
    @Autowired
    Reconciliation reconciliation;
    @Autowired
    PushTests tests;
    @Autowired
    AccountLookup accounts;

    UnlinkTestSupport t;
    long company;
    String secret;
    String webhook;

    @BeforeEach
    void setUp() {
        t = new UnlinkTestSupport(port, jdbc);
        company = t.demoCompanyId();
        emu.faults().clear();
        TestApi.Response setup = TestApi.as(port, "approver")
                .post("/rest/v1.0/companies/" + company + "/erp/push_notifications/secret", null);
        assertThat(setup.status()).as(setup.body()).isEqualTo(200);
        secret = setup.json().get("header_value").asString();
        webhook = setup.json().get("webhook_url").asString();
        assertThat(webhook).isEqualTo("http://localhost:" + port + "/hooks/acumatica/" + company);
        assertThat(setup.json().get("header_name").asString()).isEqualTo("X-Crosswalk-Secret");
        emu.push().setMode(PushNotifications.Mode.NORMAL);
        for (PushDefinitions.Definition d : PushDefinitions.ALL) {
            emu.push().define(new PushNotifications.Definition(d.name(), d.entity(), d.fields(), webhook,
                    "X-Crosswalk-Secret", secret));
        }
    }

    @AfterEach
    void tearDown() {
        PushDefinitions.ALL.forEach(d -> emu.push().remove(d.name()));
        emu.push().setMode(PushNotifications.Mode.NORMAL);
    }

    private String erpStatus(long ccoId) {
        return jdbc.sql("select erp_status from erp_link where cco_id = :id").param("id", ccoId).query(String.class)
                .single();
    }

    private void reverseAndRelease(String refNbr) {
        String reversing = emu.store().reverse(refNbr);
        emu.store().removeHold(reversing);
        emu.store().release(reversing);
    }

    /** Every notification of the changes so far delivered and processed (a late one would re-read the ERP). */
    private void settle() {
        emu.push().awaitDelivered();
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.sql(
                "select count(*) = 0 from erp_push_notification where processed_at is null").query(Boolean.class)
                .single());
    }

    private HttpResponse<String> post(String header, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(webhook)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (header != null) {
            b.header("X-Crosswalk-Secret", header);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private int notifications() {
        return jdbc.sql("select count(*) from erp_push_notification where company_id = :c").param("c", company)
                .query(Integer.class).single();
    }

    /** A notification that the change order was reversed (its row before and after). */
    private static String notification(String id, long timeStamp, String refNbr) {
        return notification(id, timeStamp, refNbr, "Reversed");
    }

    private static String notification(String id, long timeStamp, String refNbr, String reverseStatus) {
        return """
                {"Inserted":[{"RefNbr":"%1$s","Status":"Closed","ReverseStatus":"%4$s"}],
                 "Deleted":[{"RefNbr":"%1$s","Status":"Closed","ReverseStatus":"None"}],
                 "Query":"Crosswalk change orders","CompanyId":"Demo","Id":"%2$s","TimeStamp":%3$d,"AdditionalInfo":{}}"""
                .formatted(refNbr, id, timeStamp, reverseStatus);
    }

    @Test
    void aReversalReleasedInAcumaticaTurnsTheCcoGoneWithoutAnyClick() {
        UnlinkTestSupport.Synced synced = t.syncedCco(connectors, company, "Push reversed", new BigDecimal("70.00"));
        reverseAndRelease(synced.refNbr());
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                .until(() -> erpStatus(synced.ccoId()).equals("gone"));
        TestApi.Response row = TestApi.as(port, "approver").get("/rest/v1.0/companies/" + company
                + "/erp/commitment_change_orders?view=synced&per_page=1000");
        assertThat(row.json().valueStream().filter(r -> r.get("id").asLong() == synced.ccoId()).findFirst()
                .orElseThrow().get("erp_status_label").asString()).isEqualTo("Gone from Acumatica — ready to unlink");
        assertThat(t.post("approver", "/rest/v1.0/companies/" + company + "/erp/commitment_change_orders/"
                + synced.ccoId() + "/unlink", null).status()).isEqualTo(200);
    }

    @Test
    void duplicatedAndResentNotificationsAreStoredAndProcessedOnce() throws Exception {
        UnlinkTestSupport.Synced synced = t.syncedCco(connectors, company, "Push duplicated", new BigDecimal("71.00"));
        String id = UUID.randomUUID().toString();
        String body = notification(id, 1L, synced.refNbr());
        HttpResponse<String> first = post(secret, body);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        assertThat(first.body()).contains("\"Received\"");
        HttpResponse<String> again = post(secret, body);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.body()).contains("Already received");
        assertThat(jdbc.sql("select count(*) from erp_push_notification where notification_id = :id").param("id", id)
                .query(Integer.class).single()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.sql(
                "select processed_at is not null from erp_push_notification where notification_id = :id")
                .param("id", id).query(Boolean.class).single());
        assertThat(jdbc.sql("select records_checked from erp_push_notification where notification_id = :id")
                .param("id", id).query(Integer.class).single()).isEqualTo(1);

        // the emulator sending every notification twice: each Id stored once
        emu.push().setMode(PushNotifications.Mode.DUPLICATE);
        reverseAndRelease(synced.refNbr());
        await().atMost(Duration.ofSeconds(10)).until(() -> erpStatus(synced.ccoId()).equals("gone"));
        emu.push().awaitCompared();
        List<Integer> perId = jdbc.sql("select count(*) from erp_push_notification where company_id = :c "
                + "group by notification_id").param("c", company).query(Integer.class).list();
        assertThat(perId).allMatch(n -> n == 1);
    }

    @Test
    void anOlderNotificationArrivingLateChangesNothing() throws Exception {
        UnlinkTestSupport.Synced synced = t.syncedCco(connectors, company, "Push out of order", new BigDecimal("72.00"));
        reverseAndRelease(synced.refNbr());
        await().atMost(Duration.ofSeconds(10)).until(() -> erpStatus(synced.ccoId()).equals("gone"));
        // notifications from before the reversal arrive now: "released, not reversed" (no read needed) and "reversed"
        // (the ERP is asked again): neither makes it present again
        assertThat(post(secret, notification(UUID.randomUUID().toString(), 1L, synced.refNbr(), "None"))
                .statusCode()).isEqualTo(200);
        String id = UUID.randomUUID().toString();
        assertThat(post(secret, notification(id, 2L, synced.refNbr())).statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.sql(
                "select processed_at is not null from erp_push_notification where notification_id = :id")
                .param("id", id).query(Boolean.class).single());
        assertThat(erpStatus(synced.ccoId())).isEqualTo("gone");
    }

    @Test
    void aCallWithoutTheSecretChangesNothing() throws Exception {
        UnlinkTestSupport.Synced synced = t.syncedCco(connectors, company, "Push forged", new BigDecimal("73.00"));
        settle();
        reconciliation.checkNamed(company, List.of(synced.refNbr()));
        assertThat(erpStatus(synced.ccoId())).isEqualTo("present");
        emu.push().setMode(PushNotifications.Mode.DROP);
        reverseAndRelease(synced.refNbr());
        List<String> forgedIds = new ArrayList<>();
        for (String forged : Arrays.asList(null, "", "wrong", secret + "x", secret.toUpperCase(Locale.ROOT))) {
            if (secret.equals(forged)) {
                continue;
            }
            String id = UUID.randomUUID().toString();
            forgedIds.add(id);
            HttpResponse<String> r = post(forged, notification(id, 3L, synced.refNbr()));
            assertThat(r.statusCode()).as(String.valueOf(forged)).isEqualTo(401);
            assertThat(r.body()).contains("X-Crosswalk-Secret");
        }
        // another company's webhook with this company's secret
        HttpResponse<String> other = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                + "/hooks/acumatica/" + (company + 1))).header("Content-Type", "application/json")
                .header("X-Crosswalk-Secret", secret)
                .POST(HttpRequest.BodyPublishers.ofString(notification("other-company", 4L, synced.refNbr()))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(other.statusCode()).isEqualTo(401);
        // malformed bodies with the right secret: 400, nothing stored
        for (String bad : List.of("{", "[]", "{\"Query\":\"q\"}", "{\"Id\":5}", "{\"Id\":\"" + "x".repeat(101) + "\"}")) {
            assertThat(post(secret, bad).statusCode()).as(bad).isEqualTo(400);
        }
        forgedIds.add("other-company");
        assertThat(jdbc.sql("select count(*) from erp_push_notification where notification_id in (:ids) "
                + "or query = 'q' or length(notification_id) > 100").param("ids", forgedIds).query(Integer.class)
                .single()).isZero();
        Thread.sleep(500);
        assertThat(erpStatus(synced.ccoId())).isEqualTo("present");
    }

    @Test
    void withNotificationsDroppedPollingStillFindsIt() {
        UnlinkTestSupport.Synced synced = t.syncedCco(connectors, company, "Push dropped", new BigDecimal("74.00"));
        settle();
        emu.push().setMode(PushNotifications.Mode.DROP);
        reverseAndRelease(synced.refNbr());
        emu.push().awaitCompared();
        assertThat(erpStatus(synced.ccoId())).isNotEqualTo("gone");
        reconciliation.reconcile(company);
        assertThat(erpStatus(synced.ccoId())).isEqualTo("gone");
    }

    @Test
    void aCheckReleasedForASyncedInvoicesBillShowsOnTheInvoiceWithoutAnyClick() {
        // the demo's invoice #2 of SC-001: synced (bill 000002), unpaid
        long invoice = jdbc.sql("""
                select r.id from requisition r join erp_link l on l.requisition_id = r.id
                where r.company_id = :c and l.erp_key = '000002'""").param("c", company).query(Long.class).single();
        java.util.function.Supplier<BigDecimal> paid = () -> jdbc.sql("select amount_paid from requisition where id = :id")
                .param("id", invoice).query(BigDecimal.class).single();
        BigDecimal before = paid.get();
        String check = emu.store().payBill("APEXCON", "000002", new BigDecimal("1.00"), "CHK-PUSH", "2026-03-10");
        try {
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                    .until(() -> paid.get().compareTo(before.add(new BigDecimal("1.00"))) == 0);
            assertThat(jdbc.sql("select check_numbers from requisition where id = :id").param("id", invoice)
                    .query(String.class).single()).contains("CHK-PUSH");
        } finally {
            emu.store().voidCheck(check); // the demo's invoice as it was, for the other tests
            await().atMost(Duration.ofSeconds(10)).until(() -> paid.get().compareTo(before) == 0);
        }
    }

    @Test
    void theSetUpIsForErpIntegrationsAdminsAndNamesWhatToCreateInAcumatica() {
        TestApi.Response view = TestApi.as(port, "approver").get("/rest/v1.0/companies/" + company
                + "/erp/push_notifications");
        assertThat(view.status()).isEqualTo(200);
        assertThat(view.json().get("set_up").asBoolean()).isTrue();
        assertThat(view.json().get("definitions").get(0).get("fields").toString()).contains("ExternalRefNbr");
        assertThat(TestApi.as(port, "pm").get("/rest/v1.0/companies/" + company + "/erp/push_notifications").status())
                .isEqualTo(403);
        assertThat(TestApi.as(port, "pm").post("/rest/v1.0/companies/" + company
                + "/erp/push_notifications/secret", null).status()).isEqualTo(403);
    }

    @Test
    void aTestNotificationReachesTheWebhookIsProcessedWithoutAskingTheErpAndIsNotCountedAsAcumaticas() {
        String setUp = "/rest/v1.0/companies/" + company + "/erp/push_notifications";
        long fromErp = TestApi.as(port, "approver").get(setUp).json().get("notifications_received").asLong();
        long erpRequests = emu.stats().totalRequests();

        UnlinkTestSupport.Reply started = t.post("approver", setUp + "/test", null);
        assertThat(started.status()).as(String.valueOf(started.body())).isEqualTo(202);
        assertThat(started.body().get("kind").asString()).isEqualTo("push_test");
        JsonNode done = TestJobs.awaitDone(p -> t.get("approver", p).body(), TestJobs.path(started.body()),
                Duration.ofSeconds(60));

        assertThat(done.get("state").asString()).isEqualTo("finished");
        assertThat(done.get("summary").asString()).startsWith("A test notification reached " + webhook
                + " and was processed in ");
        assertThat(jdbc.sql("""
                select count(*) from erp_push_notification
                where company_id = :c and query = 'Crosswalk test notification' and processed_at is not null
                  and records_checked = 0""").param("c", company).query(Long.class).single()).isPositive();
        assertThat(emu.stats().totalRequests()).as("a test names no document: nothing is read from the ERP")
                .isEqualTo(erpRequests);
        assertThat(TestApi.as(port, "approver").get(setUp).json().get("notifications_received").asLong())
                .as("Acumatica's notifications only").isEqualTo(fromErp);
    }

    @Test
    void aTestIsForAdminsOnceSetUpAndAnAddressThatDoesNotReachCrosswalkFailsInPlainWords() throws Exception {
        String test = "/rest/v1.0/companies/" + company + "/erp/push_notifications/test";
        long jobs = jdbc.sql("select count(*) from job where kind = 'push_test'").query(Long.class).single();
        assertThat(t.post("pm", test, null).status()).isEqualTo(403);
        assertThat(t.post("approver", "/rest/v1.0/companies/999999/erp/push_notifications/test", null).status())
                .isEqualTo(404);

        // an address where something else answers (a proxy sending it elsewhere): the job says so
        com.sun.net.httpserver.HttpServer other = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        other.createContext("/", exchange -> {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        other.start();
        try {
            String elsewhere = "http://127.0.0.1:" + other.getAddress().getPort() + "/hooks/acumatica/" + company;
            long jobId = tests.start(accounts.loadUserByUsername("approver"), company, elsewhere).job().id();
            JsonNode failed = TestJobs.awaitDone(p -> t.get("approver", p).body(),
                    "/rest/v1.0/companies/" + company + "/jobs/" + jobId, Duration.ofSeconds(60));
            assertThat(failed.get("state").asString()).isEqualTo("failed");
            assertThat(failed.get("summary").asString()).isEqualTo(elsewhere + " answered 404 instead of Crosswalk's "
                    + "200: the address does not reach Crosswalk's webhook (a proxy or another service answers there).");
        } finally {
            other.stop(0);
        }

        // not set up: refused before anything is queued
        jdbc.sql("delete from erp_push_setup where company_id = :c").param("c", company).update();
        UnlinkTestSupport.Reply refused = t.post("approver", test, null);
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.body().get("message").asString()).startsWith("Push notifications are not set up");
        assertThat(jdbc.sql("select count(*) from job where kind = 'push_test'").query(Long.class).single())
                .isEqualTo(jobs + 1);
    }

    /**
     * Time from the ERP's release of a reversal to "gone" recorded in Crosswalk, over many reversals, and the ERP
     * requests each notification costs. A measurement, not a check of time: run with -Dcrosswalk.measure=true
     * (-Dcrosswalk.measure.reversals=100); the MEASURE line is in the test output.
     */
    @Test
    void measureReleaseToGone() {
        org.junit.jupiter.api.Assumptions.assumeTrue(Boolean.getBoolean("crosswalk.measure"));
        int n = Integer.getInteger("crosswalk.measure.reversals", 100);
        List<UnlinkTestSupport.Synced> synced = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            synced.add(t.syncedCco(connectors, company, "Push measured " + i, new BigDecimal("10.00")));
        }
        emu.push().awaitCompared();
        await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.sql(
                "select count(*) = 0 from erp_push_notification where processed_at is null").query(Boolean.class)
                .single());
        long[] millis = new long[n];
        long requests = 0;
        int notificationsBefore = notifications();
        for (int i = 0; i < n; i++) {
            long ccoId = synced.get(i).ccoId();
            String reversing = emu.store().reverse(synced.get(i).refNbr());
            emu.store().removeHold(reversing);
            emu.push().awaitCompared();
            await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.sql(
                    "select count(*) = 0 from erp_push_notification where processed_at is null").query(Boolean.class)
                    .single());
            long erp0 = emu.stats().totalRequests();
            long t0 = System.nanoTime();
            emu.store().release(reversing);
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(5))
                    .until(() -> erpStatus(ccoId).equals("gone"));
            millis[i] = (System.nanoTime() - t0) / 1_000_000;
            await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.sql(
                    "select count(*) = 0 from erp_push_notification where processed_at is null").query(Boolean.class)
                    .single());
            requests += emu.stats().totalRequests() - erp0;
        }
        int sent = notifications() - notificationsBefore; // reverse, remove hold and release: each a notification
        Arrays.sort(millis);
        System.out.printf(Locale.ROOT, "MEASURE push release→gone over %d reversals: median %d ms, p99 %d ms, max %d ms;"
                + " ERP requests per released reversal's notification %.2f; %d notifications in all%n", n,
                millis[n / 2], millis[(int) Math.ceil(0.99 * n) - 1], millis[n - 1], (double) requests / n, sent);
    }
}
