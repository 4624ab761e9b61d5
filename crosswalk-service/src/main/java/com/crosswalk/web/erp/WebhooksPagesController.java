package com.crosswalk.web.erp;

import com.crosswalk.directory.SignedInUser;
import com.crosswalk.erp.webhooks.WebhookEvents;
import com.crosswalk.erp.webhooks.Webhooks;
import com.crosswalk.shared.BadRequestException;
import com.crosswalk.shared.CrosswalkException;
import com.crosswalk.shared.NotFoundException;
import java.util.List;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * ERP Integrations → Webhooks (ERP Integrations Admin or Directory Admin): the company's subscriptions, a form to add
 * one (its secret shown once), and each one's delivery log — event, attempts with response codes, times and errors —
 * with a Redeliver button. The rules are {@link Webhooks}', the REST API's.
 */
@Controller
class WebhooksPagesController {

    private final Webhooks webhooks;

    WebhooksPagesController(Webhooks webhooks) {
        this.webhooks = webhooks;
    }

    /** The new-webhook form as typed. */
    public record WebhookForm(String url, List<String> events, String description) {
    }

    private static long company(SignedInUser user) {
        if (user.companyId() == null) {
            throw new NotFoundException("Webhooks belong to a company; the operator has none");
        }
        return user.companyId();
    }

    @GetMapping("/erp/webhooks")
    String list(@AuthenticationPrincipal SignedInUser user, Model model) {
        long companyId = company(user);
        model.addAttribute("webhooks", webhooks.list(user, companyId));
        if (!model.containsAttribute("form")) {
            model.addAttribute("form", new WebhookForm("https://", WebhookEvents.EVENTS, ""));
        }
        model.addAttribute("allEvents", WebhookEvents.EVENTS);
        model.addAttribute("tab", "webhooks");
        return "erp/webhooks";
    }

    @PostMapping("/erp/webhooks")
    String create(@AuthenticationPrincipal SignedInUser user, @ModelAttribute("form") WebhookForm form,
            RedirectAttributes flash) {
        long companyId = company(user);
        try {
            Webhooks.Created created = webhooks.create(user, companyId, form.url(),
                    form.events() == null ? List.of() : form.events(), form.description());
            flash.addFlashAttribute("success", "Added the webhook to " + created.webhook().url() + ".");
            flash.addFlashAttribute("secret", created.secret());
            return "redirect:/erp/webhooks/" + created.webhook().id();
        } catch (BadRequestException e) {
            flash.addFlashAttribute("formError", e.getMessage());
            flash.addFlashAttribute("form", form);
            return "redirect:/erp/webhooks";
        }
    }

    @GetMapping("/erp/webhooks/{id}")
    String show(@AuthenticationPrincipal SignedInUser user, @PathVariable long id, Model model) {
        long companyId = company(user);
        model.addAttribute("webhook", webhooks.get(user, companyId, id));
        model.addAttribute("deliveries", webhooks.deliveries(user, companyId, id, 100));
        model.addAttribute("tab", "webhooks");
        return "erp/webhook";
    }

    @PostMapping("/erp/webhooks/{id}/delete")
    String delete(@AuthenticationPrincipal SignedInUser user, @PathVariable long id, RedirectAttributes flash) {
        long companyId = company(user);
        Webhooks.Webhook w = webhooks.get(user, companyId, id);
        webhooks.delete(user, companyId, id);
        flash.addFlashAttribute("success", "Deleted the webhook to " + w.url() + ".");
        return "redirect:/erp/webhooks";
    }

    @PostMapping("/erp/webhooks/{id}/deliveries/{deliveryId}/redeliver")
    String redeliver(@AuthenticationPrincipal SignedInUser user, @PathVariable long id, @PathVariable long deliveryId,
            RedirectAttributes flash) {
        long companyId = company(user);
        try {
            Webhooks.Delivery d = webhooks.redeliver(user, companyId, id, deliveryId);
            flash.addFlashAttribute("success", "Sending delivery " + deliveryId + " again (as delivery " + d.id()
                    + "); reload to see its attempts.");
        } catch (NotFoundException e) {
            throw e;
        } catch (CrosswalkException e) {
            flash.addFlashAttribute("formError", e.getMessage());
        }
        return "redirect:/erp/webhooks/" + id;
    }
}
