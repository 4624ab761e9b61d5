package com.crosswalk.jobs;

import java.time.OffsetDateTime;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;

/** A job as the REST API shows it ({@code results}: per record, only on the single job's resource). */
public record JobBody(long id, long companyId, String kind, String subject, String state, int done, Integer total, Integer percent,
        Long requestedBy, String requestedByName, OffsetDateTime createdAt, OffsetDateTime startedAt,
        OffsetDateTime finishedAt, String summary, int errors, boolean alreadyRunning, List<JobItem> results) {

    static JobBody of(Job j, List<JobItem> results) {
        return new JobBody(j.id(), j.companyId(), j.kind(), j.subject(), j.state().value(), j.done(), j.total(), j.percent(),
                j.requestedBy(), j.requestedByName(), j.createdAt(), j.startedAt(), j.finishedAt(), j.summary(),
                j.errors(), false, results);
    }

    /**
     * The answer of an endpoint that starts a job: 202 with the job ({@code already_running} when a job of that kind
     * was running and is answered instead) and its address in {@code Location}.
     */
    public static ResponseEntity<JobBody> accepted(JobStart start) {
        Job j = start.job();
        JobBody body = of(j, null);
        body = new JobBody(body.id(), body.companyId(), body.kind(), body.subject(), body.state(), body.done(), body.total(),
                body.percent(), body.requestedBy(), body.requestedByName(), body.createdAt(), body.startedAt(),
                body.finishedAt(), body.summary(), body.errors(), start.alreadyRunning(), null);
        return ResponseEntity.accepted()
                .header(HttpHeaders.LOCATION, "/rest/v1.0/companies/" + j.companyId() + "/jobs/" + j.id())
                .body(body);
    }
}
