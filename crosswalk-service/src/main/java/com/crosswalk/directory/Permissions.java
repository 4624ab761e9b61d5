package com.crosswalk.directory;

import com.crosswalk.shared.ForbiddenException;
import com.crosswalk.shared.NotFoundException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * The one place where Crosswalk decides who may do what. Every entry point (REST, pages, CLI, jobs acting
 * for a user) calls it. Rules, from product.md:
 * <ul>
 * <li>a company user sees and touches only their own company; another company's record is "not found";</li>
 * <li>a project tool's level is the whole story for that project: "None" on a project's Commitments hides the project
 *     and everything in it ("not found"), "Read Only" reads, "Standard" and "Admin" change;</li>
 * <li>the platform operator manages the platform — companies, their users and levels, the privilege — not company
 *     records: projects, commitments, CCOs, vendors and the ERP tool are refused to the operator; only the operator
 *     grants or revokes Can Push to Accounting;</li>
 * <li>an accounting approver has ERP Integrations Standard or Admin and Can Push to Accounting;</li>
 * <li>unlinking needs Commitments Admin on the record's project, ERP Integrations Standard or Admin, and Can
 *     Push to Accounting — a refusal names each one missing.</li>
 * </ul>
 */
@Service
public class Permissions {

    private final JdbcClient jdbc;

