package com.crosswalk.web;

import com.crosswalk.directory.DirectoryService;
import com.crosswalk.directory.SignedInUser;
import com.crosswalk.shared.Times;
import java.time.ZoneId;
import java.time.temporal.TemporalAccessor;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

/**
 * Times on pages, in the signed-in user's company zone with the zone named ({@link Times}):
 * {@code ${@times.format(t)}}, {@code ${@times.seconds(t)}}, {@code ${@times.clock(t)}}, {@code ${@times.zoneId()}}.
 * The zone comes with the header's company query ({@link PageAdvice}), so a page asks the database nothing more; the
 * operator (no company) sees UTC.
 */
@Component("times")
public class PageTimes {

    private static final String ZONE = PageTimes.class.getName() + ".zone";

    private final DirectoryService directory;

    PageTimes(DirectoryService directory) {
        this.directory = directory;
    }

    /** Remembers the zone for this request (the header already read the company). */
    static void remember(String zoneId) {
        RequestAttributes request = RequestContextHolder.getRequestAttributes();
        if (request != null) {
            request.setAttribute(ZONE, DirectoryService.zoneOf(zoneId), RequestAttributes.SCOPE_REQUEST);
        }
    }

    /** The signed-in user's company zone (UTC for the operator or no one). */
    public ZoneId zone() {
        RequestAttributes request = RequestContextHolder.getRequestAttributes();
        if (request != null && request.getAttribute(ZONE, RequestAttributes.SCOPE_REQUEST) instanceof ZoneId z) {
            return z;
        }
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        ZoneId zone = auth != null && auth.getPrincipal() instanceof SignedInUser user && user.companyId() != null
                ? directory.zone(user.companyId()) : ZoneId.of("UTC");
        if (request != null) {
            request.setAttribute(ZONE, zone, RequestAttributes.SCOPE_REQUEST);
        }
        return zone;
    }

    /** The zone's id, e.g. America/Denver (headings: "per day (America/Denver)"). */
    public String zoneId() {
        return zone().getId();
    }

    /** {@code 2026-12-02 09:30 MST}; empty for null. */
    public String format(TemporalAccessor t) {
        return Times.minutes(t, zone());
    }

    /** {@code 2026-12-02 09:30:15 MST}; empty for null. */
    public String seconds(TemporalAccessor t) {
        return Times.seconds(t, zone());
    }

    /** {@code 09:30 MST}; empty for null. */
    public String clock(TemporalAccessor t) {
        return Times.clock(t, zone());
    }
}
