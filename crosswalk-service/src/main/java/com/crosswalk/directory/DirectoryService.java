package com.crosswalk.directory;

import com.crosswalk.audit.AuditLog;
import com.crosswalk.shared.BadRequestException;
import com.crosswalk.shared.ConflictException;
import com.crosswalk.shared.NotFoundException;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The company Directory: companies, users, their tool levels and the Can Push to Accounting privilege. Every change
 * checks its actor itself ({@link Permissions}: Directory Admin or the operator for users and levels, the operator
 * alone for the privilege) and is audited in its own transaction.
 */
@Service
public class DirectoryService {

    static final String PRIVILEGE = "grant or revoke the 'Can Push to Accounting' privilege";

    private final JdbcClient jdbc;
    private final AuditLog audit;
    private final PasswordEncoder passwords;
    private final Permissions permissions;

    public DirectoryService(JdbcClient jdbc, AuditLog audit, PasswordEncoder passwords, Permissions permissions) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.passwords = passwords;
        this.permissions = permissions;
    }

    @Schema(name = "Company")
    public record Company(long id, String name, String erpDisplayName,
            @Schema(description = "the company's time zone (an IANA id, e.g. America/Denver): pages show times in it, "
                    + "named; the REST API's times stay ISO-8601 instants") String timeZone) {
    }

    @Schema(name = "ProjectLevel")
    public record ProjectLevel(long projectId, String commitments) {
    }

    @Schema(name = "User")
    public record User(long id, Long companyId, String login, String name, String email, boolean active,
            boolean platformOperator, String erpIntegrations, String directory, boolean canPushToAccounting,
            List<ProjectLevel> projects, OffsetDateTime createdAt) {

        Map<String, Object> asAudit() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("login", login);
            m.put("name", name);
            m.put("email", email);
            m.put("active", active);
            m.put("erp_integrations", erpIntegrations);
            m.put("directory", directory);
            m.put("can_push_to_accounting", canPushToAccounting);
            m.put("projects", projects.stream().map(p -> Map.of("project_id", p.projectId(), "commitments", p.commitments())).toList());
            return m;
        }
    }

    /** What to change; null = leave as is. */
    public record UserChanges(String name, String email, Boolean active, PermissionLevel erpIntegrations,
            PermissionLevel directory, List<ProjectLevel> projects) {
    }

    public List<Company> companies(Long onlyId) {
        return jdbc.sql("select id, name, erp_display_name, time_zone from company where (cast(:id as bigint) is null or id = :id) order by id")
                .param("id", onlyId)
                .query((rs, n) -> new Company(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4))).list();
    }

    public Company company(long id) {
        return companies(id).stream().findFirst().orElseThrow(() -> new NotFoundException("Company " + id + " not found"));
    }

    /**
     * Sets the company's time zone (ERP Integrations Admin, who keeps the company's settings with its ERP connection):
     * one of {@link java.time.ZoneId#getAvailableZoneIds()}, else a 400 and nothing changes. Audited.
     */
    @org.springframework.transaction.annotation.Transactional
    public Company setTimeZone(SignedInUser actor, long companyId, String zone) {
        permissions.requireErpIntegrations(actor, companyId, PermissionLevel.ADMIN);
        String z = zone == null ? "" : zone.trim();
        if (!java.time.ZoneId.getAvailableZoneIds().contains(z)) {
            throw new com.crosswalk.shared.BadRequestException("Choose a time zone from the list, like America/Denver "
                    + "or Europe/London" + (z.isEmpty() ? "." : ": \"" + (z.length() > 60 ? z.substring(0, 60) + "…" : z)
                    + "\" is not one."));
        }
        Company before = company(companyId);
        jdbc.sql("update company set time_zone = :z where id = :c").param("z", z).param("c", companyId).update();
        audit.record(companyId, actor, "company.time_zone_changed", "company", companyId,
                "Time zone set to " + z, Map.of("time_zone", before.timeZone()), Map.of("time_zone", z));
        return company(companyId);
    }

    /** The company's time zone; UTC when the stored one is unknown to this Java (never fails a page). */
    public java.time.ZoneId zone(long companyId) {
        return zoneOf(jdbc.sql("select time_zone from company where id = :c").param("c", companyId)
                .query(String.class).optional().orElse("UTC"));
    }

    /** A stored zone id as a {@link java.time.ZoneId}; UTC when unknown. */
    public static java.time.ZoneId zoneOf(String id) {
        try {
            return id == null ? java.time.ZoneId.of("UTC") : java.time.ZoneId.of(id);
        } catch (java.time.DateTimeException e) {
            return java.time.ZoneId.of("UTC");
        }
    }

    /** The company's users by login, with their project levels: two queries whatever their number. */
    public List<User> users(long companyId) {
        Map<Long, List<ProjectLevel>> levels = new java.util.HashMap<>();
        jdbc.sql("""
                select pp.user_id, pp.project_id, pp.commitments_level from project_permission pp
                join app_user u on u.id = pp.user_id where u.company_id = :c order by pp.user_id, pp.project_id""")
                .param("c", companyId)
                .query(rs -> {
                    levels.computeIfAbsent(rs.getLong(1), k -> new java.util.ArrayList<>())
                            .add(new ProjectLevel(rs.getLong(2), rs.getString(3)));
                });
        return jdbc.sql("""
                select id, company_id, login, display_name, email, active, platform_operator, erp_integrations_level,
                       directory_level, can_push_to_accounting, created_at
                from app_user where company_id = :c order by login""")
                .param("c", companyId)
                .query((rs, n) -> new User(rs.getLong(1), (Long) rs.getObject(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getBoolean(6), rs.getBoolean(7), rs.getString(8), rs.getString(9),
                        rs.getBoolean(10), List.copyOf(levels.getOrDefault(rs.getLong(1), List.of())),
                        rs.getObject(11, OffsetDateTime.class)))
                .list();
    }

    /** A user of that company; not found when the user belongs to another company (or is an operator). */
    public User user(long companyId, long userId) {
        return findUser(userId).filter(u -> u.companyId() != null && u.companyId() == companyId)
                .orElseThrow(() -> new NotFoundException("User " + userId + " not found"));
    }

    public Optional<User> findUser(long userId) {
        return jdbc.sql("""
                select id, company_id, login, display_name, email, active, platform_operator, erp_integrations_level,
                       directory_level, can_push_to_accounting, created_at
                from app_user where id = :id""")
                .param("id", userId)
                .query((rs, n) -> new User(rs.getLong(1), (Long) rs.getObject(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getBoolean(6), rs.getBoolean(7), rs.getString(8), rs.getString(9),
                        rs.getBoolean(10), projectLevels(rs.getLong(1)), rs.getObject(11, OffsetDateTime.class)))
                .optional();
    }

    private List<ProjectLevel> projectLevels(long userId) {
        return jdbc.sql("select project_id, commitments_level from project_permission where user_id = :u order by project_id")
                .param("u", userId)
                .query((rs, n) -> new ProjectLevel(rs.getLong(1), rs.getString(2))).list();
    }

    @Transactional
    public User createUser(SignedInUser actor, long companyId, String login, String name, String email, String password,
            UserChanges levels) {
        permissions.requireDirectoryAdmin(actor, companyId);
        if (jdbc.sql("select exists(select 1 from app_user where lower(login) = lower(:l))").param("l", login)
                .query(Boolean.class).single()) {
            throw new ConflictException("The login '" + login + "' is already taken");
        }
        long id;
        try {
            id = jdbc.sql("""
                    insert into app_user (company_id, login, display_name, email, password_hash, erp_integrations_level,
                                          directory_level)
                    values (:c, :login, :name, :email, :hash, :erp, :dir) returning id""")
                    .param("c", companyId).param("login", login).param("name", name).param("email", email)
                    .param("hash", password == null ? null : passwords.encode(password))
                    .param("erp", levels.erpIntegrations() == null ? "none" : levels.erpIntegrations().code())
                    .param("dir", levels.directory() == null ? "none" : levels.directory().code())
                    .query(Long.class).single();
        } catch (DuplicateKeyException e) { // the same login (ignoring case) made at the same moment
            throw new ConflictException("The login '" + login + "' is already taken");
        }
        if (levels.projects() != null) {
            setProjectLevels(companyId, id, levels.projects());
        }
        User created = user(companyId, id);
        audit.record(companyId, actor, "user.created", "user", id, "Created user " + login, null, created.asAudit());
        return created;
    }

    @Transactional
    public User updateUser(SignedInUser actor, long companyId, long userId, UserChanges changes) {
        permissions.requireDirectoryAdmin(actor, companyId);
        User before = user(companyId, userId);
        if (Boolean.FALSE.equals(changes.active())) {
            refuseLastAdmin(companyId, before);
        }
        lockUser(userId);
        jdbc.sql("""
                update app_user set display_name = coalesce(:name, display_name), email = coalesce(:email, email),
                       active = coalesce(:active, active),
                       erp_integrations_level = coalesce(:erp, erp_integrations_level),
                       directory_level = coalesce(:dir, directory_level)
                where id = :id""")
                .param("name", changes.name()).param("email", changes.email()).param("active", changes.active())
                .param("erp", changes.erpIntegrations() == null ? null : changes.erpIntegrations().code())
                .param("dir", changes.directory() == null ? null : changes.directory().code())
                .param("id", userId).update();
        if (changes.projects() != null) {
            setProjectLevels(companyId, userId, changes.projects());
        }
        User after = user(companyId, userId);
        audit.record(companyId, actor, "user.permissions_changed", "user", userId,
                "Changed user " + before.login(), before.asAudit(), after.asAudit());
        return after;
    }

    /** Grants or revokes Can Push to Accounting: the platform operator only. */
    @Transactional
    public User setCanPushToAccounting(SignedInUser actor, long companyId, long userId, boolean granted) {
        permissions.requireOperator(actor, PRIVILEGE);
        permissions.requireCompany(actor, companyId);
        User before = user(companyId, userId);
        lockUser(userId);
        jdbc.sql("update app_user set can_push_to_accounting = :g where id = :id").param("g", granted).param("id", userId)
                .update();
        User after = user(companyId, userId);
        audit.record(companyId, actor, granted ? "privilege.granted" : "privilege.revoked", "user", userId,
                (granted ? "Granted" : "Revoked") + " Can Push to Accounting " + (granted ? "to " : "from ") + before.login(),
                Map.of("can_push_to_accounting", before.canPushToAccounting()),
                Map.of("can_push_to_accounting", after.canPushToAccounting()));
        return after;
    }

    /**
     * Deactivates or reactivates a user (Directory Admin of the company, or the operator). A deactivated user can not
     * sign in, their access tokens stop working and their open browser sessions end at their next request
     * ({@code ActiveAccountFilter}). The company's last active Directory Admin can not be deactivated: somebody must
     * be left who can reactivate people. Audited as {@code user.deactivated} / {@code user.reactivated}.
     */
    @Transactional
    public User setActive(SignedInUser actor, long companyId, long userId, boolean active) {
        permissions.requireDirectoryAdmin(actor, companyId);
        User before = user(companyId, userId);
        if (!active) {
            refuseLastAdmin(companyId, before);
        }
        lockUser(userId);
        if (before.active() == active) {
            return before;
        }
        jdbc.sql("update app_user set active = :a where id = :id").param("a", active).param("id", userId).update();
        User after = user(companyId, userId);
        audit.record(companyId, actor, active ? "user.reactivated" : "user.deactivated", "user", userId,
                (active ? "Reactivated user " : "Deactivated user ") + before.login(), Map.of("active", before.active()),
                Map.of("active", after.active()));
        return after;
    }

    /** Refuses to deactivate the company's last active Directory Admin (their rows locked, so two can not race). */
    private void refuseLastAdmin(long companyId, User target) {
        List<Long> admins = jdbc.sql("""
                select id from app_user where company_id = :c and active and directory_level = 'admin'
                order by id for update""")
                .param("c", companyId).query(Long.class).list();
        if (admins.size() == 1 && admins.get(0) == target.id()) {
            throw new ConflictException(target.name() + " is the company's last Directory Admin and can not be "
                    + "deactivated: make another user Directory Admin first");
        }
    }

    private void lockUser(long userId) {
        jdbc.sql("select id from app_user where id = :id for update").param("id", userId).query(Long.class).single();
    }

    private void setProjectLevels(long companyId, long userId, List<ProjectLevel> levels) {
        List<Long> seen = new ArrayList<>();
        for (ProjectLevel level : levels) {
            if (seen.contains(level.projectId())) {
                throw new BadRequestException("projects lists project " + level.projectId() + " twice");
            }
            seen.add(level.projectId());
            boolean exists = jdbc.sql("select exists(select 1 from project where id = :p and company_id = :c)")
                    .param("p", level.projectId()).param("c", companyId).query(Boolean.class).single();
            if (!exists) {
                throw new BadRequestException("Project " + level.projectId() + " is not a project of this company");
            }
            jdbc.sql("""
                    insert into project_permission (company_id, user_id, project_id, commitments_level)
                    values (:c, :u, :p, :lvl)
                    on conflict (user_id, project_id) do update set commitments_level = excluded.commitments_level""")
                    .param("c", companyId).param("u", userId).param("p", level.projectId())
                    .param("lvl", level.commitments()).update();
        }
    }

    /** Creates a platform operator (no company). Refused when the login is taken. */
    @Transactional
    public long createOperator(String login, String password, String actorLogin) {
        if (jdbc.sql("select exists(select 1 from app_user where lower(login) = lower(:l))").param("l", login)
                .query(Boolean.class).single()) {
            throw new ConflictException("The login '" + login + "' is already taken");
        }
        long id = jdbc.sql("""
                insert into app_user (login, display_name, password_hash, platform_operator)
                values (:l, :n, :h, true) returning id""")
                .param("l", login).param("n", "Platform operator " + login).param("h", passwords.encode(password))
                .query(Long.class).single();
        audit.record(null, null, "operator.created", "user", id, "Created platform operator " + login + " (" + actorLogin + ")",
                null, Map.of("login", login, "platform_operator", true));
        return id;
    }

    public boolean anyOperator() {
        return jdbc.sql("select exists(select 1 from app_user where platform_operator)").query(Boolean.class).single();
    }
}
