package com.crosswalk.web.history;

import com.crosswalk.commitments.Commitments;
import com.crosswalk.directory.AuditEvents;
import com.crosswalk.directory.SignedInUser;
import com.crosswalk.shared.NotFoundException;
import java.util.Set;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/** A record's Change History: its audit events, newest first ({@link AuditEvents}: readers as for the audit log). */
@Controller
class HistoryController {

    static final Set<String> TYPES = Set.of("commitment_change_order", "commitment", "vendor", "project", "user");
    static final int LIMIT = 200;

    private final AuditEvents events;
    private final Commitments commitments;

    HistoryController(AuditEvents events, Commitments commitments) {
        this.events = events;
        this.commitments = commitments;
    }

    @GetMapping("/history/{recordType}/{recordId}")
    String history(@AuthenticationPrincipal SignedInUser user, @PathVariable String recordType,
            @PathVariable long recordId, Model model) {
        if (!TYPES.contains(recordType) || user.companyId() == null) {
            throw new NotFoundException("No such record");
        }
        model.addAttribute("events", events.list(user, user.companyId(), recordType, recordId, 1, LIMIT));
        model.addAttribute("recordType", recordType);
        model.addAttribute("recordId", recordId);
        model.addAttribute("projectId", commitments.projectOf(user.companyId(), recordType, recordId).orElse(null));
        model.addAttribute("limit", LIMIT);
        return "history/history";
    }
}
