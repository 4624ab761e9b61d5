package com.crosswalk.directory;

import com.crosswalk.directory.AuditEvents.AuditEvent;
import java.util.List;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * REST of a company's audit log, newest first, paged ({@code page} from 1, {@code per_page} 1–1000, default 100),
 * filtered by {@code record_type} and {@code record_id}; readers and rules are {@link AuditEvents}'.
 */
@RestController
class AuditEventController {

    private final AuditEvents events;

    AuditEventController(AuditEvents events) {
        this.events = events;
    }

    @GetMapping("/rest/v1.0/companies/{companyId}/audit_events")
    List<AuditEvent> events(@AuthenticationPrincipal SignedInUser user, @PathVariable long companyId,
            @RequestParam(name = "record_type", required = false) String recordType,
            @RequestParam(name = "record_id", required = false) Long recordId,
            @RequestParam(name = "page", defaultValue = "1") int page,
            @RequestParam(name = "per_page", defaultValue = "100") int perPage) {
        return events.list(user, companyId, recordType, recordId, page, perPage);
    }
}
