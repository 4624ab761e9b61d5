package com.crosswalk.web.history;

import com.crosswalk.directory.SignedInUser;
import com.crosswalk.shared.NotFoundException;
import com.crosswalk.web.WebReads;
import java.util.Set;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/** A record's Change History: its audit events, newest first (readers as for the audit log). */
@Controller
class HistoryController {

    static final Set<String> TYPES = Set.of("commitment_change_order", "commitment", "vendor", "project", "user");
    static final int LIMIT = 200;

    private final WebReads reads;

    HistoryController(WebReads reads) {
        this.reads = reads;
    }

    @GetMapping("/history/{recordType}/{recordId}")
    String history(@AuthenticationPrincipal SignedInUser user, @PathVariable String recordType,
            @PathVariable long recordId, Model model) {
        if (!TYPES.contains(recordType) || user.companyId() == null) {
            throw new NotFoundException("No such record");
        }
        model.addAttribute("events", reads.history(user, user.companyId(), recordType, recordId, LIMIT));
        model.addAttribute("recordType", recordType);
        model.addAttribute("recordId", recordId);
        model.addAttribute("projectId", reads.projectOf(recordType, recordId));
        model.addAttribute("limit", LIMIT);
        return "history/history";
    }
}
