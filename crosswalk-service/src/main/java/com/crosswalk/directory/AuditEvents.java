package com.crosswalk.directory;

import com.crosswalk.shared.BadRequestException;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.OffsetDateTime;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reading a company's audit log, newest first, paged ({@code page} from 1, {@code perPage} 1–1000), optionally of one
 * record type and record. Readers: ERP Integrations Read Only or higher, Directory Admin, or the operator for users'
 * events ({@link Permissions#requireAuditRead}). It lives
 * in {@code directory}, not {@code audit}, because reading is gated by {@link Permissions} and the audit package
 * depends on no feature package. Read only: nothing alters audit events (and the database refuses it).
 */
@Service
public class AuditEvents {

    private final Permissions permissions;
    private final JdbcClient jdbc;
    private final JsonMapper json = JsonMapper.builder().build();

    AuditEvents(Permissions permissions, JdbcClient jdbc) {
        this.permissions = permissions;
        this.jdbc = jdbc;
    }

    @Schema(name = "AuditEvent")
    public record AuditEvent(long id, OffsetDateTime occurredAt, Long actorUserId, String actorLogin, String action,
            String recordType, Long recordId, String summary,
            @Schema(type = "object", description = "the record's state before (absent fields: not recorded)",
                    additionalProperties = Schema.AdditionalPropertiesValue.TRUE) JsonNode before,
            @Schema(type = "object", description = "the record's state after",
                    additionalProperties = Schema.AdditionalPropertiesValue.TRUE) JsonNode after) {
    }

    public List<AuditEvent> list(SignedInUser user, long companyId, String recordType, Long recordId, int page,
            int perPage) {
        permissions.requireAuditRead(user, companyId, recordType);
        if (page < 1 || page > 1_000_000) {
            throw new BadRequestException("page must be 1 or more");
        }
        if (perPage < 1 || perPage > 1000) {
            throw new BadRequestException("per_page must be between 1 and 1000");
        }
        return jdbc.sql("""
                select id, occurred_at, actor_user_id, actor_login, action, record_type, record_id, summary,
                       cast(before_state as text), cast(after_state as text)
                from audit_event where company_id = :c
                  and (cast(:t as varchar) is null or record_type = :t)
                  and (cast(:r as bigint) is null or record_id = :r)
                order by id desc limit :lim offset :off""")
                .param("c", companyId).param("t", recordType).param("r", recordId).param("lim", perPage)
                .param("off", (long) (page - 1) * perPage)
                .query((rs, n) -> new AuditEvent(rs.getLong(1), rs.getObject(2, OffsetDateTime.class),
                        (Long) rs.getObject(3), rs.getString(4), rs.getString(5), rs.getString(6),
                        (Long) rs.getObject(7), rs.getString(8), parse(rs.getString(9)), parse(rs.getString(10))))
                .list();
    }

    private JsonNode parse(String s) {
        return s == null ? null : json.readTree(s);
    }
}
