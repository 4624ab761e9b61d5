package com.crosswalk.erp.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.crosswalk.IntegrationTest;
import com.crosswalk.TestApi;
import com.crosswalk.erp.connection.ErpConnectors;
import com.crosswalk.erp.unlink.UnlinkTestSupport;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Outgoing webhooks against a real HTTP receiver (the JDK's HttpServer in this test): a CCO exported for real (Send,
 * Accept, the background export to the emulator) reaches the receiver signed — the test computes the HMAC-SHA256 of
 * timestamp + "." + body with the secret it was shown once and compares it with the header, and a changed timestamp
 * fails that check; the receiver answers 500 first, so the
 * db-scheduler task tries again with backoff and the delivery log shows both attempts (500, then 200); Redeliver sends
 * the same payload again as a new delivery. Bad URLs and events are a 400; only admins manage webhooks.
 */
@IntegrationTest
class WebhookDeliveryTest {

    private static final Duration WITHIN = Duration.ofSeconds(30);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    ErpConnectors connectors;
    @Autowired
    WebhookEvents events;
    @Autowired
    org.springframework.transaction.support.TransactionTemplate tx;

    record Received(String signature, String timestamp, String delivery, String event, String body, int answered) {
    }

    private HttpServer receiver;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final AtomicBoolean failFirst = new AtomicBoolean(true);

