package com.crosswalk.acumatica.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.crosswalk.acumatica.emulator.push.PushNotifications;
import com.crosswalk.acumatica.emulator.push.PushNotifications.Definition;
import com.crosswalk.acumatica.emulator.push.PushNotifications.Mode;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Push notifications to a webhook (IntegrationDev_PushNotifications_Format / _Destinations / _FailedNotifications):
 * the rows new in and gone from the query's results, the documented elements, the one custom header, at most five
 * attempts, failed ones kept for re-sending; and the test switches.
 */
class PushNotificationsTest {

    record Received(String header, JsonNode body) {
    }

    AcumaticaEmulator emu;
    Api api;
    HttpServer receiver;
    final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    final AtomicInteger answer = new AtomicInteger(200);
    final AtomicInteger calls = new AtomicInteger();

    @BeforeEach
    void start() throws Exception {
        emu = AcumaticaEmulator.start(EmulatorConfig.defaults().withPort(0).withDemo(true));
        api = new Api(emu);
        api.login();
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 10);
        receiver.createContext("/hook", ex -> {
            calls.incrementAndGet();
            byte[] body = ex.getRequestBody().readAllBytes();
            int status = answer.get();
            if (status == 200) {
                received.add(new Received(ex.getRequestHeaders().getFirst("X-Secret"), Api.M.readTree(body)));
            }
            ex.sendResponseHeaders(status, -1);
            ex.close();
        });
        receiver.start();
        emu.push().define(new Definition("Crosswalk change orders", "ChangeOrder",
                List.of("RefNbr", "Status", "ReverseStatus", "ExternalRefNbr", "OriginalCORefNbr"),
                "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook", "X-Secret", "s3cret"));
    }

    @AfterEach
    void stop() {
        receiver.stop(0);
        assertThat(emu.contractViolations()).isEmpty();
        emu.close();
    }

    private String export(String ext) {
        Api.Res r = api.put("ChangeOrder?$expand=Commitments", Api.newCo(ext, 1, "100.00"), "If-None-Match", "*");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().at("/RefNbr/value").asText();
    }

    private Received next() throws InterruptedException {
        Received r = received.poll(10, TimeUnit.SECONDS);
        assertThat(r).as("a push notification").isNotNull();
        return r;
    }

    @Test
    void anInsertAndAnUpdateAreSentWithTheDocumentedElementsAndTheCustomHeader() throws Exception {
        String ref = export("CW-PUSH-1");
        Received inserted = next();
        assertThat(inserted.header()).isEqualTo("s3cret");
        JsonNode body = inserted.body();
        assertThat(body.get("Query").asText()).isEqualTo("Crosswalk change orders");
        assertThat(body.get("CompanyId").asText()).isEqualTo("Demo");
        assertThat(body.get("Id").asText()).matches("[0-9a-f-]{36}");
        assertThat(body.get("TimeStamp").isIntegralNumber()).isTrue();
        assertThat(body.get("AdditionalInfo").isObject()).isTrue();
        assertThat(body.get("Deleted")).isEmpty();
        assertThat(body.get("Inserted")).hasSize(1);
        assertThat(body.at("/Inserted/0/RefNbr").asText()).isEqualTo(ref);
        assertThat(body.at("/Inserted/0/Status").asText()).isEqualTo("On Hold");
        assertThat(body.at("/Inserted/0/ExternalRefNbr").asText()).isEqualTo("CW-PUSH-1");

        // an update: the row as it was is Deleted, as it is now Inserted; later notifications order after
        assertThat(api.post("ChangeOrder/RemoveChangeOrderFromHold", Api.coRef(ref)).status()).isEqualTo(204);
        JsonNode update = next().body();
        assertThat(update.at("/Deleted/0/Status").asText()).isEqualTo("On Hold");
        assertThat(update.at("/Inserted/0/Status").asText()).isEqualTo("Open");
        assertThat(update.get("TimeStamp").asLong()).isGreaterThan(body.get("TimeStamp").asLong());
        assertThat(update.get("Id").asText()).isNotEqualTo(body.get("Id").asText());
    }

    @Test
    void aReversalReleasedIsSeenOnTheOriginalAndOnTheReversingChangeOrder() throws Exception {
        String ref = export("CW-PUSH-2");
        emu.store().removeHold(ref);
        emu.store().release(ref);
        emu.push().awaitCompared();
        received.clear();
        String reversing = emu.store().reverse(ref);
        emu.store().removeHold(reversing);
        emu.store().release(reversing);
        emu.push().awaitCompared();
        boolean originalReversed = false;
        boolean reversingClosed = false;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while ((!originalReversed || !reversingClosed) && System.nanoTime() < deadline) {
            Received r = received.poll(1, TimeUnit.SECONDS);
            if (r == null) continue;
            for (JsonNode row : r.body().get("Inserted")) {
                originalReversed |= row.get("RefNbr").asText().equals(ref)
                        && row.get("ReverseStatus").asText().equals("Reversed");
                reversingClosed |= row.get("RefNbr").asText().equals(reversing)
                        && row.get("OriginalCORefNbr").asText().equals(ref) && row.get("Status").asText().equals("Closed");
            }
        }
        assertThat(originalReversed).as("original shown Reversed").isTrue();
        assertThat(reversingClosed).as("reversing shown released (Closed)").isTrue();
    }

    @Test
    void anErrorReplyIsSentAgainAtMostFiveTimesThenKeptForResending() throws Exception {
        answer.set(500);
        export("CW-PUSH-3");
        emu.push().awaitCompared();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (emu.push().failed().isEmpty() && System.nanoTime() < deadline) Thread.sleep(100);
        assertThat(emu.push().failed()).hasSize(1);
        assertThat(calls.get()).isEqualTo(5);

        answer.set(200);
        String id = emu.push().failed().get(0).id();
        emu.push().resendFailed();
        Received again = next();
        assertThat(again.body().get("Id").asText()).isEqualTo(id);
        assertThat(emu.push().failed()).isEmpty();
    }

    @Test
    void testSwitchesDropOrDuplicateDeliveries() throws Exception {
        emu.push().setMode(Mode.DROP);
        export("CW-PUSH-4");
        emu.push().awaitCompared();
        assertThat(received.poll(1, TimeUnit.SECONDS)).isNull();

        emu.push().setMode(Mode.DUPLICATE);
        export("CW-PUSH-5");
        Received first = next();
        Received second = next();
        assertThat(second.body().get("Id").asText()).isEqualTo(first.body().get("Id").asText());
        emu.push().setMode(Mode.NORMAL);
    }

    @Test
    void theAdminEndpointDefinesAndListsThem() {
        AcumaticaEmulator admin = AcumaticaEmulator.start(EmulatorConfig.defaults().withPort(0).withDemo(true)
                .withAdmin(true));
        try {
            Api a = new Api(admin);
            Api.Res r = a.post("/emulator/admin/push-notifications", """
                    {"name":"Bills","entity":"ChangeOrder","fields":["RefNbr"],"address":"http://127.0.0.1:9/x",
                     "headerName":"X-Secret","headerValue":"v"}""");
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            assertThat(r.json().at("/definitions/0/name").asText()).isEqualTo("Bills");
            assertThat(r.json().at("/definitions/0/headerValue").isMissingNode()).as("the secret is not echoed").isTrue();
            assertThat(a.post("/emulator/admin/push-notifications", "{\"name\":\"x\"}").status()).isEqualTo(400);
            assertThat(admin.push().definitions()).extracting(PushNotifications.Definition::name).containsExactly("Bills");
        } finally {
            admin.close();
        }
    }
}
