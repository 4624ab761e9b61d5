package com.crosswalk.acumatica.emulator.push;

import com.crosswalk.acumatica.emulator.store.JsonCodec;
import com.crosswalk.acumatica.emulator.store.Store;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

/**
 * Push notifications (Integration → Push Notifications, SM302000) with the Webhook destination type.
 *
 * <p>What Acumatica documents, and this does:
 * <ul>
 * <li>A definition monitors a query; when a data transaction changes the query's results, a notification is sent with
 * the rows new in the results ({@code Inserted}) and the rows gone from them ({@code Deleted}) — an updated row is in
 * both — and {@code Query}, {@code CompanyId} (the tenant), {@code Id} (unique per transaction, for dropping
 * duplicates), {@code TimeStamp} (a {@code long} ordering the notifications) and {@code AdditionalInfo}.
 * Source: Integration Development Guide, "Push Notifications: Format" (IntegrationDev_PushNotifications_Format).</li>
 * <li>Webhook: an HTTP POST to the definition's address, with at most one custom header (Header Name / Header Value);
 * {@code Accept} and {@code Content-Type} are set by the system; the payload is not signed. An error reply makes it
 * send again, at most five attempts; a notification that failed is kept for re-sending (SM502000) for two days.
 * Source: "Push Notifications: Destinations" and "Push Notifications: Failed Notifications".</li>
 * </ul>
 * <p>Not documented, chosen here: the query is one entity of the contract-based endpoint with the fields named by the
 * definition (a generic inquiry in Acumatica); transactions committed in quick succession may be sent as one
 * notification (the results are compared after each change, on one thread); attempts are 0.5 s, 1 s, 2 s, 4 s apart
 * (Acumatica does not say); a resent failed notification keeps its {@code Id}. For tests, {@link #setMode} drops or
 * duplicates deliveries.
 */
