package com.crosswalk.erp.connection;

import com.crosswalk.erp.connector.ErpSessionLog;
import com.crosswalk.shared.SecretBox;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The ERP sessions this instance holds, in {@code erp_session} (credentials encrypted with {@link SecretBox}, as the
 * ERP passwords are): a row is written when a connector's session signs in (before its first request) and removed
 * when it signs out. Rows of an instance that is no longer live are its leftovers, signed out by
 * {@link LeftoverErpSessions}. CLI runs note nothing (they are not instances; a live server would take their sessions
 * for leftovers).
 */
@Component
public class ErpSessions {

    private static final Logger log = LoggerFactory.getLogger(ErpSessions.class);

    /** A session noted by an instance that is gone. */
    record Leftover(UUID id, long companyId, UUID instanceId, String baseUrl, String credentials,
            OffsetDateTime updatedAt) {

        @Override
        public String toString() { // never the credentials
            return "Leftover[" + id + ", company " + companyId + ", instance " + instanceId + "]";
        }
    }

    private final JdbcClient jdbc;
    private final SecretBox secrets;
    private final ServiceInstances instances;

    ErpSessions(JdbcClient jdbc, SecretBox secrets, ServiceInstances instances) {
        this.jdbc = jdbc;
        this.secrets = secrets;
        this.instances = instances;
    }

    /** The log a company's connector notes its sessions in. */
    ErpSessionLog logFor(long companyId, String baseUrl) {
        if (!instances.registers()) {
            return ErpSessionLog.NONE;
        }
        UUID instance = instances.id();
        return new ErpSessionLog() {
            @Override
            public void opened(String sessionId, String credentials) {
                try {
                    jdbc.sql("""
                            insert into erp_session (id, company_id, instance_id, base_url, credentials_encrypted)
                            values (:id, :company, :instance, :baseUrl, :credentials)
                            on conflict (id) do update set credentials_encrypted = excluded.credentials_encrypted,
                                                           updated_at = now()""")
                            .param("id", UUID.fromString(sessionId)).param("company", companyId)
                            .param("instance", instance).param("baseUrl", baseUrl)
                            .param("credentials", secrets.encrypt(credentials)).update();
                } catch (RuntimeException e) {
                    log.warn("Could not note an ERP session of company {} (a crash now would leave it open until "
                            + "the ERP times it out): {}", companyId, e.getMessage());
                }
            }

            @Override
            public void closed(String sessionId) {
                try {
                    jdbc.sql("delete from erp_session where id = :id").param("id", UUID.fromString(sessionId))
                            .update();
                } catch (RuntimeException e) {
                    log.debug("Could not remove the note of ERP session {}: {}", sessionId, e.getMessage());
                }
            }
        };
    }

    /**
     * Sessions noted by instances that are not live (as of a fresh beat: never guessed from a stale view). This
     * instance's own are never leftovers.
     */
    List<Leftover> leftovers() {
        instances.beat();
        Set<UUID> live = instances.liveIds();
        return jdbc.sql("""
                select id, company_id, instance_id, base_url, credentials_encrypted, updated_at from erp_session
                where instance_id <> :me order by updated_at""")
                .param("me", instances.id())
                .query((rs, n) -> new Leftover(rs.getObject("id", UUID.class), rs.getLong("company_id"),
                        rs.getObject("instance_id", UUID.class), rs.getString("base_url"),
                        secrets.decrypt(rs.getBytes("credentials_encrypted")),
                        rs.getObject("updated_at", OffsetDateTime.class)))
                .list().stream().filter(l -> !live.contains(l.instanceId())).toList();
    }

    void forget(UUID id) {
        jdbc.sql("delete from erp_session where id = :id").param("id", id).update();
    }
}
