package com.crosswalk.erp.unlink;

import static org.assertj.core.api.Assertions.assertThat;

import com.crosswalk.DemoSc1;
import com.crosswalk.IntegrationTest;
import com.crosswalk.TestChangeOrders;
import com.crosswalk.TestJobs;
import com.crosswalk.acumatica.emulator.AcumaticaEmulator;
import com.crosswalk.acumatica.emulator.EmulatorConfig;
import com.crosswalk.erp.unlink.UnlinkTestSupport.Reply;
import com.crosswalk.erp.unlink.UnlinkTestSupport.Synced;
import com.crosswalk.shared.SecretBox;
import com.zaxxer.hikari.HikariDataSource;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.crypto.password.PasswordEncoder;
import tools.jackson.databind.JsonNode;

/**
 * Long ERP work runs as background jobs, never on a request thread or inside a transaction (#14): two clicks on
 * Check now run one job; a bulk unlink of 200 CCOs asks the ERP at most 5 times; and one company's hung ERP (the
 * emulator answering after 60 s) blocks no page view, no other company's export and no database connection.
 */
@IntegrationTest
class LongErpWorkTest extends UnlinkTestBase {

    @Autowired
    com.crosswalk.erp.connection.ErpUrlPolicy urlPolicy;
    @Autowired
    PasswordEncoder encoder;
    @Autowired
    SecretBox secrets;
    @Autowired
    DataSource dataSource;

    private JsonNode awaitJob(String login, JsonNode started) {
        return TestJobs.awaitDone(p -> t.get(login, p).body(), TestJobs.path(started), Duration.ofSeconds(120));
    }

    /** Saves the demo connection's request limit (a save rebuilds its connector, the old one signing out). */
    private void setRequestLimit(int perMinute) {
        jdbc.sql("update erp_connection set max_requests_per_minute = :l, updated_at = now() where company_id = :c")
                .param("l", perMinute).param("c", company).update();
        connectors.evict(company);
    }

    @Test
    void twoClicksOnCheckNowRunOneJob() {
        long before = jdbc.sql("select coalesce(max(id), 0) from job").query(Long.class).single();
        // the check asks the ERP batch after batch (a sign-in, then a request per batch of each record type, 200 ms
        // each): the second click, sent as soon as the first is answered, comes while it runs
        emu.faults().setLatencyMs(200);
        JsonNode first;
        JsonNode second;
        try {
            Reply a = t.post("accountant", "/rest/v1.0/companies/" + company + "/erp/reconcile", null);
            Reply b = t.post("approver", "/rest/v1.0/companies/" + company + "/erp/reconcile", null);
            assertThat(a.status()).as(String.valueOf(a.body())).isEqualTo(202);
            assertThat(b.status()).as(String.valueOf(b.body())).isEqualTo(202);
            first = a.body();
            second = b.body();
            assertThat(second.get("id").asLong()).isEqualTo(first.get("id").asLong());
            assertThat(first.get("already_running").asBoolean()).isFalse();
            assertThat(second.get("already_running").asBoolean()).isTrue();
            assertThat(second.get("requested_by_name").asString()).isEqualTo(first.get("requested_by_name").asString());
            JsonNode done = awaitJob("approver", first);
            assertThat(done.get("state").asString()).as(done.toString()).isEqualTo("finished");
            assertThat(done.get("done").asInt()).isEqualTo(done.get("total").asInt());
        } finally {
            emu.faults().setLatencyMs(0);
        }
        assertThat(jdbc.sql("select count(*) from job where id > :b and company_id = :c and kind = 'reconcile'")
                .param("b", before).param("c", company).query(Long.class).single()).isEqualTo(1);
        // once it has finished, a click starts a new one
        Reply again = t.post("approver", "/rest/v1.0/companies/" + company + "/erp/reconcile", null);
        assertThat(again.body().get("id").asLong()).isNotEqualTo(first.get("id").asLong());
        awaitJob("approver", again.body());
    }

