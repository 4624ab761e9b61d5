package com.crosswalk.web.erp;

import com.crosswalk.directory.PermissionLevel;
import com.crosswalk.directory.Permissions;
import com.crosswalk.directory.SignedInUser;
import com.crosswalk.erp.connection.ErpConnectionService;
import com.crosswalk.erp.connection.ErpConnectionService.ConnectionBody;
import com.crosswalk.erp.connection.ErpConnectionService.ConnectionView;
import com.crosswalk.erp.connection.ErpConnectors;
import com.crosswalk.erp.connector.ConnectionCheck;
import com.crosswalk.erp.push.PushSetup;
import com.crosswalk.erp.push.PushTests;
import com.crosswalk.shared.CrosswalkException;
import com.crosswalk.shared.NotFoundException;
import com.crosswalk.web.FormInput;
import com.crosswalk.web.jobs.JobPanels;
import jakarta.servlet.http.HttpServletResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * ERP Integrations → Connection (ERP Integrations Admin): the ERP's address, tenant, endpoint version, user and
 * password (write-only: never shown, left empty to keep), the licence's limits, and Test connection; and Acumatica's
 * push notifications: the webhook and secret to give Acumatica, the definitions to create there, whether they arrive,
 * and "Send a test notification". The rules are {@link ErpConnectionService}'s and {@link PushSetup}'s, the REST API's.
 */
@Controller
class ErpConnectionPagesController {

    private final Permissions permissions;
    private final ErpConnectionService connection;
    private final PushSetup push;
    private final PushTests pushTests;
    private final JobPanels panels;
    private final ErpConnectors connectors;
    private final com.crosswalk.directory.DirectoryService directory;

    /** Every zone Java knows, sorted: the time-zone field's choices. */
    private static final List<String> ZONES = java.time.ZoneId.getAvailableZoneIds().stream().sorted().toList();

    ErpConnectionPagesController(Permissions permissions, ErpConnectionService connection, PushSetup push,
            PushTests pushTests, JobPanels panels, ErpConnectors connectors,
            com.crosswalk.directory.DirectoryService directory) {
        this.directory = directory;
        this.connectors = connectors;
        this.permissions = permissions;
        this.connection = connection;
        this.push = push;
        this.pushTests = pushTests;
        this.panels = panels;
    }

    /** The form as typed; numbers kept as text so a refused form shows what was typed. */
    public record ConnectionForm(String baseUrl, String tenant, String branch, String endpointVersion, String username,
            String password, String maxSessions, String maxRequestsPerMinute, String maxConcurrentRequests) {

        static ConnectionForm of(ConnectionView v) {
            return new ConnectionForm(v.baseUrl(), FormInput.orEmpty(v.tenant()), FormInput.orEmpty(v.branch()),
                    v.endpointVersion(), FormInput.orEmpty(v.username()), "", Integer.toString(v.maxSessions()),
                    Integer.toString(v.maxRequestsPerMinute()), Integer.toString(v.maxConcurrentRequests()));
        }
    }

    private long company(SignedInUser user) {
        if (user.companyId() == null) {
            throw new NotFoundException("The ERP connection belongs to a company; the operator has none");
        }
        permissions.requireErpIntegrations(user, user.companyId(), PermissionLevel.ADMIN);
        return user.companyId();
    }

    private ConnectionView current(SignedInUser user, long companyId) {
        try {
            return connection.get(user, companyId);
        } catch (NotFoundException none) {
            return null;
        }
    }

    @GetMapping("/erp/connection")
    String page(@AuthenticationPrincipal SignedInUser user, Model model) {
        long companyId = company(user);
        ConnectionView v = current(user, companyId);
        model.addAttribute("connection", v);
        model.addAttribute("form", v == null ? new ConnectionForm("https://", "", "", "24.200.001", "", "", "2", "600",
                "4") : ConnectionForm.of(v));
        model.addAttribute("errors", Map.of());
        model.addAttribute("tab", "connection");
        addPush(user, companyId, model);
        return "erp/connection";
    }

    private void addPush(SignedInUser user, long companyId, Model model) {
        if (!model.containsAttribute("timeZone")) {
            model.addAttribute("timeZone", directory.company(companyId).timeZone());
        }
        model.addAttribute("timeZones", ZONES);
        model.addAttribute("push", push.status(companyId, PushSetup.webhookUrl(companyId)));
        panels.onPage(user, companyId, List.of("push_test")).stream().findFirst().ifPresent(job -> {
            model.addAttribute("pushJob", job);
            model.addAttribute("pushJobTitle", JobPanels.title(job, connectors.displayName(companyId)));
        });
    }

    /** Sets push notifications up, or replaces the secret (the old one stops working at once). */
    @PostMapping("/erp/connection/push/secret")
    String pushSecret(@AuthenticationPrincipal SignedInUser user, RedirectAttributes flash) {
        long companyId = company(user);
        boolean first = push.secret(companyId).isEmpty();
        push.rotate(user, companyId);
        flash.addFlashAttribute("pushMessage", first
                ? "Push notifications are set up: create the webhook and the push notifications below in Acumatica."
                : "Replaced the secret: the old one no longer works. Paste the new one into the webhook's header value "
                        + "in Acumatica.");
        return "redirect:/erp/connection#push";
    }

