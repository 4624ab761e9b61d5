package com.crosswalk.erp.push;

import com.crosswalk.directory.PermissionLevel;
import com.crosswalk.directory.Permissions;
import com.crosswalk.directory.SignedInUser;
import com.crosswalk.shared.ApiMessage;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

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
    private final JdbcClient jdbc;
    private final Duration quietAfter;

    PushController(PushInbox inbox, PushSetup setup, Permissions permissions, JdbcClient jdbc,
            @Value("${crosswalk.push.quiet-after:PT1H}") Duration quietAfter) {
        this.inbox = inbox;
        this.setup = setup;
        this.permissions = permissions;
        this.jdbc = jdbc;
        this.quietAfter = quietAfter;
    }

    /** What the set-up page and API show. {@code header_value} is the secret (only ERP Integrations Admins see it). */
    @Schema(name = "PushNotificationSetup")
    record SetupView(boolean setUp, String webhookUrl, String headerName, String headerValue,
            List<PushDefinitions.Definition> definitions, long notificationsReceived, OffsetDateTime lastReceivedAt,
            boolean quiet, String state) {
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
    SetupView get(@AuthenticationPrincipal SignedInUser user, @PathVariable long companyId) {
        permissions.requireErpIntegrations(user, companyId, PermissionLevel.ADMIN);
        return view(companyId, setup.secret(companyId).orElse(null));
    }

    /** Sets push notifications up, or replaces the secret (the old one stops working at once). */
    @PostMapping("/rest/v1.0/companies/{companyId}/erp/push_notifications/secret")
    SetupView rotate(@AuthenticationPrincipal SignedInUser user, @PathVariable long companyId) {
        permissions.requireErpIntegrations(user, companyId, PermissionLevel.ADMIN);
        return view(companyId, setup.rotate(user, companyId));
    }

    private SetupView view(long companyId, String secret) {
        String url = ServletUriComponentsBuilder.fromCurrentContextPath().path("/hooks/acumatica/{id}")
                .buildAndExpand(companyId).toUriString();
        record Received(long count, OffsetDateTime last, OffsetDateTime since) {
        }
        Received r = jdbc.sql("""
                select (select count(*) from erp_push_notification where company_id = :c) as count,
                       (select max(received_at) from erp_push_notification where company_id = :c) as last,
                       (select rotated_at from erp_push_setup where company_id = :c) as since""")
                .param("c", companyId).query(Received.class).single();
        OffsetDateTime lastSign = r.last() != null ? r.last() : r.since();
        boolean quiet = secret != null && lastSign != null
                && lastSign.isBefore(OffsetDateTime.now().minus(quietAfter));
        String state = secret == null ? "Not set up: replace the secret to set push notifications up"
                : r.last() == null ? "Set up; no notification received yet"
                : quiet ? "No notification for over " + quietAfter.toMinutes() + " minutes: the periodic check of "
                        + "Acumatica runs more often until they arrive again"
                : "Receiving: " + r.count() + " notifications, the last at " + r.last();
        return new SetupView(secret != null, url, PushSetup.HEADER, secret, PushDefinitions.ALL, r.count(), r.last(),
                quiet, state);
    }
}
