package com.crosswalk.web;

import com.crosswalk.demo.DemoErpServer;
import com.crosswalk.directory.DirectoryService;
import com.crosswalk.directory.PermissionLevel;
import com.crosswalk.directory.Permissions;
import com.crosswalk.directory.SignedInUser;
import com.crosswalk.directory.UserAccess;
import com.crosswalk.erp.connection.ErpConnectors;
import com.crosswalk.shared.CrosswalkException;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * For every page controller (package {@code com.crosswalk.web}): the header model ({@code nav}) and refusals turned
 * into an error page with the service's own message and status (404 for another company's record, 403, 409…).
 */
@ControllerAdvice(basePackages = "com.crosswalk.web")
class PageAdvice {

    private static final Logger log = LoggerFactory.getLogger(PageAdvice.class);

    private final Permissions permissions;
    private final DirectoryService directory;
    private final ErpConnectors connectors;
    private final ObjectProvider<DemoErpServer> demoErp;
    private final ObjectProvider<com.crosswalk.demo.DemoMailServer> demoMail;

    PageAdvice(Permissions permissions, DirectoryService directory, ErpConnectors connectors,
            ObjectProvider<DemoErpServer> demoErp, ObjectProvider<com.crosswalk.demo.DemoMailServer> demoMail) {
        this.demoMail = demoMail;
        this.permissions = permissions;
        this.directory = directory;
        this.connectors = connectors;
        this.demoErp = demoErp;
    }

    /**
     * A form's repeated field (the CCO's line rows) arrives as a list; with a single row Spring would split the one
     * value at its commas ("1,500.00" into two rows): a value is kept whole.
     */
    @org.springframework.web.bind.annotation.InitBinder
    void keepValuesWhole(org.springframework.web.bind.WebDataBinder binder) {
        binder.registerCustomEditor(java.util.List.class,
                new org.springframework.beans.propertyeditors.CustomCollectionEditor(java.util.List.class));
    }

    @ModelAttribute("nav")
    Nav nav() {
        try {
            return navOrFail();
        } catch (CrosswalkException e) { // e.g. the account went inactive during this request: a page without tools
            return null;
        }
    }

    private Nav navOrFail() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth == null || !(auth.getPrincipal() instanceof SignedInUser user)) {
            return null;
        }
        if (user.isOperator()) {
            return new Nav(null, null, null, user.displayName(), user.login(), true, false, false, false, false, null,
                    demoMail.getIfAvailable() != null, false);
        }
        // a few queries whatever the page: the user's levels (2), the company with its ERP's name (1), the ERP's
        // address (1, none in demo mode; no secret decrypted for it)
        UserAccess access = permissions.access(user);
        long companyId = user.companyId();
        DirectoryService.Company company = directory.company(companyId);
        PageTimes.remember(company.timeZone());
        String companyName = company.name();
        boolean commitments = permissions.mayOpenCommitments(access);
        String erpName = company.erpDisplayName() == null || company.erpDisplayName().isBlank()
                ? ErpConnectors.DEFAULT_DISPLAY_NAME : company.erpDisplayName();
        return new Nav(companyName, companyId, erpName, user.displayName(), user.login(), false,
                access.erpIntegrations().atLeast(PermissionLevel.READ_ONLY),
                access.directory().atLeast(PermissionLevel.READ_ONLY), commitments, access.isAccountingApprover(),
                erpPageUrl(companyId), demoMail.getIfAvailable() != null,
                access.erpIntegrations().atLeast(PermissionLevel.ADMIN));
    }

    /** The ERP's own Change Orders screen: in demo mode the in-process emulator's page. */
    private String erpPageUrl(long companyId) {
        DemoErpServer demo = demoErp.getIfAvailable();
        String base = demo != null ? demo.baseUrl() : connectors.baseUrl(companyId).orElse(null);
        if (base == null) {
            return null;
        }
        base = base.replaceAll("/+$", "");
        return demo != null ? base + "/emulator/change-orders" : base;
    }

    @ExceptionHandler(CrosswalkException.class)
    String refused(CrosswalkException e, Model model, HttpServletResponse response) {
        response.setStatus(e.httpStatus());
        model.addAttribute("nav", nav());
        model.addAttribute("status", e.httpStatus());
        model.addAttribute("message", e.getMessage());
        return "error-page";
    }

    @ExceptionHandler({org.springframework.web.method.annotation.MethodArgumentTypeMismatchException.class,
            org.springframework.web.bind.MissingServletRequestParameterException.class,
            org.springframework.web.bind.ServletRequestBindingException.class})
    String badParameter(Exception e, Model model, HttpServletResponse response) {
        log.debug("Bad page parameter", e);
        return page(400, "The address or the form is not valid.", model, response);
    }

    /** A write the database refused (two people at once, usually): nothing changed, no internals named. */
    @ExceptionHandler(org.springframework.dao.DataIntegrityViolationException.class)
    String conflict(Exception e, Model model, HttpServletResponse response) {
        log.info("Constraint refused a page write: {}", e.getMessage());
        return page(409, "The change conflicts with other data (it may have been changed at the same time); nothing "
                + "was changed. Reload the page and try again.", model, response);
    }

    /** Spring's own refusals (wrong method, unreadable request…) with their status, in words. */
    @ExceptionHandler({jakarta.servlet.ServletException.class, org.springframework.web.ErrorResponseException.class})
    String framework(Exception e, Model model, HttpServletResponse response) {
        int status = e instanceof org.springframework.web.ErrorResponse r ? r.getStatusCode().value() : 400;
        log.debug("Page request refused", e);
        return page(status, status == 405 ? "This action is not available here." : "The request is not valid.", model,
                response);
    }

    private String page(int status, String message, Model model, HttpServletResponse response) {
        response.setStatus(status);
        model.addAttribute("nav", nav());
        model.addAttribute("status", status);
        model.addAttribute("message", message);
        return "error-page";
    }
}
