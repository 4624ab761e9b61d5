package com.crosswalk.web.jobs;

import com.crosswalk.directory.SignedInUser;
import com.crosswalk.jobs.Job;
import com.crosswalk.jobs.Jobs;
import com.crosswalk.shared.NotFoundException;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/**
 * {@code GET /jobs/{id}}: a job's panel as it stands now, polled by the page every second while the job runs (htmx);
 * once the job has finished it stops polling, and a bulk job also sends each row its result.
 */
@Controller
class JobPagesController {

    private final Jobs jobs;
    private final JobPanels panels;

    JobPagesController(Jobs jobs, JobPanels panels) {
        this.jobs = jobs;
        this.panels = panels;
    }

    @GetMapping("/jobs/{id}")
    String job(@AuthenticationPrincipal SignedInUser user, @PathVariable long id, Model model) {
        if (user.companyId() == null) {
            throw new NotFoundException("Job " + id + " not found");
        }
        Job job = jobs.get(user, user.companyId(), id);
        panels.fill(user, job, model);
        return "jobs/poll";
    }
}
