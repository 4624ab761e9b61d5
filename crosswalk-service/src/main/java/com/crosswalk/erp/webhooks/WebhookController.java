package com.crosswalk.erp.webhooks;

import com.crosswalk.directory.SignedInUser;
import com.crosswalk.erp.webhooks.Webhooks.Created;
import com.crosswalk.erp.webhooks.Webhooks.Delivery;
import com.crosswalk.erp.webhooks.Webhooks.Webhook;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Outgoing webhooks for integrators: subscriptions to the lifecycle events {@code exported}, {@code failed},
 * {@code unlinked}, {@code drift}; each payload signed ({@code X-Crosswalk-Signature: sha256=<hex HMAC-SHA256 of the
 * body>}); the delivery log and Redeliver. ERP Integrations Admin or Directory Admin.
 */
@RestController
@RequestMapping("/rest/v1.0/companies/{companyId}/webhooks")
class WebhookController {

    private final Webhooks webhooks;

    WebhookController(Webhooks webhooks) {
        this.webhooks = webhooks;
    }

    @Schema(name = "WebhookCreate")
    record CreateBody(@NotBlank @Size(max = 2000) String url,
            @NotEmpty @ArraySchema(schema = @Schema(allowableValues = {"exported", "failed", "unlinked", "drift"}))
            List<@NotNull String> events,
            @Size(max = 200) String description) {
    }

    @Schema(name = "WebhookUpdate")
    record UpdateBody(@Size(min = 1, max = 2000) String url,
            @ArraySchema(schema = @Schema(allowableValues = {"exported", "failed", "unlinked", "drift"}))
            List<@NotNull String> events,
            @Size(max = 200) String description,
            Boolean active) {
    }

    @GetMapping
    List<Webhook> list(@AuthenticationPrincipal SignedInUser user, @PathVariable long companyId) {
        return webhooks.list(user, companyId);
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    Created create(@AuthenticationPrincipal SignedInUser user, @PathVariable long companyId,
            @Valid @RequestBody CreateBody body) {
        return webhooks.create(user, companyId, body.url(), body.events(), body.description());
    }

    @GetMapping("/{id}")
    Webhook show(@AuthenticationPrincipal SignedInUser user, @PathVariable long companyId, @PathVariable long id) {
        return webhooks.get(user, companyId, id);
    }

    @PatchMapping("/{id}")
    Webhook update(@AuthenticationPrincipal SignedInUser user, @PathVariable long companyId, @PathVariable long id,
            @Valid @RequestBody UpdateBody body) {
        return webhooks.update(user, companyId, id, body.url(), body.events(), body.description(), body.active());
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(@AuthenticationPrincipal SignedInUser user, @PathVariable long companyId, @PathVariable long id) {
        webhooks.delete(user, companyId, id);
    }

    @GetMapping("/{id}/deliveries")
    List<Delivery> deliveries(@AuthenticationPrincipal SignedInUser user, @PathVariable long companyId,
            @PathVariable long id, @RequestParam(name = "per_page", defaultValue = "100") int perPage) {
        return webhooks.deliveries(user, companyId, id, perPage);
    }

    @PostMapping("/{id}/deliveries/{deliveryId}/redeliver")
    @ResponseStatus(HttpStatus.CREATED)
    Delivery redeliver(@AuthenticationPrincipal SignedInUser user, @PathVariable long companyId, @PathVariable long id,
            @PathVariable long deliveryId) {
        return webhooks.redeliver(user, companyId, id, deliveryId);
    }
}
