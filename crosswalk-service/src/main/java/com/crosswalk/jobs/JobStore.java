package com.crosswalk.jobs;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.HashSet;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The {@code job} and {@code job_item} tables: the only place that reads or writes them. */
@Component
class JobStore {

    static final String COLUMNS = """
            j.id, j.company_id, j.kind, j.subject, j.state, j.done, j.total, j.requested_by, u.display_name,
            j.created_at, j.started_at, j.finished_at, j.summary, j.errors""";
    private static final String FROM = " from job j left join app_user u on u.id = j.requested_by";

    private final JdbcClient jdbc;

    JobStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    static Job map(ResultSet rs, int n) throws SQLException {
        return new Job(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), Job.State.of(rs.getString(5)),
                rs.getInt(6), (Integer) rs.getObject(7), (Long) rs.getObject(8), rs.getString(9),
                rs.getObject(10, OffsetDateTime.class), rs.getObject(11, OffsetDateTime.class),
                rs.getObject(12, OffsetDateTime.class), rs.getString(13), rs.getInt(14));
    }

    /** A new queued job, or empty when one of that company, kind and subject is queued or running already. */
    Optional<Long> insert(long companyId, String kind, String subject, Long requestedBy, String inputJson) {
        return jdbc.sql("""
                insert into job (company_id, kind, subject, state, requested_by, input)
                values (:c, :kind, :subject, 'queued', :by, cast(:input as jsonb))
                on conflict (company_id, kind, subject) where state in ('queued', 'running') do nothing
                returning id""")
                .param("c", companyId).param("kind", kind).param("subject", subject).param("by", requestedBy)
                .param("input", inputJson).query(Long.class).optional();
    }

    Optional<Job> active(long companyId, String kind, String subject) {
        return jdbc.sql("select " + COLUMNS + FROM + " " + """
                 where j.company_id = :c and j.kind = :kind and j.subject = :subject
                  and j.state in ('queued', 'running')""")
                .param("c", companyId).param("kind", kind).param("subject", subject).query(JobStore::map).optional();
    }

    Optional<Job> find(long id) {
        return jdbc.sql("select " + COLUMNS + FROM + " where j.id = :id").param("id", id).query(JobStore::map)
                .optional();
    }

    Optional<String> input(long id) {
        return jdbc.sql("select input::text from job where id = :id").param("id", id).query(String.class).optional();
    }

    /** The latest job of each of these kinds (any subject) for the company: what a page shows on load. */
    List<Job> latest(long companyId, List<String> kinds) {
        return jdbc.sql("select " + COLUMNS + FROM + " " + """
                 where j.id in (select max(id) from job where company_id = :c and kind in (:kinds) group by kind)
                order by j.id desc""")
                .param("c", companyId).param("kinds", kinds).query(JobStore::map).list();
    }

    List<Job> recent(long companyId, String kind, int limit, long offset) {
        return jdbc.sql("select " + COLUMNS + FROM + " " + """
                 where j.company_id = :c and (cast(:kind as varchar) is null or j.kind = :kind)
                order by j.id desc limit :n offset :o""")
                .param("c", companyId).param("kind", kind).param("n", limit).param("o", offset)
                .query(JobStore::map).list();
    }

    long count(long companyId, String kind) {
        return jdbc.sql("""
                select count(*) from job where company_id = :c and (cast(:kind as varchar) is null or kind = :kind)""")
                .param("c", companyId).param("kind", kind).query(Long.class).single();
    }

    List<JobItem> items(long jobId) {
        return jdbc.sql("select record_id, label, ok, status, message from job_item where job_id = :id order by seq")
                .param("id", jobId)
                .query((rs, n) -> new JobItem(rs.getLong(1), rs.getString(2), rs.getBoolean(3), rs.getInt(4),
                        rs.getString(5)))
                .list();
    }

    Set<Long> handled(long jobId) {
        return new HashSet<>(jdbc.sql("select record_id from job_item where job_id = :id").param("id", jobId)
                .query(Long.class).list());
    }

    void started(long id) {
        jdbc.sql("""
                update job set state = 'running', started_at = coalesce(started_at, now()), updated_at = now()
                where id = :id and state in ('queued', 'running')""").param("id", id).update();
    }

    void total(long id, int total) {
        jdbc.sql("update job set total = :t, updated_at = now() where id = :id").param("t", total).param("id", id)
                .update();
    }

    void progress(long id, int done) {
        jdbc.sql("update job set done = :d, updated_at = now() where id = :id").param("d", done).param("id", id)
                .update();
    }

    void errors(long id, int errors) {
        jdbc.sql("update job set errors = :e, updated_at = now() where id = :id").param("e", errors).param("id", id)
                .update();
    }

    /** One record's result, counted once (a revived job may write it again: the first stays). */
    void item(long jobId, JobItem item) {
        int added = jdbc.sql("""
                insert into job_item (job_id, seq, record_id, label, ok, status, message)
                values (:j, (select count(*) from job_item where job_id = :j), :r, :label, :ok, :status, :msg)
                on conflict do nothing""")
                .param("j", jobId).param("r", item.recordId()).param("label", clip(item.label(), 200))
                .param("ok", item.ok()).param("status", item.status()).param("msg", clip(item.message(), 2000))
                .update();
        if (added > 0) {
            jdbc.sql("""
                    update job set done = done + 1, errors = errors + :e, updated_at = now() where id = :id""")
                    .param("e", item.ok() ? 0 : 1).param("id", jobId).update();
        }
    }

    void finish(long id, String summary) {
        end(id, "finished", summary);
    }

    void fail(long id, String message) {
        end(id, "failed", message);
    }

    private void end(long id, String state, String summary) {
        jdbc.sql("""
                update job set state = :s, summary = :summary, finished_at = now(), updated_at = now()
                where id = :id and state in ('queued', 'running')""")
                .param("s", state).param("summary", clip(summary, 2000)).param("id", id).update();
    }

    private static String clip(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
