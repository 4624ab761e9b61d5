package com.crosswalk.erp.sync;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.core.StreamWriteFeature;

/**
 * The one JSON form of an exported payload: snake_case properties in alphabetical order, map keys sorted, numbers
 * written plain (amounts keep their scale from the database: 2 for money, 4 for quantities), dates ISO. Its SHA-256 is
 * the payload's identity: the same payload always hashes alike, whatever JVM or field order wrote it.
 */
public final class CanonicalJson {

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            .build();

    private CanonicalJson() {
    }

    public static String write(Object payload) {
        return MAPPER.writeValueAsString(payload);
    }

    public static <P> P read(String json, Class<P> type) {
        return MAPPER.readValue(json, type);
    }

    public static String sha256(String canonical) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(canonical.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