public final class PushNotifications implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(PushNotifications.class.getName());
    /** .NET ticks (100 ns since 0001-01-01) at the Unix epoch: Acumatica's TimeStamp is a long of that kind. */
    private static final long TICKS_AT_EPOCH = 621_355_968_000_000_000L;
    private static final int MAX_ATTEMPTS = 5;

    /** One definition: a query (an entity and its fields) sent to a webhook address with an optional header. */
    public record Definition(String name, String entity, List<String> fields, String address, String headerName,
            String headerValue) {
        public Definition {
            if (name == null || entity == null || address == null || fields == null) {
                throw new IllegalArgumentException("a push notification needs name, entity, fields and address");
            }
            if (com.crosswalk.acumatica.emulator.store.EntityDef.byName(entity) == null) {
                throw new IllegalArgumentException("no entity " + entity);
            }
            fields = List.copyOf(fields);
            if (fields.isEmpty()) throw new IllegalArgumentException("a push notification needs the fields it tracks");
        }
    }

    /** What happens to deliveries (tests): sent as Acumatica does, not sent at all, or sent twice. */
    public enum Mode { NORMAL, DROP, DUPLICATE }

    /** A notification that could not be delivered in five attempts (Process Push Notifications, SM502000). */
    public record Failed(String id, String definition, String body, String lastError) {
    }

    private final Store store;
    private final String tenant;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, Definition> definitions = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> lastResults = new ConcurrentHashMap<>();
    private final List<Failed> failed = new CopyOnWriteArrayList<>();
    private final ExecutorService differ = Executors.newSingleThreadExecutor(daemon("acumatica-emulator-push-diff"));
    private final ScheduledExecutorService sender = Executors.newSingleThreadScheduledExecutor(
            daemon("acumatica-emulator-push-send"));
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong lastTicks = new AtomicLong();
    private volatile Mode mode = Mode.NORMAL;

    public PushNotifications(Store store, String tenant) {
        this.store = store;
        this.tenant = tenant;
        store.addChangeListener(() -> differ.execute(this::compare));
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    /** Adds or replaces a definition; its query's current results are the baseline (nothing is sent for them). */
    public void define(Definition d) {
        try {
            // on the comparing thread, so no change is compared against a baseline taken before it
            differ.submit(() -> {
                definitions.put(d.name(), d);
                lastResults.put(d.name(), results(d));
            }).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("push notification " + d.name() + " not defined: " + e, e);
        }
    }

    public void remove(String name) {
        differ.execute(() -> {
            definitions.remove(name);
            lastResults.remove(name);
        });
    }

    public List<Definition> definitions() {
        return List.copyOf(definitions.values());
    }

    public void setMode(Mode mode) {
        this.mode = mode;
    }

    /** Notifications delivered (2xx) since start. */
    public long sent() {
        return sent.get();
    }

    public List<Failed> failed() {
        return List.copyOf(failed);
    }

    /** Sends the failed notifications again (SM502000's Send All); they leave the list. */
    public void resendFailed() {
        List<Failed> again = List.copyOf(failed);
        failed.removeAll(again);
        for (Failed f : again) {
            Definition d = definitions.get(f.definition());
            if (d != null) sender.execute(() -> attempt(d, f.id(), f.body(), 1));
        }
    }

    /** Waits until every change so far has been compared and its notification handed to the sender (tests). */
    public void awaitCompared() {
        try {
            differ.submit(() -> { }).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Waits until every change so far has been compared and its notification's first attempt made (tests). */
    public void awaitDelivered() {
        awaitCompared();
        try {
            sender.submit(() -> { }).get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private Set<String> results(Definition d) {
        ArrayNode rows = store.list(d.entity(), null, String.join(",", d.fields()), null, null, null);
        Set<String> out = new LinkedHashSet<>();
        for (JsonNode row : rows) {
            ObjectNode flat = JsonCodec.F.objectNode();
            for (String f : d.fields()) {
                JsonNode v = row.path(f).path("value");
                flat.set(f, v.isMissingNode() ? JsonCodec.F.nullNode() : v);
            }
            out.add(flat.toString());
        }
        return out;
    }

    private void compare() {
        for (Definition d : definitions.values()) {
            Set<String> before = lastResults.getOrDefault(d.name(), Set.of());
            Set<String> now;
            try {
                now = results(d);
            } catch (RuntimeException e) {
                LOG.warning("push notification " + d.name() + ": query failed: " + e);
                continue;
            }
            lastResults.put(d.name(), now);
            List<String> inserted = new ArrayList<>();
            for (String r : now) if (!before.contains(r)) inserted.add(r);
            List<String> deleted = new ArrayList<>();
            for (String r : before) if (!now.contains(r)) deleted.add(r);
            if (inserted.isEmpty() && deleted.isEmpty()) continue;
            ObjectNode body = JsonCodec.F.objectNode();
            ArrayNode ins = body.putArray("Inserted");
            ArrayNode del = body.putArray("Deleted");
            try {
                for (String r : inserted) ins.add(JsonCodec.MAPPER.readTree(r));
                for (String r : deleted) del.add(JsonCodec.MAPPER.readTree(r));
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
            String id = UUID.randomUUID().toString();
            body.put("Query", d.name());
            body.put("CompanyId", tenant);
            body.put("Id", id);
            body.put("TimeStamp", nextTicks());
            body.putObject("AdditionalInfo");
            String json = body.toString();
            switch (mode) {
                case DROP -> LOG.fine(() -> "push notification " + id + " dropped (test mode)");
                case DUPLICATE -> {
                    sender.execute(() -> attempt(d, id, json, 1));
                    sender.execute(() -> attempt(d, id, json, 1));
                }
                default -> sender.execute(() -> attempt(d, id, json, 1));
            }
        }
    }

    /** Strictly increasing .NET ticks of now. */
    private long nextTicks() {
        long now = TICKS_AT_EPOCH + System.currentTimeMillis() * 10_000L;
        return lastTicks.updateAndGet(last -> Math.max(last + 1, now));
    }

    private void attempt(Definition d, String id, String body, int attempt) {
        String error;
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(d.address())).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json").header("Accept", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body));
            if (d.headerName() != null && !d.headerName().isBlank()) b.header(d.headerName(), d.headerValue());
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() / 100 == 2) {
                sent.incrementAndGet();
                return;
            }
            error = "HTTP " + r.statusCode();
        } catch (java.io.IOException e) {
            error = e.toString();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (attempt >= MAX_ATTEMPTS) {
            failed.add(new Failed(id, d.name(), body, error));
            LOG.info("push notification " + id + " to " + d.address() + " failed " + MAX_ATTEMPTS + " times: " + error);
            return;
        }
        long delayMs = 500L << (attempt - 1);
        sender.schedule(() -> attempt(d, id, body, attempt + 1), delayMs, TimeUnit.MILLISECONDS);
    }

    /** The definitions as JSON (the admin endpoint). */
    public ArrayNode toJson() {
        ArrayNode out = JsonCodec.F.arrayNode();
        for (Definition d : definitions.values()) {
            ObjectNode o = out.addObject();
            o.put("name", d.name());
            o.put("entity", d.entity());
            ArrayNode f = o.putArray("fields");
            d.fields().forEach(f::add);
            o.put("address", d.address());
            o.put("headerName", d.headerName());
        }
        return out;
    }

    /** A definition from the admin endpoint's JSON body. */
    public static Definition fromJson(JsonNode body) {
        List<String> fields = new ArrayList<>();
        for (Iterator<JsonNode> it = body.path("fields").elements(); it.hasNext(); ) fields.add(it.next().asText());
        return new Definition(body.path("name").asText(null), body.path("entity").asText(null), fields,
                body.path("address").asText(null), body.path("headerName").asText(null),
                body.path("headerValue").asText(null));
    }

    @Override
    public void close() {
        differ.shutdownNow();
        sender.shutdownNow();
    }

}
