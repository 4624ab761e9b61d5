package com.crosswalk.acumatica.client.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.crosswalk.acumatica.client.AcumaticaClient;
import com.crosswalk.acumatica.client.AcumaticaRateLimitException;
import com.crosswalk.acumatica.client.AcumaticaSessionListener;
import com.crosswalk.acumatica.client.query.Query;
import com.crosswalk.acumatica.emulator.AcumaticaEmulator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A process killed before it signed out leaves its sessions holding the licence's API users (one here): the session
 * listener hears of each session, and the next client signs the leftovers out from what was noted, at once instead
 * of after Acumatica's 10-minute timeout.
 */
class LeftoverSessionIntegrationTest {

    static AcumaticaEmulator emu;

    /** What a service would keep where its next run finds it. */
    static final class Notes implements AcumaticaSessionListener {
        final Map<String, String> open = new ConcurrentHashMap<>();

        @Override
        public void sessionOpened(String sessionId, String credentials) {
            open.put(sessionId, credentials);
        }

        @Override
        public void sessionClosed(String sessionId) {
            open.remove(sessionId);
        }
    }

    @BeforeAll
    static void start() {
        emu = Emu.start(Emu.demo().withMaxSessions(1));
    }

    @AfterAll
    static void stop() {
        Emu.closeChecked(null, emu);
    }

    @BeforeEach
    void noSessions() {
        emu.faults().expireAllSessions();
    }

    @Test
    void aCookieSessionLeftByAKilledClientIsSignedOutByTheNextOne() {
        Notes notes = new Notes();
        AcumaticaClient killed = AcumaticaClient.create(Emu.client(emu).sessionListener(notes).build());
        killed.vendors().list(Query.select("VendorID"));
        assertThat(notes.open).hasSize(1);
        assertThat(notes.open.values().iterator().next()).startsWith("cookie:").contains("ASP.NET_SessionId=");
        assertThat(emu.stats().activeSessions()).isEqualTo(1);
        // "killed": never closed. The licence's only API user is taken, so the next client cannot sign in ...
        Notes next = new Notes();
        try (AcumaticaClient restarted = AcumaticaClient.create(Emu.client(emu).maxRetries(0).sessionListener(next)
                .build())) {
            assertThatThrownBy(() -> restarted.vendors().list(Query.select("VendorID")))
                    .isInstanceOf(AcumaticaRateLimitException.class);
            // ... until it signs out what the dead one noted
            long logouts = emu.stats().logouts();
            for (String credentials : notes.open.values()) {
                assertThat(restarted.signOutLeftoverSession(credentials)).isTrue();
            }
            assertThat(emu.stats().logouts()).isEqualTo(logouts + 1);
            assertThat(emu.stats().activeSessions()).isZero();
            assertThat(restarted.vendors().list(Query.select("VendorID"))).isNotEmpty();
            assertThat(next.open).hasSize(1);
            // a second sign-out of the same leftover: already gone, still fine
            assertThat(restarted.signOutLeftoverSession(notes.open.values().iterator().next())).isTrue();
            assertThat(emu.stats().activeSessions()).isEqualTo(1);
        }
        assertThat(next.open).as("a clean close removes its notes").isEmpty();
        assertThat(emu.stats().activeSessions()).isZero();
    }

    @Test
    void anOAuthSessionLeftByAKilledClientIsSignedOutWithItsAccessToken() {
        Notes notes = new Notes();
        AcumaticaClient killed = AcumaticaClient.create(Emu.client(emu).oauth("crosswalk", "secret")
                .sessionListener(notes).build());
        killed.costCodes().list();
        assertThat(notes.open.values()).singleElement().asString().startsWith("bearer:");
        assertThat(emu.stats().activeSessions()).isEqualTo(1);
        try (AcumaticaClient restarted = AcumaticaClient.create(Emu.client(emu).oauth("crosswalk", "secret")
                .build())) {
            assertThat(restarted.signOutLeftoverSession(notes.open.values().iterator().next())).isTrue();
            assertThat(emu.stats().activeSessions()).isZero();
            assertThat(restarted.costCodes().list()).isNotEmpty();
        }
        assertThat(emu.stats().activeSessions()).isZero();
    }
}
