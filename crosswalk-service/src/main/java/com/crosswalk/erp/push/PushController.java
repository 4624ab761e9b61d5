package com.crosswalk.erp.push;

import com.crosswalk.directory.PermissionLevel;
import com.crosswalk.directory.Permissions;
import com.crosswalk.directory.SignedInUser;
import com.crosswalk.jobs.JobBody;
import com.crosswalk.shared.ApiMessage;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * Acumatica's push notifications: the webhook Acumatica posts to ({@code POST /hooks/acumatica/{company_id}}, signed in
 * by nothing but the company's secret in {@value PushSetup#HEADER}), and their set-up for ERP Integrations Admins —
 * the webhook's address and secret, the definitions to create in Acumatica, and whether notifications are arriving.
 */
@RestController
class PushController {

    private final PushInbox inbox;
    private final PushSetup setup;
    private final Permissions permissions;
    private final PushTests tests;

    PushController(PushInbox inbox, PushSetup setup, Permissions permissions, PushTests tests) {
        this.inbox = inbox;
        this.setup = setup;
        this.permissions = permissions;
        this.tests = tests;
    }

    @PostMapping(path = "/hooks/acumatica/{companyId}", consumes = MediaType.APPLICATION_JSON_VALUE)
    ApiMessage receive(@PathVariable long companyId,
            @RequestHeader(name = PushSetup.HEADER, required = false) String secret,
            @RequestBody AcumaticaNotification notification) {
        return switch (inbox.receive(companyId, secret, notification)) {
            case RECEIVED -> new ApiMessage("Received");
            case ALREADY_RECEIVED -> new ApiMessage("Already received");
        };
    }

    @GetMapping("/rest/v1.0/companies/{companyId}/erp/push_notifications")
    PushSetup.Status get(@AuthenticationPrincipal SignedInUser user, @PathVariable long companyId) {
        permissions.requireErpIntegrations(user, companyId, PermissionLevel.ADMIN);
        return view(companyId);
    }

    /** Sets push notifications up, or replaces the secret (the old one stops working at once). */
    @PostMapping("/rest/v1.0/companies/{companyId}/erp/push_notifications/secret")
    PushSetup.Status rotate(@AuthenticationPrincipal SignedInUser user, @PathVariable long companyId) {
        permissions.requireErpIntegrations(user, companyId, PermissionLevel.ADMIN);
        setup.rotate(user, companyId);
        return view(companyId);
    }

    /**
     * Sends a test notification to this webhook, as Acumatica would, and reports whether it arrived and was processed
     * (a job: the page shows its panel). It proves Crosswalk's side — the address, the secret, the processing;
     * Acumatica's side shows in the notifications received from it.
     */
    @PostMapping("/rest/v1.0/companies/{companyId}/erp/push_notifications/test")
    ResponseEntity<JobBody> sendTestNotification(@AuthenticationPrincipal SignedInUser user, @PathVariable long companyId) {
        permissions.requireErpIntegrations(user, companyId, PermissionLevel.ADMIN);
        return JobBody.accepted(tests.start(user, companyId, PushSetup.webhookUrl(companyId)));
    }

    private PushSetup.Status view(long companyId) {
        return setup.status(companyId, PushSetup.webhookUrl(companyId));
    }
}
