package com.crosswalk.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.crosswalk.DemoSc1;
import com.crosswalk.acumatica.emulator.AcumaticaEmulator;
import com.crosswalk.acumatica.emulator.EmulatorConfig;
import com.crosswalk.acumatica.emulator.store.Snapshots.ChangeOrderSnapshot;
import com.crosswalk.acumatica.emulator.store.Store;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Faults of the service's own process and of its database, with the service running as separate operating-system
 * processes ({@link ServiceProcess}) on one PostgreSQL the test owns (zonky) and one Acumatica emulator the test owns
 * (so the ERP outlives the killed service, as a real Acumatica would):
 * <ol>
 * <li>SIGKILL at seeded random points while 200 CCOs export, restarted each time;</li>
 * <li>two instances exporting and unlinking the same records at once;</li>
 * <li>PostgreSQL stopped and started again (same port, same data directory) while exports run.</li>
 * </ol>
 * After each: every CCO synced exactly once, exactly one live change order per CCO in the ERP, every link pointing at
 * it, the commitment line's amount in the ERP moved by exactly the exported sum, and no export job left behind.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProcessFaultsTest {

    static final long SEED = Long.getLong("crosswalk.reliability.seed", 20261126L);
    static final int KILL_CCOS = 200;
    static final int KILLS = 5;

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final AtomicInteger NUMBERS = new AtomicInteger(700_000);

    Path home;
    Path pgData;
    int pgPort;
    EmbeddedPostgres pg;
    AcumaticaEmulator emu;
    HikariDataSource pool;
    JdbcClient jdbc;
    String jdbcUrl;
    final List<ServiceProcess> running = new ArrayList<>();
    int started;

    DemoSc1 demo;
    long company;
    long riverside;
    String pmToken;
    String approverToken;

    // figures, printed at the end
    int killsSurvived;
    int exported;
    int duplicates;
    int linksLost;

    @BeforeAll
    void startDatabaseAndErp() throws Exception {
        home = Path.of("target", "reliability", UUID.randomUUID().toString()).toAbsolutePath();
        pgData = home.resolve("pgdata");
        Files.createDirectories(home);
        pgPort = ServiceProcess.freePort();
        pg = startPostgres();
        jdbcUrl = "jdbc:postgresql://localhost:" + pgPort + "/postgres";
        connect();
        // the ERP: the demo's ERP side; no license limits (a killed service never signs out: its sessions would count)
        emu = AcumaticaEmulator.start(EmulatorConfig.defaults().withPort(0).withDemo(true).withLatencyMs(2));
    }

    private EmbeddedPostgres startPostgres() throws IOException {
        return EmbeddedPostgres.builder().setDataDirectory(pgData).setCleanDataDirectory(false).setPort(pgPort)
                .setServerConfig("max_connections", "100").start();
    }

    /**
     * The test's own connections, pooled: the seeding and the checks run thousands of statements, and a new connection
     * each (a PostgreSQL backend started per statement) took most of this class's time. Made again after the
     * database restart of {@link #databaseRestartedUnderLoadLosesNothing}.
     */
    private void connect() {
        pool = new HikariDataSource();
        pool.setJdbcUrl(jdbcUrl);
        pool.setUsername("postgres");
        pool.setMaximumPoolSize(2);
        pool.setMinimumIdle(0);
        pool.setPoolName("process-faults-test");
        jdbc = JdbcClient.create(pool);
    }

    @AfterAll
    void stopAll() throws Exception {
        for (ServiceProcess p : running) {
            p.close();
        }
        if (emu != null) {
            emu.close();
        }
        if (pool != null) {
            pool.close();
        }
        if (pg != null) {
            pg.close();
        }
        System.out.printf("RELIABILITY figures: kills survived %d, CCOs exported %d, duplicates %d, links lost %d%n",
                killsSurvived, exported, duplicates, linksLost);
    }

    private ServiceProcess startService() throws IOException {
        ServiceProcess p = ServiceProcess.start("service-" + (++started), home, jdbcUrl, port(emu), List.of());
        running.add(p);
        return p;
    }

    private static int port(AcumaticaEmulator emu) {
        return URI.create(emu.baseUrl()).getPort();
    }

    private void stopServices() throws InterruptedException {
        for (ServiceProcess p : running) {
            p.close();
        }
        running.clear();
    }

    /** Demo ids and tokens (after the first start has migrated and loaded the demo). */
    private void lookUpDemo(ServiceProcess p) {
        if (pmToken != null) {
            return;
        }
        demo = DemoSc1.lookUp(jdbc);
        company = demo.company();
        riverside = demo.riverside();
        // high license limits (the brief of these tests: the ERP is not the bottleneck); bumping updated_at rebuilds
        // the connector
        jdbc.sql("""
                update erp_connection set max_requests_per_minute = 100000, max_concurrent_requests = 8,
                       max_sessions = 4, updated_at = now() where company_id = ?""").params(company).update();
        pmToken = token(p, "pm");
        approverToken = token(p, "approver");
    }

    private String token(ServiceProcess p, String login) {
        Reply r = send(p, "POST", "/rest/v1.0/me/access_tokens", "Basic " + Base64.getEncoder()
                .encodeToString((login + ":demo").getBytes(StandardCharsets.UTF_8)), "{\"name\":\"reliability\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("token").asString();
    }

    /**
     * Approved CCOs of 1.00 each on Riverside SC-001 line 1, made in the database. This test owns its database (no
     * other test inserts CCOs there), so a plain counter numbers them.
     */
    private List<Long> ccos(int n) {
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String number = Integer.toString(NUMBERS.incrementAndGet());
            long id = jdbc.sql("""
                    insert into commitment_change_order (company_id, project_id, commitment_id, number, title, status,
                                                         change_date, description)
                    values (?, ?, ?, ?, ?, 'approved', current_date, 'reliability') returning id""")
                    .params(company, riverside, demo.sc1(), number, "Reliability " + number).query(Long.class).single();
            demo.addLine(jdbc, id, demo.costCode(), "reliability line", new BigDecimal("1.00"));
            ids.add(id);
        }
        return ids;
    }

    private String sendPath(long id) {
        return "/rest/v1.0/projects/" + riverside + "/commitment_change_orders/" + id + "/send_to_erp";
    }

    private String erpPath(long id, String action) {
        return "/rest/v1.0/companies/" + company + "/erp/commitment_change_orders/" + id + "/" + action;
    }

    /** Send to ERP (pm), then Accept (approver), 4 requests at a time, spread over the instances. */
    private void sendAndAccept(List<ServiceProcess> via, List<Long> ids) {
        java.util.concurrent.ForkJoinPool pool = new java.util.concurrent.ForkJoinPool(4);
        try {
            pool.submit(() -> java.util.stream.IntStream.range(0, ids.size()).parallel().forEach(i -> {
                Reply r = send(via.get(i % via.size()), "POST", sendPath(ids.get(i)), "Bearer " + pmToken, null);
                assertThat(r.status()).as(r.body()).isEqualTo(200);
            })).join();
            pool.submit(() -> java.util.stream.IntStream.range(0, ids.size()).parallel().forEach(i -> {
                Reply r = send(via.get(i % via.size()), "POST", erpPath(ids.get(i), "accept"),
                        "Bearer " + approverToken, null);
                assertThat(r.status()).as(r.body()).isEqualTo(200);
            })).join();
        } finally {
            pool.shutdown();
        }
    }

    private int synced(List<Long> ids) {
        return jdbc.sql("select count(*) from erp_export where state = 'synced' and cco_id in (:ids)")
                .param("ids", ids).query(Integer.class).single();
    }

    private void awaitSynced(List<Long> ids, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (synced(ids) == ids.size()) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError(synced(ids) + " of " + ids.size() + " synced within " + timeout + "; states "
                + jdbc.sql("select state, count(*), max(last_error) from erp_export where cco_id in (:ids) group by state")
                        .param("ids", ids).query().listOfRows()
                + "\n" + (running.isEmpty() ? "" : running.get(running.size() - 1).tail()));
    }

    /** No export job left: nothing scheduled, nothing picked (bounded wait: the last completion commits first). */
    private void awaitNoJobs() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        int left = -1;
        while (System.nanoTime() < deadline) {
            left = jdbc.sql("select count(*) from scheduled_tasks where task_name = 'erp-export'").query(Integer.class)
                    .single();
            if (left == 0) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError(left + " export jobs left in scheduled_tasks: "
                + jdbc.sql("select task_instance, picked, picked_by, consecutive_failures from scheduled_tasks")
                        .query().listOfRows());
    }

    /**
     * Every CCO: state synced, one link, exactly one change order in the ERP carrying its key, released, not reversed,
     * and the link pointing at that change order. Counts duplicates and lost links into the figures.
     */
    private void verifyExportedOnce(List<Long> ids, int exportsPerCco) {
        for (long id : ids) {
            Map<String, Object> e = jdbc.sql("select state, external_ref from erp_export where cco_id = ?").params(id)
                    .query().singleRow();
            assertThat(e.get("state")).as("CCO %d", id).isEqualTo("synced");
            List<Map<String, Object>> links = jdbc.sql("select erp_key, external_ref from erp_link where cco_id = ?")
                    .params(id).query().listOfRows();
            List<ChangeOrderSnapshot> cos = emu.store().changeOrdersByExternalRef((String) e.get("external_ref"));
            if (cos.size() > 1) {
                duplicates += cos.size() - 1;
            }
            if (links.size() != 1 || cos.isEmpty()
                    || !links.get(0).get("erp_key").equals(cos.get(0).refNbr())) {
                linksLost++;
            }
            assertThat(cos).as("change orders in the ERP for CCO %d (%s)", id, e.get("external_ref")).hasSize(1);
            assertThat(links).as("links of CCO %d", id).hasSize(1);
            assertThat(links.get(0).get("erp_key")).isEqualTo(cos.get(0).refNbr());
            assertThat(cos.get(0).status()).isEqualTo(Store.CLOSED);
            assertThat(cos.get(0).reverseStatus()).isEqualTo("None");
            com.crosswalk.ErpContent.assertEqual(jdbc, emu.store(), id); // the right one: lines and total equal the CCO
        }
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'link.created' and record_id in (:ids)")
                .param("ids", ids).query(Integer.class).single()).as("one link.created per CCO and export").isEqualTo(exportsPerCco * ids.size());
        exported += ids.size();
    }

    // ------------------------------------------------------------------------------------------------------------

    @Test
    @Order(1)
    @Timeout(240)
    void killedAtRandomPointsEveryCcoIsExportedExactlyOnce() throws Exception {
        Random random = new Random(SEED);
        ServiceProcess p = startService().awaitReady(Duration.ofSeconds(90));
        lookUpDemo(p);
        List<Long> ids = ccos(KILL_CCOS);
        BigDecimal lineBefore = emu.store().subcontractLine("SC0001", 1);
        // slow ERP while the 200 are sent and accepted, so the kills below land in the middle of the export
        emu.faults().setLatencyMs(400);
        sendAndAccept(List.of(p), ids);
        emu.faults().setLatencyMs(2);
        int s0 = synced(ids);
        TreeSet<Integer> thresholds = new TreeSet<>();
        while (thresholds.size() < KILLS) {
            thresholds.add(s0 + 1 + random.nextInt(Math.max(KILLS, KILL_CCOS - 15 - s0)));
        }
        List<String> killLog = new ArrayList<>();
        for (int threshold : thresholds) {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (synced(ids) < threshold && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            int inFlight = jdbc.sql("select count(*) from scheduled_tasks where picked").query(Integer.class).single();
            p.kill();
            running.remove(p);
            killsSurvived++;
            killLog.add("at " + synced(ids) + " synced, " + inFlight + " picked");
            p = startService().awaitReady(Duration.ofSeconds(90));
        }
        awaitSynced(ids, Duration.ofSeconds(120));
        awaitNoJobs();
        System.out.println("RELIABILITY kills: " + killLog);
        verifyExportedOnce(ids, 1);
        assertThat(emu.store().subcontractLine("SC0001", 1).subtract(lineBefore))
                .as("SC0001 line 1 moved by exactly one release per CCO").isEqualByComparingTo("200.00");
        stopServices();
    }

    @Test
    @Order(2)
    @Timeout(180)
    void twoInstancesExportAndUnlinkTheSameRecordsOnce() throws Exception {
        ServiceProcess a = startService();
        ServiceProcess b = startService();
        a.awaitReady(Duration.ofSeconds(120));
        b.awaitReady(Duration.ofSeconds(120));
        lookUpDemo(a);
        List<Long> ids = ccos(40);
        long putsBefore = emu.stats().requests("PUT", "ChangeOrder", null);
        BigDecimal lineBefore = emu.store().subcontractLine("SC0001", 1);
        for (long id : ids) {
            assertThat(send(a, "POST", sendPath(id), "Bearer " + pmToken, null).status()).isEqualTo(200);
        }
        // both instances accept the same CCO at the same moment: one wins, the other is told it is no longer ready
        for (long id : ids) {
            var fa = CompletableFuture.supplyAsync(() -> send(a, "POST", erpPath(id, "accept"), "Bearer " + approverToken, null));
            var fb = CompletableFuture.supplyAsync(() -> send(b, "POST", erpPath(id, "accept"), "Bearer " + approverToken, null));
            List<Integer> statuses = List.of(fa.join().status(), fb.join().status());
            assertThat(statuses).as("accept of CCO %d on both instances", id).containsExactlyInAnyOrder(200, 409);
        }
        awaitSynced(ids, Duration.ofSeconds(90));
        awaitNoJobs();
        verifyExportedOnce(ids, 1);
        assertThat(emu.stats().requests("PUT", "ChangeOrder", null) - putsBefore)
                .as("one change order written per CCO: each job ran once").isEqualTo(ids.size());
        assertThat(jdbc.sql("select count(*) from erp_export where cco_id in (:ids) and attempts <> 1")
                .param("ids", ids).query(Integer.class).single()).isZero();

        // reverse + release every change order in the ERP; then both instances unlink the same CCO at once
        for (long id : ids) {
            String ref = jdbc.sql("select erp_key from erp_link where cco_id = ?").params(id).query(String.class).single();
            String reversing = emu.store().reverse(ref);
            emu.store().removeHold(reversing);
            emu.store().release(reversing);
        }
        for (long id : ids) {
            var fa = CompletableFuture.supplyAsync(() -> send(a, "POST", erpPath(id, "unlink"), "Bearer " + approverToken, null));
            var fb = CompletableFuture.supplyAsync(() -> send(b, "POST", erpPath(id, "unlink"), "Bearer " + approverToken, null));
            Reply ra = fa.join();
            Reply rb = fb.join();
            assertThat(List.of(ra.status(), rb.status())).as("unlink of CCO %d: %s / %s", id, ra.body(), rb.body())
                    .containsExactlyInAnyOrder(200, 409);
        }
        assertThat(jdbc.sql("select count(*) from erp_link where cco_id in (:ids)").param("ids", ids)
                .query(Integer.class).single()).isZero();
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'cco.unlinked' and record_id in (:ids)")
                .param("ids", ids).query(Integer.class).single())
                .as("one unlink audited per CCO").isEqualTo(ids.size());

        // exported again (the reference text's last step), through both instances: a new change order each
        sendAndAccept(List.of(a, b), ids);
        awaitSynced(ids, Duration.ofSeconds(90));
        awaitNoJobs();
        verifyExportedOnce(ids, 2);
        assertThat(emu.stats().requests("PUT", "ChangeOrder", null) - putsBefore).isEqualTo(2L * ids.size());
        // +1.00 exported, -1.00 reversed, +1.00 exported again
        assertThat(emu.store().subcontractLine("SC0001", 1).subtract(lineBefore)).isEqualByComparingTo("40.00");
        stopServices();
    }

    @Test
    @Order(3)
    @Timeout(180)
    void databaseRestartedUnderLoadLosesNothing() throws Exception {
        ServiceProcess p = startService().awaitReady(Duration.ofSeconds(90));
        lookUpDemo(p);
        List<Long> ids = ccos(100);
        BigDecimal lineBefore = emu.store().subcontractLine("SC0001", 1);
        emu.faults().setLatencyMs(300);
        sendAndAccept(List.of(p), ids);
        emu.faults().setLatencyMs(5);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (synced(ids) < 30 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        int before = synced(ids);
        pool.close(); // the test's own connections: made again below (the service's own pool must recover by itself)
        pg.close();
        Thread.sleep(3000);
        pg = startPostgres();
        connect();
        System.out.println("RELIABILITY database restarted at " + before + " of " + ids.size() + " synced");
        awaitSynced(ids, Duration.ofSeconds(120));
        awaitNoJobs();
        verifyExportedOnce(ids, 1);
        assertThat(emu.store().subcontractLine("SC0001", 1).subtract(lineBefore)).isEqualByComparingTo("100.00");
        // the same process (no restart) still serves requests on fresh connections
        assertThat(p.alive()).isTrue();
        assertThat(send(p, "GET", "/rest/v1.0/me", "Bearer " + pmToken, null).status()).isEqualTo(200);
        stopServices();
    }

    // ------------------------------------------------------------------------------------------------------------

    record Reply(int status, String body, JsonNode json) {
    }

    private static Reply send(ServiceProcess p, String method, String path, String authorization, String json) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(p.base() + path)).timeout(Duration.ofSeconds(60))
                .header("Authorization", authorization).header("Accept", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        try {
            HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode node = r.body() != null && r.body().startsWith("{") ? JSON.readTree(r.body()) : null;
            return new Reply(r.statusCode(), r.body(), node);
        } catch (IOException e) {
            return new Reply(-1, e.toString(), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
