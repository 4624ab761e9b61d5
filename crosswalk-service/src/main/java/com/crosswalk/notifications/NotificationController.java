package com.crosswalk.notifications;

import com.crosswalk.directory.SignedInUser;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The signed-in person's notification choices: per kind (ready_to_export, resent, rejected, failed), an e-mail at once
 * ({@code instant}) or in a daily digest ({@code daily}).
 */
@RestController
class NotificationController {

    private final Notifications notifications;

    NotificationController(Notifications notifications) {
        this.notifications = notifications;
    }

    @Schema(name = "NotificationChoice")
    record Choice(@NotBlank @Size(max = 30) String kind, @NotBlank @Size(max = 10) String delivery) {
    }

    @Schema(name = "NotificationChoices")
    record Choices(@NotNull @Size(max = 10) List<@NotNull @Valid Choice> preferences) {
    }

    @GetMapping("/rest/v1.0/me/notification_preferences")
    Notifications.Preferences get(@AuthenticationPrincipal SignedInUser user) {
        return notifications.preferences(user);
    }

    @PutMapping("/rest/v1.0/me/notification_preferences")
    Notifications.Preferences put(@AuthenticationPrincipal SignedInUser user, @Valid @RequestBody Choices body) {
        Map<String, String> m = new LinkedHashMap<>();
        body.preferences().forEach(c -> m.put(c.kind(), c.delivery()));
        return notifications.choose(user, m);
    }
}
