package com.crosswalk.acumatica.client;

import com.crosswalk.acumatica.client.query.Query;
import com.fasterxml.jackson.databind.JsonNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Read and write one Acumatica entity as typed records. Thread-safe.
 *
 * <p>Retries: reads and deletes are retried on every retryable failure. An insert whose outcome is unknown
 * (timeout, dropped connection, 5xx) is resolved by looking the record up (by its key fields, or for change orders
 * by ExternalRefNbr) before it is sent again; records without a natural key (auto-numbered subcontracts / purchase
 * orders) cannot be looked up, so for them the outcome-unknown failure is thrown to the caller.
 *
 * @param <T> the record type
 */
public class EntityApi<T> {

    private static final Logger log = LoggerFactory.getLogger(EntityApi.class);

    final Transport transport;
    final EntityMapper<T> mapper;

    EntityApi(Transport transport, EntityMapper<T> mapper) {
        this.transport = transport;
        this.mapper = mapper;
    }

    /** Entity name in the URL, e.g. {@code Vendor}. */
    public String entityName() { return mapper.entity(); }

    /** {@code GET /<Entity>?<query>}: the matching records ({@code []} if none). */
    public List<T> list(Query query) {
        Transport.Response r = transport.executeSafe(Call.get(url(null, query), mapper.entity(), mapper.label()));
        JsonNode arr = r.json();
        List<T> out = new ArrayList<>();
        if (arr != null && arr.isArray()) for (JsonNode n : arr) out.add(mapper.fromJson(n));
        return out;
    }

    /** {@code GET /<Entity>}: every record, top-level fields only. */
    public List<T> list() { return list(Query.all()); }

    /** {@code GET /<Entity>/<key1>/<key2>}: the record, or empty if Acumatica has none with these keys. */
    public Optional<T> get(String... keys) { return get(Query.all(), keys); }

    /**
     * {@code GET /<Entity>/<keys>?$select&$expand}: the record (with the expanded details), or empty if none.
     * Filter/top/skip of {@code options} are ignored.
     */
    public Optional<T> get(Query options, String... keys) {
        try {
            Transport.Response r = transport.executeSafe(Call.get(url(keyPath(keys), options.withoutPaging()),
                    mapper.entity(), mapper.label()));
            return Optional.of(mapper.fromJson(r.json()));
        } catch (AcumaticaNotFoundException e) {
            return Optional.empty();
        }
    }

    /**
     * Insert only ({@code PUT} with {@code If-None-Match: *}); returns the record as Acumatica saved it.
     * Throws {@link AcumaticaConflictException} if a record with the same key exists (unless it was this call's own
     * earlier attempt), {@link AcumaticaValidationException} if Acumatica refused the data.
     */
    public T insert(T record) { return insert(record, Query.all()); }

    /** Insert only, asking for {@code $expand}/{@code $select} of {@code options} in the response. */
    public T insert(T record, Query options) {
        return insertResolving(record, options);
    }

    /** Update only ({@code PUT} with {@code If-Match: *}), top-level fields in the response. */
    public T update(T record) { return update(record, Query.all()); }

    /**
     * Update only ({@code PUT} with {@code If-Match: *}); throws {@link AcumaticaConflictException} if the record
     * does not exist. An update repeats harmlessly, so unknown outcomes are retried.
     */
    public T update(T record, Query options) {
        Call call = new Call("PUT", url(null, options.withoutPaging()), mapper.entity(), null, mapper.label(),
                Json.write(mapper.toJson(record)), Map.of("If-Match", "*"), true);
        return mapper.fromJson(transport.executeSafe(call).json());
    }

    /** {@code DELETE /<Entity>/<keys>}: true if deleted, false if there was no such record. */
    public boolean delete(String... keys) {
        Call call = new Call("DELETE", url(keyPath(keys), null), mapper.entity(), null, mapper.label(), null,
                Map.of(), true);
        try {
            transport.executeSafe(call);
            return true;
        } catch (AcumaticaNotFoundException e) {
            return false;
        }
    }

    // ---- internals ------------------------------------------------------------------------------------------

    /** Finds the record an insert whose outcome is unknown may have created; empty if it cannot tell. */
    Optional<T> lookupAfterUnknownInsert(T draft, Query options) {
        List<String> keys = mapper.keys(draft);
        if (keys.isEmpty() || keys.stream().anyMatch(Objects::isNull)) return Optional.empty();
        return get(options, keys.toArray(String[]::new));
    }

    boolean canLookUp(T draft) {
        List<String> keys = mapper.keys(draft);
        return !keys.isEmpty() && keys.stream().noneMatch(Objects::isNull);
    }

    T insertResolving(T record, Query options) {
        Call call = new Call("PUT", url(null, options.withoutPaging()), mapper.entity(), null, mapper.label(),
                Json.write(mapper.toJson(record)), Map.of("If-None-Match", "*"), true);
        int max = transport.config().maxRetries();
        boolean unknownBefore = false;
        for (int attempt = 0; ; attempt++) {
            try {
                return mapper.fromJson(transport.executeOnce(call).json());
            } catch (AcumaticaConflictException e) {
                if (unknownBefore) { // our earlier attempt did write it
                    Optional<T> found = lookupAfterUnknownInsert(record, options);
                    if (found.isPresent()) return found.get();
                }
                throw e;
            } catch (AcumaticaException e) {
                if (!e.outcomeUnknown() || !e.isRetryable() || !canLookUp(record)) throw e;
                unknownBefore = true;
                log.info("Insert of {} has an unknown outcome ({}); looking it up before sending it again",
                        mapper.label(), e.userMessage());
                Optional<T> found = lookupAfterUnknownInsert(record, options);
                if (found.isPresent()) return found.get();
                if (attempt >= max) throw e;
                backoff(attempt);
            }
        }
    }

    void backoff(int attempt) {
        long base = transport.config().initialBackoff().toMillis();
        long cap = transport.config().maxBackoff().toMillis();
        double exp = Math.min(cap, base * Math.pow(2, attempt));
        long ms = (long) (exp * (0.5 + ThreadLocalRandom.current().nextDouble()));
        try {
            Thread.sleep(Math.min(cap, ms));
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            throw new AcumaticaUnreachableException("Interrupted while waiting to retry", null, -1, true, ie);
        }
    }

    static String keyPath(String... keys) {
        if (keys == null || keys.length == 0) throw new IllegalArgumentException("keys required");
        StringBuilder sb = new StringBuilder();
        for (String k : keys) {
            if (k == null || k.isBlank()) throw new IllegalArgumentException("blank key");
            if (sb.length() > 0) sb.append('/');
            sb.append(Query.enc(k));
        }
        return sb.toString();
    }

    String url(String path, Query query) {
        StringBuilder sb = new StringBuilder(transport.config().endpointUrl()).append('/').append(mapper.entity());
        if (path != null) sb.append('/').append(path);
        String qs = query == null ? "" : query.toQueryString();
        if (!qs.isEmpty()) sb.append('?').append(qs);
        return sb.toString();
    }
}
