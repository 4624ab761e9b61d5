package com.crosswalk.jobs;

import com.crosswalk.directory.SignedInUser;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /rest/v1.0/companies/{id}/jobs/{job_id}}: a job's kind, state, done/total, started, finished, result
 * summary, error count and per-record results; {@code GET …/jobs}: the company's recent jobs, newest first (the total
 * in the {@code Total} header). A job is started by the endpoint of what it does (e.g. {@code POST …/erp/reconcile}),
 * which answers 202 with the job and its address in {@code Location}.
 */
@RestController
class JobController {

    private final Jobs jobs;

    JobController(Jobs jobs) {
        this.jobs = jobs;
    }

    @GetMapping("/rest/v1.0/companies/{companyId}/jobs/{jobId}")
    JobBody get(@AuthenticationPrincipal SignedInUser user, @PathVariable long companyId, @PathVariable long jobId) {
        Jobs.Detail d = jobs.detail(user, companyId, jobId);
        return JobBody.of(d.job(), d.results());
    }

    @GetMapping("/rest/v1.0/companies/{companyId}/jobs")
    ResponseEntity<List<JobBody>> list(@AuthenticationPrincipal SignedInUser user, @PathVariable long companyId,
            @RequestParam(required = false) String kind, @RequestParam(defaultValue = "1") int page,
            @RequestParam(name = "per_page", defaultValue = "25") int perPage) {
        Jobs.Page p = jobs.recent(user, companyId, kind, page, perPage);
        HttpHeaders h = new HttpHeaders();
        h.add("Total", Long.toString(p.total()));
        h.add("Per-Page", Integer.toString(p.perPage()));
        h.add("Page", Integer.toString(p.page()));
        return ResponseEntity.ok().headers(h).body(p.jobs().stream().map(j -> JobBody.of(j, null)).toList());
    }
}