    @BeforeEach
    void startReceiver() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            int code = failFirst.getAndSet(false) ? 500 : 200;
            var h = exchange.getRequestHeaders();
            received.add(new Received(h.getFirst("X-Crosswalk-Signature"), h.getFirst("X-Crosswalk-Timestamp"),
                    h.getFirst("X-Crosswalk-Delivery"), h.getFirst("X-Crosswalk-Event"), body, code));
            exchange.sendResponseHeaders(code, -1);
            exchange.close();
        });
        receiver.start();
    }

    @AfterEach
    void stopReceiver() {
        receiver.stop(0);
    }

    @Test
    void anExportIsDeliveredSignedRetriedAfterA500AndRedelivered() throws Exception {
        UnlinkTestSupport t = new UnlinkTestSupport(port, jdbc);
        long companyId = t.demoCompanyId();
        String hooks = "/rest/v1.0/companies/" + companyId + "/webhooks";
        String url = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
        TestApi.Response created = TestApi.as(port, "approver").post(hooks,
                "{\"url\":\"" + url + "\",\"events\":[\"exported\"],\"description\":\"Test receiver\"}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String secret = created.json().get("secret").asString();
        long hookId = created.json().get("webhook").get("id").asLong();
        assertThat(secret).startsWith("whsec_");
        // the secret is shown once: never in the webhook itself nor in its list
        assertThat(TestApi.as(port, "approver").get(hooks + "/" + hookId).body()).doesNotContain(secret);
        assertThat(TestApi.as(port, "approver").get(hooks).body()).doesNotContain(secret);
        try {
            String title = "Webhook " + UUID.randomUUID().toString().substring(0, 6);
            UnlinkTestSupport.Synced synced = t.syncedCco(connectors, companyId, title, new BigDecimal("77.00"));

            // first attempt answered 500, the retry 200: two requests of the same delivery, both signed
            List<Received> mine = await(() -> received.stream()
                    .filter(r -> r.body().contains("\"record_id\":" + synced.ccoId() + ",")).toList(), 2);
            Received first = mine.get(0);
            Received second = mine.get(1);
            assertThat(first.answered()).isEqualTo(500);
            assertThat(second.answered()).isEqualTo(200);
            assertThat(second.delivery()).isEqualTo(first.delivery());
            assertThat(second.body()).isEqualTo(first.body());
            for (Received r : mine) {
                // Stripe's scheme: HMAC(secret, timestamp + "." + body)
                assertThat(r.signature()).isEqualTo("sha256=" + hmac(secret, r.timestamp() + "." + r.body()));
                assertThat(verify(secret, r.timestamp(), r.body(), r.signature())).isTrue();
                // a changed timestamp (a replay made to look fresh) or body fails verification
                assertThat(verify(secret, Long.toString(Long.parseLong(r.timestamp()) + 600), r.body(),
                        r.signature())).isFalse();
                assertThat(verify(secret, r.timestamp(), r.body() + " ", r.signature())).isFalse();
                assertThat(Long.parseLong(r.timestamp())).isCloseTo(System.currentTimeMillis() / 1000,
                        org.assertj.core.data.Offset.offset(120L));
                assertThat(r.event()).isEqualTo("exported");
            }
            assertThat(verify("whsec_wrong", first.timestamp(), first.body(), first.signature())).isFalse();
            JsonNode payload = JSON.readTree(first.body());
            assertThat(payload.get("event").asString()).isEqualTo("exported");
            assertThat(payload.get("record_type").asString()).isEqualTo("commitment_change_order");
            assertThat(payload.get("company_id").asLong()).isEqualTo(companyId);
            assertThat(payload.get("data").get("erp_key").asString()).isEqualTo(synced.refNbr());

            // the delivery log: both attempts, with their response codes
            long deliveryId = Long.parseLong(first.delivery());
            JsonNode delivery = awaitDelivery(hooks + "/" + hookId + "/deliveries", deliveryId, "delivered");
            assertThat(delivery.get("attempts").asInt()).isEqualTo(2);
            JsonNode log = delivery.get("attempt_log");
            assertThat(log.get(0).get("response_code").asInt()).isEqualTo(500);
            assertThat(log.get(0).get("error").asString()).contains("500");
            assertThat(log.get(1).get("response_code").asInt()).isEqualTo(200);
            assertThat(log.get(1).get("error").isNull()).isTrue();

            // the webhook's page shows the log, each attempt's response code, and a Redeliver button
            com.crosswalk.TestSession admin = com.crosswalk.TestSession.signIn(port, "approver");
            var page = admin.get("/erp/webhooks/" + hookId);
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("id=\"redeliver-" + deliveryId + "\"", "<strong>500</strong>",
                    "<strong>200</strong>", "The receiver answered 500");
            assertThat(com.crosswalk.TestSession.signIn(port, "pm").get("/erp/webhooks/" + hookId).statusCode())
                    .isEqualTo(403);

            // Redeliver sends the same payload again, as a new delivery
            TestApi.Response again = TestApi.as(port, "approver").post(hooks + "/" + hookId + "/deliveries/"
                    + deliveryId + "/redeliver", null);
            assertThat(again.status()).as(again.body()).isEqualTo(201);
            long redeliveryId = again.json().get("id").asLong();
            List<Received> third = await(() -> received.stream()
                    .filter(r -> r.delivery().equals(Long.toString(redeliveryId))).toList(), 1);
            assertThat(third.get(0).body()).isEqualTo(first.body());
            assertThat(verify(secret, third.get(0).timestamp(), first.body(), third.get(0).signature())).isTrue();
            JsonNode redelivered = awaitDelivery(hooks + "/" + hookId + "/deliveries", redeliveryId, "delivered");
            assertThat(redelivered.get("redelivery_of").asLong()).isEqualTo(deliveryId);
        } finally {
            assertThat(TestApi.as(port, "approver").delete(hooks + "/" + hookId).status()).isEqualTo(204);
        }
        assertThat(TestApi.as(port, "approver").get(hooks + "/" + hookId).status()).isEqualTo(404);
    }

    /**
     * The lifecycle's events as SyncRecords hands them over: only the subscribed ones are delivered (unlinked, drift;
     * not failed), and an event whose transaction rolls back is never delivered (the delivery is enqueued in it).
     */
    @Test
    void onlySubscribedEventsOfCommittedTransitionsAreDelivered() throws Exception {
        failFirst.set(false);
        long companyId = new UnlinkTestSupport(port, jdbc).demoCompanyId();
        String hooks = "/rest/v1.0/companies/" + companyId + "/webhooks";
        String url = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
        TestApi.Response created = TestApi.as(port, "approver").post(hooks,
                "{\"url\":\"" + url + "\",\"events\":[\"unlinked\",\"drift\"]}");
        assertThat(created.status()).isEqualTo(201);
        long hookId = created.json().get("webhook").get("id").asLong();
        long record = 900_000_000L + (long) (Math.random() * 1_000_000);
        try {
            tx.executeWithoutResult(s -> {
                events.lifecycleEvent(companyId, "cco.unlinked", "commitment_change_order", record, "Unlinked",
                        Map.of("state", "unlinked"));
                events.lifecycleEvent(companyId, "export.failed", "commitment_change_order", record, "Failed",
                        Map.of("state", "failed"));
                events.lifecycleEvent(companyId, "erp.status_changed", "commitment_change_order", record,
                        "Gone from the ERP", Map.of("erp_status", "gone"));
                events.lifecycleEvent(companyId, "export.sent", "commitment_change_order", record, "Sent", Map.of());
            });
            tx.executeWithoutResult(s -> {
                events.lifecycleEvent(companyId, "cco.unlinked", "commitment_change_order", record + 1, "Unlinked",
                        Map.of("state", "unlinked"));
                s.setRollbackOnly();
            });
            List<Received> mine = await(() -> received.stream()
                    .filter(r -> r.body().contains("\"record_id\":" + record + ",")).toList(), 2);
            Thread.sleep(1000); // anything else would have arrived by now
            mine = received.stream().filter(r -> r.body().contains("\"record_id\":" + record + ",")).toList();
            assertThat(mine).extracting(Received::event).containsExactlyInAnyOrder("unlinked", "drift");
            assertThat(received).noneMatch(r -> r.body().contains("\"record_id\":" + (record + 1) + ","));
            assertThat(jdbc.sql("select count(*) from webhook_delivery where webhook_id = ?").params(hookId)
                    .query(Long.class).single()).isEqualTo(2);
        } finally {
            TestApi.as(port, "approver").delete(hooks + "/" + hookId);
        }
    }

    @Test
    void badUrlsAndEventsAreRefusedAndOnlyAdminsManageWebhooks() {
        long companyId = new UnlinkTestSupport(port, jdbc).demoCompanyId();
        String hooks = "/rest/v1.0/companies/" + companyId + "/webhooks";
        for (String bad : List.of("ftp://example.com/x", "javascript:alert(1)", "http://", "not a url", "/relative",
                "http://user:pw@example.com/x", "file:///etc/passwd", "https://exa mple.com")) {
            TestApi.Response r = TestApi.as(port, "approver").post(hooks,
                    JSON.writeValueAsString(Map.of("url", bad, "events", List.of("exported"))));
            assertThat(r.status()).as(bad + ": " + r.body()).isEqualTo(400);
            assertThat(r.message()).contains("url");
        }
        TestApi.Response badEvent = TestApi.as(port, "approver").post(hooks,
                "{\"url\":\"https://example.com/x\",\"events\":[\"exploded\"]}");
        assertThat(badEvent.status()).isEqualTo(400);
        assertThat(TestApi.as(port, "approver").post(hooks, "{\"url\":\"https://example.com/x\",\"events\":[]}")
                .status()).isEqualTo(400);
        assertThat(TestApi.as(port, "pm").post(hooks, "{\"url\":\"https://example.com/x\",\"events\":[\"failed\"]}")
                .status()).isEqualTo(403);
        assertThat(TestApi.as(port, "pm").get(hooks).status()).isEqualTo(403);
        // another company's webhooks: not found
        long northwind = jdbc.sql("select id from company where name = 'Northwind Construction'").query(Long.class)
                .single();
        assertThat(TestApi.as(port, "approver").get("/rest/v1.0/companies/" + northwind + "/webhooks").status())
                .isEqualTo(404);
        // update: a paused webhook, its events changed
        TestApi.Response made = TestApi.as(port, "approver").post(hooks,
                "{\"url\":\"https://example.com/x\",\"events\":[\"failed\",\"drift\"]}");
        long id = made.json().get("webhook").get("id").asLong();
        TestApi.Response changed = TestApi.as(port, "approver").patch(hooks + "/" + id,
                "{\"events\":[\"unlinked\"],\"active\":false}");
        assertThat(changed.status()).isEqualTo(200);
        assertThat(changed.json().get("events").get(0).asString()).isEqualTo("unlinked");
        assertThat(changed.json().get("active").asBoolean()).isFalse();
        assertThat(TestApi.as(port, "approver").patch(hooks + "/" + id, "{\"url\":\"gopher://x\"}").status())
                .isEqualTo(400);
        assertThat(TestApi.as(port, "approver").delete(hooks + "/" + id).status()).isEqualTo(204);
    }

    /**
     * Server-side request forgery: a URL whose host is this machine or a private network is refused with a 400 in
     * plain words unless crosswalk.webhooks.allowed-private-hosts lists it (the tests list 127.0.0.1 and localhost);
     * and the host is checked again before each delivery attempt (its name may resolve elsewhere by then).
     */
    @Test
    void privateAddressesAreRefusedWhenSavedAndWhenDelivering() throws Exception {
        long companyId = new UnlinkTestSupport(port, jdbc).demoCompanyId();
        String hooks = "/rest/v1.0/companies/" + companyId + "/webhooks";
        long before = jdbc.sql("select count(*) from webhook where company_id = ?").params(companyId)
                .query(Long.class).single();
        for (String bad : List.of("http://10.0.0.7/hook", "http://172.16.5.4/hook", "http://192.168.1.1/hook",
                "http://169.254.169.254/latest/meta-data", "http://[::1]:8080/hook", "http://[fd00::1]/hook",
                "http://0.0.0.0:8080/hook", "http://224.0.0.1/hook", "http://127.0.0.2/hook", "http://[fe80::1]/x")) {
            TestApi.Response r = TestApi.as(port, "approver").post(hooks,
                    JSON.writeValueAsString(Map.of("url", bad, "events", List.of("exported"))));
            assertThat(r.status()).as(bad + ": " + r.body()).isEqualTo(400);
            assertThat(r.message()).as(bad).contains("Crosswalk does not send webhooks to this machine or a "
                    + "private network");
        }
        assertThat(jdbc.sql("select count(*) from webhook where company_id = ?").params(companyId)
                .query(Long.class).single()).isEqualTo(before);
        // a change of URL is checked the same way
        String url = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
        TestApi.Response created = TestApi.as(port, "approver").post(hooks,
                "{\"url\":\"" + url + "\",\"events\":[\"drift\"]}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        long hookId = created.json().get("webhook").get("id").asLong();
        try {
            TestApi.Response moved = TestApi.as(port, "approver").patch(hooks + "/" + hookId,
                    "{\"url\":\"http://192.168.0.10/hook\"}");
            assertThat(moved.status()).isEqualTo(400);
            assertThat(moved.message()).contains("192.168.0.10 is 192.168.0.10, a private address");
            // the page's form says it too (back on the form, as typed)
            com.crosswalk.TestSession admin = com.crosswalk.TestSession.signIn(port, "approver");
            var posted = admin.post("/erp/webhooks", com.crosswalk.TestSession.form("url", "http://10.1.1.1/x",
                    "events", "drift"));
            assertThat(posted.statusCode()).isEqualTo(302);
            assertThat(admin.get("/erp/webhooks").body()).contains("id=\"form-error\"")
                    .contains("Crosswalk does not send webhooks to this machine or a private network");

            // at delivery time: the stored address now points into the private network (as after a DNS change)
            jdbc.sql("update webhook set url = 'http://10.255.255.1:9/hook' where id = ?").params(hookId).update();
            long record = 910_000_000L + (long) (Math.random() * 1_000_000);
            tx.executeWithoutResult(s -> events.lifecycleEvent(companyId, "erp.status_changed",
                    "commitment_change_order", record, "Gone from the ERP", Map.of("erp_status", "gone")));
            long deliveryId = jdbc.sql("select max(id) from webhook_delivery where webhook_id = ?").params(hookId)
                    .query(Long.class).single();
            JsonNode failed = awaitDelivery(hooks + "/" + hookId + "/deliveries", deliveryId, "failed");
            for (JsonNode attempt : failed.get("attempt_log")) {
                assertThat(attempt.get("error").asString()).contains("10.255.255.1 is 10.255.255.1, a private "
                        + "address");
                assertThat(attempt.get("response_code").isNull()).isTrue();
            }
            assertThat(received).noneMatch(r -> r.body().contains("\"record_id\":" + record + ","));
        } finally {
            TestApi.as(port, "approver").delete(hooks + "/" + hookId);
        }
    }

    /** What a receiver does: recompute HMAC(secret, timestamp + "." + body) and compare in constant time. */
    private static boolean verify(String secret, String timestamp, String body, String header) throws Exception {
        byte[] expected = ("sha256=" + hmac(secret, timestamp + "." + body)).getBytes(StandardCharsets.UTF_8);
        return java.security.MessageDigest.isEqual(expected, header.getBytes(StandardCharsets.UTF_8));
    }

    private static String hmac(String secret, String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return java.util.HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    }

    private <T> List<T> await(java.util.function.Supplier<List<T>> what, int atLeast) throws InterruptedException {
        long deadline = System.nanoTime() + WITHIN.toNanos();
        List<T> got = what.get();
        while (got.size() < atLeast && System.nanoTime() < deadline) {
            Thread.sleep(50);
            got = what.get();
        }
        assertThat(got).as("received: " + received).hasSizeGreaterThanOrEqualTo(atLeast);
        return got;
    }

    private JsonNode awaitDelivery(String path, long id, String state) throws InterruptedException {
        long deadline = System.nanoTime() + WITHIN.toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            TestApi.Response r = TestApi.as(port, "approver").get(path);
            assertThat(r.status()).isEqualTo(200);
            for (JsonNode d : r.json()) {
                if (d.get("id").asLong() == id) {
                    last = d;
                    if (d.get("state").asString().equals(state)) {
                        return d;
                    }
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("delivery " + id + " not " + state + ": " + last);
    }
}