    /**
     * 200 synced CCOs, each reversed in the ERP with the reversal released: one job unlinks all 200 and asks the ERP
     * about them in 4 requests of 50 change orders plus 1 for their reversals.
     */
    @Test
    void bulkUnlinkOf200RowsAsksTheErpAtMostFiveTimes() {
        List<Long> ids = new ArrayList<>();
        List<String> titles = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            titles.add("Bulk 200 #" + i);
        }
        // the 200 are exported side by side (as a person accepting a list would), not one after the other, under a
        // high request limit: making them is not what this test is about (at the demo's 600 a minute, their ~1,300
        // ERP requests alone take two minutes); the unlink below runs under the demo's own limit again
        int limit = jdbc.sql("select max_requests_per_minute from erp_connection where company_id = :c")
                .param("c", company).query(Integer.class).single();
        List<Synced> synced;
        setRequestLimit(100_000);
        try {
            long t0 = System.nanoTime();
            synced = t.syncedCcos(connectors, company, titles, new BigDecimal("1.00"));
            System.out.printf("Bulk unlink: 200 synced CCOs made in %d ms%n", (System.nanoTime() - t0) / 1_000_000);
        } finally {
            long logouts = emu.stats().logouts();
            setRequestLimit(limit);
            // the setup's connector is replaced and signs out in the background: done before the requests are counted
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> emu.stats().logouts() > logouts);
            long[] seen = {-1};
            Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(300))
                    .until(() -> seen[0] == (seen[0] = emu.stats().totalRequests()));
        }
        for (Synced s : synced) {
            String reversing = emu.store().reverse(s.refNbr());
            emu.store().removeHold(reversing);
            emu.store().release(reversing);
            ids.add(s.ccoId());
        }
        long changeOrderGets = emu.stats().requests("GET", "ChangeOrder", null);
        long all = emu.stats().totalRequests();

        Reply started = t.post("approver", "/rest/v1.0/companies/" + company + "/erp/commitment_change_orders/unlink",
                Map.of("ids", ids));
        JsonNode job = awaitJob("approver", started.body());

        long checks = emu.stats().requests("GET", "ChangeOrder", null) - changeOrderGets;
        long requests = emu.stats().totalRequests() - all;
        System.out.printf("Bulk unlink of 200 CCOs: %d ERP requests for the checks (GET ChangeOrder), %d in all%n",
                checks, requests);
        assertThat(job.get("state").asString()).as(job.toString()).isEqualTo("finished");
        assertThat(job.get("summary").asString()).isEqualTo("200 of 200 unlinked from Acumatica: Successfully Unlinked");
        assertThat(job.get("results").size()).isEqualTo(200);
        job.get("results").forEach(r -> assertThat(r.get("message").asString()).isEqualTo("Successfully Unlinked"));
        assertThat(checks).as("ERP requests asking about 200 change orders").isLessThanOrEqualTo(5);
        assertThat(requests).as("all ERP requests (a sign-in at most besides the checks)").isLessThanOrEqualTo(checks + 1);
        assertThat(jdbc.sql("select count(*) from erp_link where cco_id in (:ids)").param("ids", ids)
                .query(Long.class).single()).isZero();
        assertThat(jdbc.sql("select count(*) from erp_export where cco_id in (:ids) and state = 'unlinked'")
                .param("ids", ids).query(Long.class).single()).isEqualTo(200);
    }

    /**
     * A second company's ERP hangs (every answer after 60 s; the client gives up after its request timeout and
     * retries). While its cost-code import, vendor exports and 25 requests for its ERP's vendor list wait, the demo
     * company's pages answer, its CCO is exported and synced, and the database pool keeps its connections: nothing
     * waiting for the ERP holds one.
     */
    @Test
    void aHungErpBlocksNoPageViewNoOtherCompanysExportAndNoPoolConnection() throws Exception {
        HikariDataSource pool = dataSource.unwrap(HikariDataSource.class);
        try (AcumaticaEmulator hung = AcumaticaEmulator.start(EmulatorConfig.defaults().withPort(0).withDemo(true))) {
            hung.faults().setLatencyMs(60_000);
            // the operator allows this ERP on this machine, as the demo's own is allowed
            urlPolicy.allow(java.net.URI.create(hung.baseUrl()).getHost() + ":" + java.net.URI.create(hung.baseUrl()).getPort());
            long other = jdbc.sql("insert into company (name) values (:n) returning id")
                    .param("n", "Hung ERP Co " + System.nanoTime()).query(Long.class).single();
            // sessions and concurrent requests for all of its waiting work at once: every one of them waits for the
            // ERP at the same time (at the default 2 sessions they would queue for a session and wait out the
            // client's timeout two at a time: a minute of the test's time, and fewer threads really at the ERP)
            jdbc.sql("""
                    insert into erp_connection (company_id, erp_type, base_url, tenant, username, secret_encrypted,
                                                max_sessions, max_concurrent_requests)
                    values (:c, 'acumatica', :url, 'Demo', 'admin', :secret, 32, 32)""")
                    .param("c", other).param("url", hung.baseUrl()).param("secret", secrets.encrypt("demo")).update();
            String admin = "hung" + System.nanoTime() % 1_000_000;
            jdbc.sql("""
                    insert into app_user (company_id, login, display_name, password_hash, can_push_to_accounting,
                                          erp_integrations_level, directory_level)
                    values (:c, :l, 'Hung Admin', :h, true, 'admin', 'admin')""")
                    .param("c", other).param("l", admin).param("h", encoder.encode("demo")).update();
            List<Long> vendors = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                vendors.add(jdbc.sql("insert into vendor (company_id, name) values (:c, :n) returning id")
                        .param("c", other).param("n", "Hung vendor " + i).query(Long.class).single());
            }
            String base = "/rest/v1.0/companies/" + other + "/erp";

            // the hung company's long work: jobs, and requests for its ERP's list on request threads
            List<JsonNode> hungJobs = new ArrayList<>();
            hungJobs.add(t.post(admin, base + "/cost_codes/import", null).body());
            for (long v : vendors) {
                hungJobs.add(t.post(admin, base + "/vendors/" + v + "/export", null).body());
            }
            AtomicLong listsAnswered = new AtomicLong();
            ExecutorService clients = Executors.newFixedThreadPool(25);
            List<CompletableFuture<Void>> lists = new ArrayList<>();
            for (int i = 0; i < 25; i++) {
                lists.add(CompletableFuture.runAsync(() -> {
                    t.get(admin, base + "/erp_vendors");
                    listsAnswered.incrementAndGet();
                }, clients));
            }
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> hung.stats().totalRequests() >= 3);

            // meanwhile, the demo company: its pages, its export, and the pool
            int maxActive = pool.getHikariPoolMXBean().getActiveConnections();
            Reply page = t.get("approver", "/rest/v1.0/companies/" + company + "/erp/commitment_change_orders?view=synced");
            assertThat(page.status()).isEqualTo(200);
            DemoSc1 demo = DemoSc1.lookUp(jdbc);
            long cco = TestChangeOrders.insert(jdbc, company, demo.riverside(), demo.sc1(), "While another ERP hangs",
                    "approved");
            demo.addLine(jdbc, cco, demo.costCode(), "hung-ERP test", new BigDecimal("5.00"));
            assertThat(t.post("approver", "/rest/v1.0/projects/" + demo.riverside()
                    + "/commitment_change_orders/" + cco + "/send_to_erp", null).status()).isEqualTo(200);
            assertThat(t.post("approver", "/rest/v1.0/companies/" + company + "/erp/commitment_change_orders/" + cco
                    + "/accept", null).status()).isEqualTo(200);
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> {
                return jdbc.sql("select count(*) from erp_link where cco_id = :id").param("id", cco)
                        .query(Long.class).single() == 1;
            });
            maxActive = Math.max(maxActive, pool.getHikariPoolMXBean().getActiveConnections());
            // saving the hung company's connection evicts its connector without waiting for its sign-out
            Reply saved = t.put(admin, base + "/connection", Map.of("max_requests_per_minute", 500));
            assertThat(saved.status()).as(String.valueOf(saved.body())).isEqualTo(200);

            // all of that happened while the hung company's work was still waiting for its ERP (its jobs run two at a
            // time and each waits out the client's timeout and retries for every request)
            assertThat(hungJobs.stream().map(j -> t.get(admin, TestJobs.path(j)).body().get("state").asString()))
                    .as("the hung company's jobs by then").containsAnyOf("queued", "running");
            assertThat(maxActive).as("database connections in use while 27 threads wait for the ERP")
                    .isLessThan(pool.getMaximumPoolSize() / 2);

            // the hung company's work ends on its own (the client's timeout), each job with the reason
            CompletableFuture.allOf(lists.toArray(CompletableFuture[]::new)).get(5, java.util.concurrent.TimeUnit.MINUTES);
            clients.shutdown();
            for (JsonNode j : hungJobs) {
                JsonNode done = awaitJob(admin, j);
                assertThat(done.get("state").asString()).as(done.toString()).isEqualTo("failed");
                assertThat(done.get("summary").asString()).contains("could not be reached");
            }
        }
    }
}