    public Permissions(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Reads the user's levels fresh from the database, in one statement: the user's row once per project permission
     * (once, with no project, when there is none).
     */
    public UserAccess access(SignedInUser user) {
        if (user.isOperator()) {
            return new UserAccess(user, PermissionLevel.NONE, PermissionLevel.NONE, false, Map.of());
        }
        record Levels(PermissionLevel erpIntegrations, PermissionLevel directory, boolean canPushToAccounting) {
        }
        Levels[] levels = {null};
        Map<Long, PermissionLevel> projects = new HashMap<>();
        jdbc.sql("""
                select u.erp_integrations_level, u.directory_level, u.can_push_to_accounting, pp.project_id,
                       pp.commitments_level
                from app_user u left join project_permission pp on pp.user_id = u.id
                where u.id = :id and u.active""")
                .param("id", user.id())
                .query(rs -> {
                    if (levels[0] == null) {
                        levels[0] = new Levels(PermissionLevel.fromCode(rs.getString(1)),
                                PermissionLevel.fromCode(rs.getString(2)), rs.getBoolean(3));
                    }
                    long project = rs.getLong(4);
                    if (!rs.wasNull()) {
                        projects.put(project, PermissionLevel.fromCode(rs.getString(5)));
                    }
                });
        if (levels[0] == null) {
            throw new ForbiddenException("Your account is no longer active");
        }
        return new UserAccess(user, levels[0].erpIntegrations(), levels[0].directory(), levels[0].canPushToAccounting(),
                Map.copyOf(projects));
    }

    /** A company user may look at their own company only; the operator at any. Otherwise: not found. */
    public void requireCompany(SignedInUser user, long companyId) {
        if (!user.isOperator() && (user.companyId() == null || user.companyId() != companyId)) {
            throw new NotFoundException("Company " + companyId + " not found");
        }
        if (user.isOperator()) {
            boolean exists = jdbc.sql("select exists(select 1 from company where id = :id)").param("id", companyId)
                    .query(Boolean.class).single();
            if (!exists) {
                throw new NotFoundException("Company " + companyId + " not found");
            }
        }
    }

    /**
     * The company of a project the user may see; not found when it does not exist or belongs to another company.
     */
    public long requireProjectVisible(SignedInUser user, long projectId) {
        Long companyId = jdbc.sql("select company_id from project where id = :id").param("id", projectId)
                .query(Long.class).optional().orElse(null);
        if (companyId == null || (!user.isOperator() && !companyId.equals(user.companyId()))) {
            throw new NotFoundException("Project " + projectId + " not found");
        }
        return companyId;
    }

    public void requireCommitments(SignedInUser user, long projectId, PermissionLevel minimum) {
        requireProjectRead(user, projectId);
        PermissionLevel level = access(user).commitments(projectId);
        if (!level.atLeast(minimum)) {
            throw new ForbiddenException("You need " + describe(minimum) + " on this project's Commitments tool (you have "
                    + level.label() + ")");
        }
    }

    public UserAccess requireErpIntegrations(SignedInUser user, long companyId, PermissionLevel minimum) {
        requireCompany(user, companyId);
        UserAccess access = access(user);
        PermissionLevel level = access.erpIntegrations();
        if (!level.atLeast(minimum)) {
            throw new ForbiddenException("You need " + describe(minimum) + " on the ERP Integrations tool (you have "
                    + level.label() + ")");
        }
        return access; // what the check read: a caller that needs more of it asks the database once
    }

    /** Accept, reject, retry: ERP Integrations Standard or Admin and Can Push to Accounting. */
    public void requireAccountingApprover(SignedInUser user, long companyId) {
        requireCompany(user, companyId);
        UserAccess access = access(user);
        List<String> missing = new ArrayList<>();
        if (!access.erpIntegrations().atLeast(PermissionLevel.STANDARD)) {
            missing.add("'Standard' or 'Admin' on the ERP Integrations tool");
        }
        if (!access.canPushToAccounting()) {
            missing.add("the 'Can Push to Accounting' privilege");
        }
        refuseIfMissing("Only an accounting approver can do this. You need ", missing);
    }

    /** What the user lacks to unlink a record of the given project; empty when they may. */
    public List<String> missingToUnlink(SignedInUser user, long projectId) {
        UserAccess access = access(user);
        List<String> missing = new ArrayList<>();
        if (!access.commitments(projectId).atLeast(PermissionLevel.ADMIN)) {
            missing.add("'Admin' on the project's Commitments tool");
        }
        if (!access.erpIntegrations().atLeast(PermissionLevel.STANDARD)) {
            missing.add("'Standard' or 'Admin' on the ERP Integrations tool");
        }
        if (!access.canPushToAccounting()) {
            missing.add("the 'Can Push to Accounting' privilege");
        }
        return missing;
    }

    public boolean mayUnlink(SignedInUser user, long projectId) {
        return !user.isOperator() && missingToUnlink(user, projectId).isEmpty();
    }

    public void requireUnlink(SignedInUser user, long projectId) {
        requireProjectVisible(user, projectId);
        refuseIfMissing("You cannot unlink this record. You need ", missingToUnlink(user, projectId));
    }

    /**
     * {@link #requireUnlink} for a record already found in a company {@link #requireCompany} let the user see: its
     * project is that company's (the record's foreign key says so), so only the permissions are read.
     */
    public void requireUnlinkOfCompanyRecord(SignedInUser user, long projectId) {
        refuseIfMissing("You cannot unlink this record. You need ", missingToUnlink(user, projectId));
    }

    /** Directory Admin of that company: manages users and tool levels (never the privilege). */
    public void requireDirectoryAdmin(SignedInUser user, long companyId) {
        requireCompany(user, companyId);
        if (user.isOperator()) {
            return;
        }
        PermissionLevel level = access(user).directory();
        if (!level.atLeast(PermissionLevel.ADMIN)) {
            throw new ForbiddenException("You need 'Admin' on the Directory tool to manage users (you have "
                    + level.label() + ")");
        }
    }

    /**
     * Outgoing webhooks of the company (the integrators' subscriptions, their secrets and delivery log): ERP
     * Integrations Admin or Directory Admin (the company's admins); never the operator (the payloads are company
     * records).
     */
    public void requireWebhooksAdmin(SignedInUser user, long companyId) {
        requireCompany(user, companyId);
        refuseOperator(user);
        UserAccess access = access(user);
        if (!access.erpIntegrations().atLeast(PermissionLevel.ADMIN) && !access.directory().atLeast(PermissionLevel.ADMIN)) {
            throw new ForbiddenException("You need 'Admin' on the ERP Integrations tool or on the Directory tool to "
                    + "manage webhooks (you have " + access.erpIntegrations().label() + " and " + access.directory().label()
                    + ")");
        }
    }

    /** Directory at least {@code minimum} in that company; the operator may always read. */
    public void requireDirectory(SignedInUser user, long companyId, PermissionLevel minimum) {
        requireCompany(user, companyId);
        if (user.isOperator()) {
            return;
        }
        PermissionLevel level = access(user).directory();
        if (!level.atLeast(minimum)) {
            throw new ForbiddenException("You need " + describe(minimum) + " on the Directory tool (you have "
                    + level.label() + ")");
        }
    }

    /** Any active user of the company, or the operator (the company itself: its name, its ERP's name). */
    public void requireCompanyMember(SignedInUser user, long companyId) {
        requireCompany(user, companyId);
        if (!user.isOperator()) {
            access(user); // refuses an account deactivated since sign-in
        }
    }

    /** Company-wide records (vendors, cost types): any active user of the company; never the operator. */
    public void requireCompanyRecords(SignedInUser user, long companyId) {
        requireCompany(user, companyId);
        refuseOperator(user);
        access(user); // refuses an account deactivated since sign-in
    }

    static final String OPERATOR_NOT_RECORDS = "The platform operator manages the platform, not a company's records: "
            + "sign in as a user of the company to open them";

    private static void refuseOperator(SignedInUser user) {
        if (user.isOperator()) {
            throw new ForbiddenException(OPERATOR_NOT_RECORDS);
        }
    }

    /**
     * Reading a project and its commitments, CCOs and their history: a user of its company with Commitments Read
     * Only or higher on that project. "None" hides the project — "not found", as another company's project is. The
     * operator is refused (403): the operator manages the platform, not company records.
     */
    public long requireProjectRead(SignedInUser user, long projectId) {
        refuseOperator(user);
        long companyId = requireProjectVisible(user, projectId);
        if (!access(user).commitments(projectId).atLeast(PermissionLevel.READ_ONLY)) {
            throw new NotFoundException("Project " + projectId + " not found");
        }
        return companyId;
    }

    /** True when the user may see the project (same rule as {@link #requireProjectRead}), for lists. */
    public boolean mayReadProject(UserAccess access, long projectId) {
        return !access.user().isOperator() && access.commitments(projectId).atLeast(PermissionLevel.READ_ONLY);
    }

    /**
     * The audit log of a company: ERP Integrations Read Only or higher, or Directory Admin. The operator reads the
     * events of users only (the permission and privilege changes the operator is answerable for).
     */
    public void requireAuditRead(SignedInUser user, long companyId, String recordType) {
        requireCompany(user, companyId);
        if (user.isOperator()) {
            if (!"user".equals(recordType)) {
                throw new ForbiddenException("The platform operator reads the events of users only (record_type=user): "
                        + "the rest of the audit log is the company's records");
            }
            return;
        }
        UserAccess access = access(user);
        if (!access.erpIntegrations().atLeast(PermissionLevel.READ_ONLY)
                && !access.directory().atLeast(PermissionLevel.ADMIN)) {
            throw new ForbiddenException("You need 'Read Only' or higher on the ERP Integrations tool, or 'Admin' on the "
                    + "Directory tool, to read the audit log");
        }
    }

    /** Can the user open the company's commitments at all (any project with Commitments Read Only or higher). */
    public boolean mayOpenCommitments(UserAccess access) {
        return !access.user().isOperator() && access.commitmentsByProject().values().stream()
                .anyMatch(l -> l.atLeast(PermissionLevel.READ_ONLY));
    }

    /** Only the platform operator grants or revokes Can Push to Accounting. */
    public void requireOperator(SignedInUser user, String what) {
        if (!user.isOperator()) {
            throw new ForbiddenException("Only the platform operator can " + what
                    + ". Ask your Crosswalk point of contact to enable it for you.");
        }
    }

    private static void refuseIfMissing(String prefix, List<String> missing) {
        if (!missing.isEmpty()) {
            throw new ForbiddenException(prefix + joinWithAnd(missing) + ".");
        }
    }

    private static String describe(PermissionLevel minimum) {
        return switch (minimum) {
            case ADMIN -> "'Admin'";
            case STANDARD -> "'Standard' or 'Admin'";
            case READ_ONLY -> "'Read Only' or higher";
            case NONE -> "no permission";
        };
    }

    static String joinWithAnd(List<String> parts) {
        if (parts.size() == 1) {
            return parts.get(0);
        }
        return String.join(", ", parts.subList(0, parts.size() - 1)) + " and " + parts.get(parts.size() - 1);
    }
}
