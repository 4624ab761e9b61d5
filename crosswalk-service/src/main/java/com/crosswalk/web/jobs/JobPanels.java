package com.crosswalk.web.jobs;

import com.crosswalk.directory.SignedInUser;
import com.crosswalk.erp.connection.ErpConnectors;
import com.crosswalk.jobs.Job;
import com.crosswalk.jobs.JobItem;
import com.crosswalk.jobs.JobStart;
import com.crosswalk.jobs.Jobs;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Component;
import org.springframework.ui.Model;

/**
 * What a page needs to show a background job ({@code jobs/job :: job}): the job, a title in words, its results and
 * a note when a click found a job of that kind already running. Pages that start jobs show the latest job of their
 * kinds when opened (running, or finished in the last {@link #RECENT}), so leaving and coming back shows it.
 */
@Component
public class JobPanels {

    /** How long a finished job stays on its page. */
    static final Duration RECENT = Duration.ofMinutes(10);
    /** Bulk kinds whose results are also shown on their rows when they finish. */
    static final Set<String> ROW_KINDS = Set.of("bulk_unlink", "bulk_accept", "bulk_retry");

    private final Jobs jobs;
    private final ErpConnectors connectors;

    JobPanels(Jobs jobs, ErpConnectors connectors) {
        this.jobs = jobs;
        this.connectors = connectors;
    }

    /** The panel of a job just started (or found running). */
    public String started(SignedInUser user, JobStart start, Model model) {
        Job job = start.job();
        fill(user, job, model);
        if (start.alreadyRunning()) {
            model.addAttribute("note", "Already running: this is the one "
                    + (job.requestedByName() == null ? "the service started" : job.requestedByName() + " started")
                    + "; it was not started twice.");
        }
        return "jobs/job :: job";
    }

    /** The panel of a job as it stands now (the polling request). */
    public void fill(SignedInUser user, Job job, Model model) {
        List<JobItem> results = job.active() ? List.of() : jobs.detail(user, job.companyId(), job.id()).results();
        model.addAttribute("job", job);
        model.addAttribute("title", title(job, connectors.displayName(job.companyId())));
        model.addAttribute("results", results);
        model.addAttribute("reload", !job.active() && job.kind().equals("reconcile"));
        model.addAttribute("rowResults", !job.active() && ROW_KINDS.contains(job.kind()) ? results : List.of());
        model.addAttribute("unlink", job.kind().equals("bulk_unlink"));
    }

    /** The latest job of each kind worth showing on a page being opened: running, or finished a moment ago. */
    public List<Job> onPage(SignedInUser user, long companyId, List<String> kinds) {
        OffsetDateTime since = OffsetDateTime.now().minus(RECENT);
        return jobs.latest(user, companyId, kinds).stream()
                .filter(j -> j.active() || (j.finishedAt() != null && j.finishedAt().isAfter(since))).toList();
    }

    /** The job in words, e.g. "Checking the synced records with Acumatica…" while it runs. */
    public static String title(Job job, String erp) {
        boolean running = job.active();
        return switch (job.kind()) {
            case "reconcile" -> running ? "Checking the synced records with " + erp + "…"
                    : "Check of the synced records with " + erp;
            case "bulk_unlink" -> running ? "Unlinking the selected records…" : "Unlink of the selected records";
            case "bulk_accept" -> running ? "Accepting the selected records…" : "Accept of the selected records";
            case "bulk_retry" -> running ? "Retrying the selected exports…" : "Retry of the selected exports";
            case "cost_code_import" -> running ? "Importing cost codes from " + erp + "…"
                    : "Import of cost codes from " + erp;
            case "reference_link" -> running ? "Linking to " + erp + "…" : "Link to " + erp;
            case "reference_export" -> running ? "Exporting to " + erp + "…" : "Export to " + erp;
            case "push_test" -> running ? "Sending a test notification to Crosswalk's webhook…"
                    : "Test notification to Crosswalk's webhook";
            case "budget_import" -> running ? "Importing the budget from " + erp + "…" : "Import of the budget from " + erp;
            case "budget_import_all" -> running ? "Importing the projects' budgets from " + erp + "…"
                    : "Import of the projects' budgets from " + erp;
            default -> job.kind().replace('_', ' ');
        };
    }
}
