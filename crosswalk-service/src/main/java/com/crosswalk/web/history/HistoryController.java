package com.crosswalk.web.history;

import com.crosswalk.commitments.Commitments;
import com.crosswalk.directory.AuditEvents;
import com.crosswalk.directory.DirectoryService;
import com.crosswalk.directory.SignedInUser;
import com.crosswalk.directory.Vendors;
import com.crosswalk.projects.Projects;
import com.crosswalk.shared.NotFoundException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/**
 * A record's Change History: its audit events, newest first ({@link AuditEvents}: readers as for the audit log). The
 * record must be one of the signed-in user's company's, asked of the service that owns its type; another company's
 * record or an id that never existed is the 404 page. A record deleted since (a Draft CCO) keeps the history its
 * company's log holds.
 */
@Controller
class HistoryController {

    static final Set<String> TYPES = Set.of("commitment_change_order", "commitment", "vendor", "project", "user");
    static final int LIMIT = 200;

    private final AuditEvents events;
    private final Commitments commitments;
    private final Projects projects;
    private final Vendors vendors;
    private final DirectoryService directory;

    HistoryController(AuditEvents events, Commitments commitments, Projects projects, Vendors vendors,
            DirectoryService directory) {
        this.events = events;
        this.commitments = commitments;
        this.projects = projects;
        this.vendors = vendors;
        this.directory = directory;
    }

    @GetMapping("/history/{recordType}/{recordId}")
    String history(@AuthenticationPrincipal SignedInUser user, @PathVariable String recordType,
            @PathVariable long recordId, Model model) {
        if (!TYPES.contains(recordType) || user.companyId() == null) {
            throw new NotFoundException("No such record");
        }
        long company = user.companyId();
        // the audit-log permission first (403), then the record (404)
        List<AuditEvents.AuditEvent> list = events.list(user, company, recordType, recordId, 1, LIMIT);
        Optional<Long> projectId = commitments.projectOf(company, recordType, recordId);
        // a commitment's or CCO's history is part of its project: hidden where the project is ("None")
        projectId.ifPresent(p -> projects.get(user, p));
        boolean exists = switch (recordType) {
            case "commitment_change_order", "commitment" -> projectId.isPresent();
            case "vendor" -> vendors.exists(company, recordId);
            case "project" -> projects.exists(company, recordId);
            case "user" -> directory.findUser(recordId)
                    .filter(u -> u.companyId() != null && u.companyId() == company).isPresent();
            default -> false;
        };
        if (!exists && list.isEmpty()) {
            throw new NotFoundException("No such record in your company: " + recordType.replace('_', ' ') + " "
                    + recordId);
        }
        model.addAttribute("events", list);
        model.addAttribute("recordType", recordType);
        model.addAttribute("recordId", recordId);
        model.addAttribute("projectId", projectId.orElse(null));
        model.addAttribute("limit", LIMIT);
        return "history/history";
    }
}