    /** "Send a test notification": a job; its panel replaces the test area. */
    @PostMapping("/erp/connection/push/test")
    String pushTest(@AuthenticationPrincipal SignedInUser user, Model model) {
        long companyId = company(user);
        return panels.started(user, pushTests.start(user, companyId, PushSetup.webhookUrl(companyId)), model);
    }

    @PostMapping("/erp/connection")
    String save(@AuthenticationPrincipal SignedInUser user, @ModelAttribute("form") ConnectionForm form, Model model,
            RedirectAttributes flash, HttpServletResponse response) {
        long companyId = company(user);
        Map<String, String> errors = new LinkedHashMap<>();
        String url = FormInput.orEmpty(form.baseUrl()).trim();
        if (!url.matches("^https?://[^\\s/]+.*")) {
            errors.put("baseUrl", "Enter the address of the ERP, starting with https:// (or http://).");
        } else if (url.length() > 500) {
            errors.put("baseUrl", "The address can be at most 500 characters.");
        }
        if (FormInput.orEmpty(form.endpointVersion()).isBlank()) {
            errors.put("endpointVersion", "Enter the endpoint version, like 24.200.001.");
        }
        Integer sessions = whole(form.maxSessions(), "maxSessions", 1, 100, "API users", errors);
        Integer perMinute = whole(form.maxRequestsPerMinute(), "maxRequestsPerMinute", 1, 100_000, "requests per minute",
                errors);
        Integer concurrent = whole(form.maxConcurrentRequests(), "maxConcurrentRequests", 1, 100,
                "concurrent requests", errors);
        String refusal = null;
        int status = 422;
        if (errors.isEmpty()) {
            try {
                connection.save(user, companyId, new ConnectionBody(null, null, url, blankToNull(form.tenant()),
                        blankToNull(form.branch()), null, form.endpointVersion().trim(), null,
                        blankToNull(form.username()), FormInput.blank(form.password()) ? null : form.password(), null,
                        null, null, sessions, concurrent, perMinute));
                flash.addFlashAttribute("success", "Saved the connection settings.");
                return "redirect:/erp/connection";
            } catch (CrosswalkException e) {
                refusal = e.getMessage();
                status = e.httpStatus();
            }
        }
        response.setStatus(status);
        model.addAttribute("connection", current(user, companyId));
        model.addAttribute("form", new ConnectionForm(form.baseUrl(), form.tenant(), form.branch(),
                form.endpointVersion(), form.username(), "", form.maxSessions(), form.maxRequestsPerMinute(),
                form.maxConcurrentRequests()));
        model.addAttribute("errors", errors);
        model.addAttribute("formError", refusal != null ? refusal : errors.size() == 1
                ? "One field needs a correction (see below)." : errors.size() + " fields need a correction (see below).");
        model.addAttribute("tab", "connection");
        addPush(user, companyId, model);
        return "erp/connection";
    }

    /**
     * The company's time zone, in which every page shows times (and the home page's days run): one of the zones Java
     * knows; anything else comes back with the message beside the field and nothing changed (400).
     */
    @PostMapping("/erp/connection/time-zone")
    String timeZone(@AuthenticationPrincipal SignedInUser user, @org.springframework.web.bind.annotation.RequestParam(
            name = "timeZone", required = false) String timeZone, Model model, RedirectAttributes flash,
            HttpServletResponse response) {
        long companyId = company(user);
        try {
            String set = directory.setTimeZone(user, companyId, timeZone).timeZone();
            flash.addFlashAttribute("timeZoneMessage", "Saved: times are shown in " + set + ".");
            return "redirect:/erp/connection#time-zone";
        } catch (CrosswalkException e) {
            response.setStatus(e.httpStatus());
            ConnectionView v = current(user, companyId);
            model.addAttribute("connection", v);
            model.addAttribute("form", v == null ? new ConnectionForm("https://", "", "", "24.200.001", "", "", "2",
                    "600", "4") : ConnectionForm.of(v));
            model.addAttribute("errors", Map.of());
            model.addAttribute("timeZone", FormInput.orEmpty(timeZone));
            model.addAttribute("timeZoneError", e.getMessage());
            model.addAttribute("tab", "connection");
            addPush(user, companyId, model);
            return "erp/connection";
        }
    }

    /** Signs in to the ERP with the saved settings; the answer in plain words next to the button. */
    @PostMapping("/erp/connection/test")
    String test(@AuthenticationPrincipal SignedInUser user, RedirectAttributes flash) {
        long companyId = company(user);
        ConnectionCheck check = connection.test(user, companyId);
        flash.addFlashAttribute(check.ok() ? "testOk" : "testFailed", check.message());
        return "redirect:/erp/connection";
    }

    private static Integer whole(String typed, String field, int min, int max, String what, Map<String, String> errors) {
        String t = FormInput.orEmpty(typed).trim();
        if (!t.matches("[0-9]{1,9}") || Integer.parseInt(t) < min || Integer.parseInt(t) > max) {
            errors.put(field, "Enter the licence's " + what + " as a whole number from " + min + " to " + max + ".");
            return null;
        }
        return Integer.parseInt(t);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
