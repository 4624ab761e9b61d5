package com.crosswalk.web.notifications;

import com.crosswalk.directory.SignedInUser;
import com.crosswalk.notifications.NotificationKind;
import com.crosswalk.notifications.Notifications;
import jakarta.servlet.http.HttpServletResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** My notifications: per kind, an e-mail at once or a daily digest. */
@Controller
class NotificationPagesController {

    private final Notifications notifications;

    NotificationPagesController(Notifications notifications) {
        this.notifications = notifications;
    }

    @GetMapping("/notifications")
    String page(@AuthenticationPrincipal SignedInUser user, Model model) {
        model.addAttribute("preferences", notifications.preferences(user).preferences());
        return "notifications/preferences";
    }

    /** The form: one field per kind, named after it, {@code instant} or {@code daily}. */
    @PostMapping("/notifications")
    String save(@AuthenticationPrincipal SignedInUser user, @RequestParam Map<String, String> form, Model model,
            RedirectAttributes flash, HttpServletResponse response) {
        Map<String, String> choices = new LinkedHashMap<>();
        Map<String, String> errors = new LinkedHashMap<>();
        for (NotificationKind k : NotificationKind.values()) {
            String v = form.get(k.value());
            if (v == null) {
                continue;
            }
            if (!"instant".equals(v) && !"daily".equals(v)) {
                errors.put(k.value(), "Choose At once or Daily digest.");
            } else {
                choices.put(k.value(), v);
            }
        }
        if (!errors.isEmpty()) {
            response.setStatus(422);
            model.addAttribute("preferences", notifications.preferences(user).preferences());
            model.addAttribute("errors", errors);
            return "notifications/preferences";
        }
        notifications.choose(user, choices);
        flash.addFlashAttribute("success", "Saved your notification choices.");
        return "redirect:/notifications";
    }
}
