package com.crosswalk.shared;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAccessor;
import java.util.Locale;

/**
 * The one way people are shown a time: in their company's zone, the zone named by its usual abbreviation
 * ({@code 2026-12-02 09:30 MST}, {@code 2026-12-02 16:30 UTC}; where a zone has none, its offset, {@code GMT+03:00}).
 * Pages ({@code ${@times.format(t)}}, see web/PageTimes) and e-mails use it; the REST API keeps ISO-8601 instants.
 */
public final class Times {

    private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm zzz", Locale.US);
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss zzz", Locale.US);
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm zzz", Locale.US);

    private Times() {
    }

    /** {@code 2026-12-02 09:30 MST}; empty for null. */
    public static String minutes(TemporalAccessor t, ZoneId zone) {
        return at(t, zone, MINUTES);
    }

    /** {@code 2026-12-02 09:30:15 MST}; empty for null. */
    public static String seconds(TemporalAccessor t, ZoneId zone) {
        return at(t, zone, SECONDS);
    }

    /** {@code 09:30 MST}; empty for null. */
    public static String clock(TemporalAccessor t, ZoneId zone) {
        return at(t, zone, CLOCK);
    }

    private static String at(TemporalAccessor t, ZoneId zone, DateTimeFormatter f) {
        ZonedDateTime z = zoned(t, zone);
        return z == null ? "" : f.format(z);
    }

    /** An Instant, OffsetDateTime or ZonedDateTime in the zone; null for null. */
    public static ZonedDateTime zoned(TemporalAccessor t, ZoneId zone) {
        if (t == null) {
            return null;
        }
        Instant instant = t instanceof OffsetDateTime o ? o.toInstant()
                : t instanceof ZonedDateTime z ? z.toInstant() : Instant.from(t);
        return instant.atZone(zone);
    }
}
