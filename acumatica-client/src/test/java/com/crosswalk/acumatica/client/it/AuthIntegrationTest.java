package com.crosswalk.acumatica.client.it;

import com.crosswalk.acumatica.client.AcumaticaAuthenticationException;
import com.crosswalk.acumatica.client.AcumaticaClient;
import com.crosswalk.acumatica.client.AcumaticaException;
import com.crosswalk.acumatica.client.AcumaticaUnreachableException;
import com.crosswalk.acumatica.client.EndpointInfo;
import com.crosswalk.acumatica.client.query.Query;
import com.crosswalk.acumatica.emulator.AcumaticaEmulator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Cookie and OAuth sign-in, refresh, re-sign-in on 401, sign-out on close, bad credentials, unreachable ERP. */
@EachEndpointVersion
class AuthIntegrationTest {

    /** The endpoint version the client talks to (the emulator serves both). */
    @Parameter
    String version;

    static AcumaticaEmulator emu;

    @BeforeParameterizedClassInvocation
    static void start() {
        emu = Emu.start(Emu.demo().withTokenLifetime(Duration.ofSeconds(2)));
    }

    @AfterParameterizedClassInvocation
    static void stop() {
        Emu.closeChecked(null, emu);
    }

    @BeforeEach
    void reset() {
        emu.faults().clear();
    }

    @Test
    void cookieSignInAndSignOutOnClose() {
        long logoutsBefore = emu.stats().logouts();
        try (AcumaticaClient client = AcumaticaClient.create(Emu.client(emu, version).build())) {
            EndpointInfo info = client.testConnection();
            assertThat(info.configuredEndpointAvailable()).isTrue();
            assertThat(client.vendors().list(Query.select("VendorID", "VendorName"))).isNotEmpty();
            assertThat(emu.stats().activeSessions()).isEqualTo(1);
        }
        assertThat(emu.stats().activeSessions()).isZero();
        assertThat(emu.stats().logouts()).isEqualTo(logoutsBefore + 1);
    }

    @Test
    void expiredSessionIsSignedInAgainOnce() {
        Emu.Recorder rec = new Emu.Recorder();
        try (AcumaticaClient client = AcumaticaClient.create(Emu.client(emu, version).listener(rec).build())) {
            client.costCodes().list();
            emu.faults().expireAllSessions();
            assertThat(client.costCodes().list()).isNotEmpty();
            assertThat(rec.count("login")).isEqualTo(2);
            assertThat(rec.entries).anyMatch(e -> e.status() == 401);
        }
        assertThat(emu.stats().activeSessions()).isZero();
    }

    @Test
    void oauthPasswordGrantThenRefreshBeforeExpiry() throws Exception {
        Emu.Recorder rec = new Emu.Recorder();
        try (AcumaticaClient client = AcumaticaClient.create(Emu.client(emu, version).oauth("crosswalk", "secret")
                .listener(rec).build())) {
            client.testConnection();
            assertThat(rec.count("token")).isEqualTo(1);
            Thread.sleep(1_300); // token lifetime 2 s: refresh is due after 90 %... (1 s early)
            assertThat(client.projects().list()).isNotEmpty();
            assertThat(rec.count("refresh")).isEqualTo(1);
            assertThat(rec.count("token")).isEqualTo(1);
            assertThat(rec.entries).noneMatch(e -> e.status() == 401);
            assertThat(emu.stats().activeSessions()).isEqualTo(1);
        }
        assertThat(emu.stats().activeSessions()).isZero();
    }

    @Test
    void oauthWithBadClientIsAnAuthenticationError() {
        try (AcumaticaClient client = AcumaticaClient.create(Emu.client(emu, version).oauth("crosswalk@OtherTenant", "s")
                .build())) {
            assertThatThrownBy(client::testConnection).isInstanceOf(AcumaticaAuthenticationException.class);
        }
    }

    @Test
    void badCredentials() {
        try (AcumaticaClient client = AcumaticaClient.create(Emu.client(emu, version).password("S3cret-Pw-XYZ").build())) {
            assertThatThrownBy(client::testConnection)
                    .isInstanceOf(AcumaticaAuthenticationException.class)
                    .satisfies(e -> {
                        AcumaticaException ae = (AcumaticaException) e;
                        assertThat(ae.userMessage()).contains("sign-in");
                        assertThat(ae.isRetryable()).isFalse();
                        assertThat(ae.getMessage()).doesNotContain("S3cret-Pw-XYZ");
                    });
        }
        assertThat(emu.stats().activeSessions()).isZero();
    }

    @Test
    void unreachableErp() {
        try (AcumaticaClient client = AcumaticaClient.create(Emu.client(emu, version).baseUrl("http://127.0.0.1:1")
                .maxRetries(1).build())) {
            assertThatThrownBy(client::testConnection)
                    .isInstanceOf(AcumaticaUnreachableException.class)
                    .satisfies(e -> assertThat(((AcumaticaException) e).outcomeUnknown()).isFalse());
        }
    }

    @Test
    void erpDownThenUpIsRetried() throws Exception {
        try (AcumaticaClient client = AcumaticaClient.create(Emu.client(emu, version).build())) {
            emu.faults().setDown(true);
            Thread t = new Thread(() -> {
                try {
                    Thread.sleep(150);
                } catch (InterruptedException ignored) {
                    // end
                }
                emu.faults().setDown(false);
            });
            t.start();
            assertThat(client.vendors().list()).isNotEmpty();
            t.join();
        } finally {
            emu.faults().setDown(false);
        }
    }
}
