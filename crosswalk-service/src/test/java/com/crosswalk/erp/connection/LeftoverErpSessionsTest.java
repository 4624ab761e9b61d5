package com.crosswalk.erp.connection;

import static org.assertj.core.api.Assertions.assertThat;

import com.crosswalk.IntegrationTest;
import com.crosswalk.acumatica.emulator.AcumaticaEmulator;
import com.crosswalk.erp.connector.ErpConnectionSettings;
import com.crosswalk.erp.connector.ErpConnector;
import com.crosswalk.erp.connector.ErpConnectorProvider;
import com.crosswalk.erp.connector.ErpSessionLog;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The ERP sessions of an instance killed before it could sign out (#13): its connector noted them in erp_session
 * (encrypted), and a live instance signs them out as soon as it sees the instance is gone — here an instance on this
 * host whose process has exited, so at once rather than after its missed beats — while a live instance's sessions
 * are left alone.
 */
@IntegrationTest
class LeftoverErpSessionsTest {

    @Autowired
    JdbcClient jdbc;
    @Autowired
    List<ErpConnectorProvider> providers;
    @Autowired
    ErpConnectors connectors;
    @Autowired
    ErpSessions sessions;
    @Autowired
    LeftoverErpSessions leftovers;
    @Autowired
    ServiceInstances instances;
    @Autowired
    AcumaticaEmulator emulator;

    long company() {
        return jdbc.sql("select company_id from erp_connection order by company_id limit 1").query(Long.class).single();
    }

    /** A connector and the credentials of the session it opened. */
    private record Opened(ErpConnector connector, String credentials) {
    }

    /** What another instance's connector does: signs in and notes its session, under that instance's id. */
    private Opened connectorOf(UUID instance, long company) {
        ErpConnectionSettings settings = connectors.settings(company).orElseThrow();
        ErpSessionLog ours = sessions.logFor(company, settings.baseUrl());
        Map<String, String> seen = new ConcurrentHashMap<>();
        ErpConnector connector = providers.stream().filter(p -> p.erpType().equals(settings.erpType())).findFirst()
                .orElseThrow().create(settings, new ErpSessionLog() {
                    @Override
                    public void opened(String sessionId, String credentials) {
                        ours.opened(sessionId, credentials);
                        seen.put(sessionId, credentials);
                        jdbc.sql("update erp_session set instance_id = ? where id = ?").params(instance,
                                UUID.fromString(sessionId)).update();
                    }

                    @Override
                    public void closed(String sessionId) {
                        ours.closed(sessionId);
                    }
                });
        assertThat(connector.testConnection().ok()).isTrue();
        assertThat(seen).hasSize(1);
        return new Opened(connector, seen.values().iterator().next());
    }

    /** Whether the emulator still has the session these (cookie) credentials name. */
    private boolean openInTheErp(String credentials) {
        Map<String, String> cookies = new java.util.HashMap<>();
        for (String pair : credentials.substring("cookie:".length()).split("; ")) {
            cookies.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
        }
        return emulator.sessions().authenticate(null, cookies.get(".ASPXAUTH"), cookies.get("ASP.NET_SessionId")) != null;
    }

    /** An instance on this host that keeps beating (its heartbeat an hour ahead): only its process can tell. */
    private void register(UUID instance, long pid) throws Exception {
        jdbc.sql("insert into service_instance (id, host, pid, heartbeat_at) values (?, ?, ?, now() + interval '1 hour')")
                .params(instance, InetAddress.getLocalHost().getHostName(), pid).update();
    }

    private int noted(UUID instance) {
        return jdbc.sql("select count(*) from erp_session where instance_id = ?").params(instance).query(Integer.class)
                .single();
    }

    @Test
    void theSessionsOfAKilledInstanceAreSignedOutAndALiveInstancesAreNot() throws Exception {
        long company = company();
        Process exited = new ProcessBuilder("true").start();
        exited.waitFor();
        UUID killed = UUID.randomUUID();
        UUID alive = UUID.randomUUID();
        register(killed, ProcessHandle.current().pid()); // alive until its process is "killed" below
        register(alive, ProcessHandle.current().pid());
        try {
            killedAndAlive(company, killed, exited.pid(), alive);
        } finally {
            jdbc.sql("delete from service_instance where id in (?, ?)").params(killed, alive).update();
            jdbc.sql("delete from erp_session where instance_id in (?, ?)").params(killed, alive).update();
        }
    }

    private void killedAndAlive(long company, UUID killed, long deadPid, UUID alive) {
        Opened dead = connectorOf(killed, company); // never closed: its process "died" holding the session
        Opened live = connectorOf(alive, company);
        assertThat(openInTheErp(dead.credentials())).isTrue();
        assertThat(noted(killed)).isEqualTo(1);
        byte[] stored = jdbc.sql("select credentials_encrypted from erp_session where instance_id = ?").params(killed)
                .query(byte[].class).single();
        assertThat(new String(stored, java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain("ASP.NET_SessionId");

        // killed: its process is gone (its beat still looks fresh)
        jdbc.sql("update service_instance set pid = ? where id = ?").params(deadPid, killed).update();
        leftovers.sweep(); // (the background pass every 1.5 s may have taken it first: same outcome)
        assertThat(noted(killed)).isZero();
        assertThat(noted(alive)).as("a live instance's session is not a leftover").isEqualTo(1);
        assertThat(openInTheErp(dead.credentials())).as("signed out in the ERP").isFalse();
        assertThat(openInTheErp(live.credentials())).isTrue();

        live.connector().close();
        assertThat(openInTheErp(live.credentials())).isFalse();
        assertThat(noted(alive)).as("a clean sign-out removes the note").isZero();
        assertThat(instances.liveIds()).contains(instances.id());
    }
}
