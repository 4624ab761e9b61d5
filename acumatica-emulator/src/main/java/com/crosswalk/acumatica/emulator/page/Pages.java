package com.crosswalk.acumatica.emulator.page;

import static com.crosswalk.acumatica.emulator.http.Http.escapeHtml;

import com.crosswalk.acumatica.emulator.AcumaticaEmulator;
import com.crosswalk.acumatica.emulator.http.Http;
import com.crosswalk.acumatica.emulator.http.Http.Response;
import com.crosswalk.acumatica.emulator.page.PageSessions.PageSession;
import com.crosswalk.acumatica.emulator.store.AcumaticaException;
import com.crosswalk.acumatica.emulator.store.Store;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.text.DecimalFormat;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The emulator's web UI, plain server-rendered HTML in the manner of Acumatica's Change Orders form (PM308000): a
 * list (PM3080PL: Reference Nbr., Status, Project, Description, the totals) and the record view (summary, the
 * Commitments tab, a toolbar with the workflow's primary action and an Actions menu offering only what the change
 * order's state allows), plus read-only lists of projects, vendors, subcontracts and purchase orders.
 *
 * <p>Signed in (the API user: {@code admin} / {@code demo}, tenant {@code Demo}); every form carries the session's
 * CSRF token; redirects go only to the emulator's own pages.
 *
 * <p>Ids: list rows {@code co-000001} (cells {@code status-000001}, {@code reverse-status-…}, {@code external-ref-…},
 * {@code original-ref-…}, link {@code link-…}); record view fields {@code field-Status} etc.; the Actions menu
 * {@code actions-000001} (opened by {@code actions-button-000001}) with buttons {@code removehold-000001},
 * {@code hold-…}, {@code approve-…}, {@code reject-…}, {@code release-…}, {@code cancel-…}, {@code reverse-…}; toolbar
 * buttons {@code toolbar-removehold-…}, {@code toolbar-release-…}, {@code delete-…}; messages {@code error} /
 * {@code info}; subcontract lines {@code line-SC0001-1}, amounts {@code amount-SC0001-1}.
 */
public final class Pages implements HttpHandler {
    private static final int MAX_ROWS = 1000;
    private static final String LIST = "/emulator/change-orders";
    private static final Pattern LOCAL_PAGE = Pattern.compile("/emulator(/[A-Za-z0-9._-]+)*");
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("M/d/yyyy");

    private final AcumaticaEmulator emu;
    private final PageSessions sessions = new PageSessions();

    public Pages(AcumaticaEmulator emu) {
        this.emu = emu;
    }

    /** One workflow action of PM308000 as the page offers it. */
    record Action(String value, String label, String category) {
        String id(String ref) { return value.toLowerCase() + "-" + ref; }
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath().replaceAll("/+$", "");
        if (path.isEmpty() || path.equals("/emulator")) path = LIST;
        String m = ex.getRequestMethod();
        if (path.equals("/emulator/login")) {
            if (m.equals("POST")) signIn(ex);
            else if (m.equals("GET") || m.equals("HEAD")) send(ex, 200, loginPage(ex, null));
            else send(ex, 405, page("Method not allowed", null, "<p>Method not allowed.</p>"));
            return;
        }
        PageSession s = sessions.find(Http.cookies(ex).get(PageSessions.COOKIE));
        if (s == null) {
            Http.readBody(ex);
            if (m.equals("GET") || m.equals("HEAD")) {
                redirect(ex, "/emulator/login?next=" + URLEncoder.encode(path, StandardCharsets.UTF_8));
            } else {
                send(ex, 403, page("Sign in", null, "<div id=\"error\" class=\"msg error\" role=\"alert\">Sign in first.</div>"));
            }
            return;
        }
        if (m.equals("POST")) {
            Map<String, String> form = Http.parseForm(new String(Http.readBody(ex), StandardCharsets.UTF_8));
            if (!PageSessions.tokenMatches(s.csrf, form.get("csrf"))) {
                send(ex, 403, page("Forbidden", s, "<div id=\"error\" class=\"msg error\" role=\"alert\">"
                        + "The form has no valid security token. Reload the page and try again.</div>"));
                return;
            }
            if (path.equals("/emulator/logout")) {
                sessions.close(s);
                redirect(ex, "/emulator/login", PageSessions.COOKIE + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax");
            } else if (path.startsWith(LIST + "/")) {
                changeOrderAction(ex, s, Http.decode(path.substring(LIST.length() + 1)), form);
            } else {
                send(ex, 404, page("Not found", s, "<p id=\"not-found\">Not found.</p>"));
            }
            return;
        }
        if (!m.equals("GET") && !m.equals("HEAD")) {
            send(ex, 405, page("Method not allowed", s, "<p>Method not allowed.</p>"));
            return;
        }
        String html;
        int status = 200;
        if (path.equals(LIST)) {
            html = changeOrderList(s);
        } else if (path.startsWith(LIST + "/")) {
            String ref = Http.decode(path.substring(LIST.length() + 1));
            html = changeOrder(s, ref);
            if (html == null) {
                status = 404;
                html = page("Change Orders", s, messages(s) + "<p id=\"not-found\">Change order " + escapeHtml(ref) + " does not exist.</p>");
            }
        } else if (path.equals("/emulator/projects")) {
            html = projects(s);
        } else if (path.equals("/emulator/vendors")) {
            html = simpleList(s, "Vendors", "Vendor", "vendor", "VendorID", List.of("VendorID", "VendorName", "Status", "CurrencyID"));
        } else if (path.equals("/emulator/subcontracts")) {
            html = documents(s, "Subcontracts", "Subcontract", "SubcontractNbr", "SubcontractTotal");
        } else if (path.equals("/emulator/purchase-orders")) {
            html = documents(s, "Purchase Orders", "PurchaseOrder", "OrderNbr", "OrderTotal");
        } else {
            send(ex, 404, page("Not found", s, "<p id=\"not-found\">Not found.</p>"));
            return;
        }
        send(ex, status, html);
    }

    // ============================================================================================= sign-in
    private String loginPage(HttpExchange ex, String error) {
        String token = PageSessions.random();
        String next = safeNext(Http.query(ex).get("next"));
        StringBuilder b = new StringBuilder("<form id=\"login-form\" class=\"login\" method=\"post\" action=\"/emulator/login\">");
        if (error != null) b.append("<div id=\"error\" class=\"msg error\" role=\"alert\">").append(escapeHtml(error)).append("</div>");
        b.append("<input type=\"hidden\" name=\"csrf\" value=\"").append(token).append("\">")
                .append("<input type=\"hidden\" name=\"next\" value=\"").append(escapeHtml(next)).append("\">")
                .append("<label for=\"login-name\">Username</label><input id=\"login-name\" name=\"name\" autocomplete=\"username\" required>")
                .append("<label for=\"login-password\">Password</label><input id=\"login-password\" name=\"password\" type=\"password\" autocomplete=\"current-password\" required>")
                .append("<label for=\"login-tenant\">Tenant</label><input id=\"login-tenant\" name=\"tenant\" value=\"").append(escapeHtml(emu.config().tenant())).append("\">")
                .append("<button id=\"login-submit\" class=\"primary\" type=\"submit\">Sign In</button></form>");
        ex.getResponseHeaders().add("Set-Cookie", PageSessions.LOGIN_COOKIE + "=" + token + "; Path=/emulator/login; HttpOnly; SameSite=Strict");
        return page("Sign In", null, b.toString());
    }

    private void signIn(HttpExchange ex) throws IOException {
        Map<String, String> f = Http.parseForm(new String(Http.readBody(ex), StandardCharsets.UTF_8));
        if (!PageSessions.tokenMatches(Http.cookies(ex).get(PageSessions.LOGIN_COOKIE), f.get("csrf"))) {
            send(ex, 403, loginPage(ex, "The sign-in form has expired. Please try again."));
            return;
        }
        String name = f.getOrDefault("name", "").trim();
        String tenant = f.getOrDefault("tenant", "").trim();
        boolean ok = name.equalsIgnoreCase(emu.config().userName()) && emu.config().password().equals(f.get("password"))
                && (tenant.isEmpty() || tenant.equalsIgnoreCase(emu.config().tenant()));
        if (!ok) {
            send(ex, 401, loginPage(ex, "Invalid credentials. Please try again."));
            return;
        }
        PageSession s = sessions.open(emu.config().userName(), emu.config().tenant());
        redirect(ex, safeNext(f.get("next")), PageSessions.COOKIE + "=" + s.id + "; Path=/; HttpOnly; SameSite=Lax");
    }

    /** Only the emulator's own pages: anything else (another host, "//x", "/\x", a script URL) goes to the list. */
    static String safeNext(String next) {
        return next != null && LOCAL_PAGE.matcher(next).matches() ? next : LIST;
    }

    // ============================================================================================= actions
    /** The actions PM308000 offers for a change order in this state (and none while a release is running). */
    static List<Action> actions(String status, String reverseStatus, boolean busy) {
        List<Action> a = new ArrayList<>();
        if (busy) return a;
        switch (status) {
            case Store.ON_HOLD -> a.add(new Action("RemoveHold", "Remove Hold", "Processing"));
            case Store.PENDING_APPROVAL -> {
                a.add(new Action("Approve", "Approve", "Processing"));
                a.add(new Action("Reject", "Reject", "Processing"));
                a.add(new Action("Hold", "Hold", "Processing"));
            }
            case Store.OPEN -> {
                a.add(new Action("Release", "Release", "Processing"));
                a.add(new Action("Hold", "Hold", "Processing"));
            }
            case Store.REJECTED, Store.CANCELED -> a.add(new Action("Hold", "Hold", "Processing"));
            case Store.CLOSED -> {
                // the API, as Acumatica, accepts a second reversal; the page does not offer one (no double reversal
                // by mistake)
                if (!Store.RS_REVERSED.equals(reverseStatus)) a.add(new Action("Reverse", "Reverse", "Corrections"));
            }
            default -> { }
        }
        if (Store.ON_HOLD.equals(status) || Store.PENDING_APPROVAL.equals(status) || Store.REJECTED.equals(status) || Store.OPEN.equals(status)) {
            a.add(new Action("Cancel", "Cancel", "Processing"));
        }
        return a;
    }

    /** Workflow actions the toolbar shows besides the menu (IsDuplicatedInToolbar in ChangeOrderEntry_Workflow). */
    private static boolean inToolbar(Action a) {
        return a.value.equals("RemoveHold") || a.value.equals("Release");
    }

    private void changeOrderAction(HttpExchange ex, PageSession s, String ref, Map<String, String> form) throws IOException {
        String action = form.getOrDefault("action", "");
        String here = LIST + "/" + URLEncoder.encode(ref, StandardCharsets.UTF_8);
        Store store = emu.store();
        var co = store.changeOrder(ref);
        if (co.isEmpty()) {
            s.flash("Change order " + ref + " does not exist.", true);
            redirect(ex, LIST);
            return;
        }
        boolean offered = action.equals("Delete") ? Store.ON_HOLD.equals(co.get().status())
                : actions(co.get().status(), co.get().reverseStatus(), store.isBusy(ref)).stream().anyMatch(a -> a.value.equals(action));
        if (!offered) {
            s.flash("The action '" + action + "' is not available for change order " + ref + " (status " + co.get().status() + ").", true);
            send(ex, 400, changeOrder(s, ref));
            return;
        }
        String target = here;
        try {
            switch (action) {
                case "RemoveHold" -> store.removeHold(ref);
                case "Hold" -> store.hold(ref);
                case "Approve" -> store.approve(ref);
                case "Reject" -> store.reject(ref);
                case "Release" -> store.release(ref);
                case "Cancel" -> store.cancel(ref);
                case "Reverse" -> {
                    String reversing = store.reverse(ref);
                    s.flash("Change order " + reversing + " reverses change order " + ref + ". Remove its hold and release it to undo "
                            + ref + ".", false);
                    target = LIST + "/" + URLEncoder.encode(reversing, StandardCharsets.UTF_8);
                }
                case "Delete" -> {
                    store.delete(ref);
                    s.flash("Change order " + ref + " was deleted.", false);
                    target = LIST;
                }
                default -> throw new IllegalStateException(action);
            }
        } catch (AcumaticaException e) {
            s.flash(e.getMessage(), true);
        }
        redirect(ex, target);
    }

    // ============================================================================================= change orders
    private String changeOrderList(PageSession s) {
        JsonNode all = emu.store().all("ChangeOrder");
        StringBuilder sb = new StringBuilder(messages(s));
        sb.append("<div class=\"toolbar\" role=\"toolbar\"><span class=\"count\">").append(all.size()).append(" records</span></div>");
        sb.append("<table id=\"change-orders\" class=\"grid\"><thead><tr><th>Reference Nbr.</th><th>Status</th><th>Project</th><th>Description</th>"
                + "<th>Change Date</th><th class=\"num\">Commitment Change Total</th><th class=\"num\">Cost Budget Change Total</th>"
                + "<th class=\"num\">Revenue Budget Change Total</th><th>Reverse Status</th><th>External Ref. Nbr.</th><th>Original CO Nbr.</th>"
                + "</tr></thead><tbody>");
        int start = Math.max(0, all.size() - MAX_ROWS);
        BigDecimal commitments = BigDecimal.ZERO;
        for (int i = start; i < all.size(); i++) {
            JsonNode co = all.get(i);
            String ref = v(co, "RefNbr");
            String r = escapeHtml(ref);
            commitments = commitments.add(dec(co, "CommitmentsChangeTotal"));
            sb.append("<tr id=\"co-").append(r).append("\">")
                    .append("<td><a id=\"link-").append(r).append("\" href=\"").append(LIST).append("/").append(r).append("\">").append(r).append("</a></td>")
                    .append("<td id=\"status-").append(r).append("\">").append(escapeHtml(v(co, "Status"))).append("</td>")
                    .append("<td>").append(escapeHtml(v(co, "ProjectID"))).append("</td>")
                    .append("<td>").append(escapeHtml(v(co, "Description"))).append("</td>")
                    .append("<td>").append(escapeHtml(date(v(co, "ChangeDate")))).append("</td>")
                    .append("<td class=\"num\" id=\"commitments-total-").append(r).append("\">").append(money(dec(co, "CommitmentsChangeTotal"))).append("</td>")
                    .append("<td class=\"num\">").append(money(dec(co, "CostBudgetChangeTotal"))).append("</td>")
                    .append("<td class=\"num\">").append(money(dec(co, "RevenueBudgetChangeTotal"))).append("</td>")
                    .append("<td id=\"reverse-status-").append(r).append("\">").append(escapeHtml(v(co, "ReverseStatus"))).append("</td>")
                    .append("<td id=\"external-ref-").append(r).append("\">").append(escapeHtml(v(co, "ExternalRefNbr"))).append("</td>")
                    .append("<td id=\"original-ref-").append(r).append("\">").append(escapeHtml(v(co, "OriginalCORefNbr"))).append("</td></tr>");
        }
        sb.append("</tbody><tfoot><tr><td colspan=\"5\">Total</td><td class=\"num\" id=\"commitments-total\">").append(money(commitments))
                .append("</td><td colspan=\"5\"></td></tr></tfoot></table>");
        if (start > 0) sb.append("<p>Showing the last ").append(MAX_ROWS).append(" of ").append(all.size()).append(".</p>");
        return page("Change Orders", "PM3080PL", s, sb.toString());
    }

    /** The record view, or null when there is no such change order. */
    private String changeOrder(PageSession s, String ref) {
        JsonNode co = null;
        for (JsonNode c : emu.store().all("ChangeOrder")) if (v(c, "RefNbr").equalsIgnoreCase(ref)) co = c;
        if (co == null) return null;
        String refNbr = v(co, "RefNbr");
        String r = escapeHtml(refNbr);
        String status = v(co, "Status");
        boolean busy = emu.store().isBusy(refNbr);
        List<Action> actions = actions(status, v(co, "ReverseStatus"), busy);
        StringBuilder sb = new StringBuilder(messages(s));
        // toolbar: back, the workflow's primary action, Delete (On Hold only), the Actions menu
        sb.append("<form id=\"form-co-").append(r).append("\" class=\"toolbar\" role=\"toolbar\" method=\"post\" action=\"").append(LIST).append("/").append(r).append("\">")
                .append(csrf(s))
                .append("<a class=\"tb\" id=\"back-to-list\" href=\"").append(LIST).append("\">&#8592; Change Orders</a>");
        for (Action a : actions) {
            if (inToolbar(a)) {
                sb.append("<button type=\"submit\" class=\"primary\" id=\"toolbar-").append(a.id(r)).append("\" name=\"action\" value=\"")
                        .append(a.value).append("\">").append(a.label).append("</button>");
            }
        }
        if (Store.ON_HOLD.equals(status) && !busy) {
            sb.append("<button type=\"submit\" id=\"delete-").append(r).append("\" name=\"action\" value=\"Delete\" title=\"Delete\">&#128465; Delete</button>");
        }
        sb.append("<details id=\"actions-").append(r).append("\" class=\"menu\"><summary id=\"actions-button-").append(r).append("\">Actions</summary><div class=\"menu-items\">");
        if (actions.isEmpty()) sb.append("<span class=\"none\" id=\"no-actions-").append(r).append("\">").append(busy ? "Releasing…" : "No actions available").append("</span>");
        String category = null;
        for (Action a : actions) {
            if (!a.category.equals(category)) {
                category = a.category;
                sb.append("<span class=\"category\">").append(category).append("</span>");
            }
            sb.append("<button type=\"submit\" id=\"").append(a.id(r)).append("\" name=\"action\" value=\"").append(a.value).append("\">")
                    .append(a.label).append("</button>");
        }
        sb.append("</div></details></form>");

        // summary area in three columns, as on the form
        sb.append("<section id=\"summary\" class=\"summary\"><dl>");
        field(sb, co, "RefNbr", "Reference Nbr.");
        field(sb, co, "Status", "Status");
        field(sb, co, "ChangeDate", "Change Date", date(v(co, "ChangeDate")));
        field(sb, co, "CompletionDate", "Approval Date", date(v(co, "CompletionDate")));
        field(sb, co, "ContractTimeChangeDays", "Contract Change (Days)");
        sb.append("<dt>Hold</dt><dd id=\"field-Hold\"><input type=\"checkbox\" disabled aria-label=\"Hold\"")
                .append("true".equals(v(co, "Hold")) ? " checked" : "").append("></dd>");
        sb.append("</dl><dl>");
        field(sb, co, "Description", "Description");
        field(sb, co, "Class", "Class");
        field(sb, co, "ProjectID", "Project");
        field(sb, co, "Customer", "Customer");
        field(sb, co, "ExternalRefNbr", "External Ref. Nbr.");
        field(sb, co, "RevenueChangeNbr", "Revenue Change Order Nbr.");
        field(sb, co, "ReverseStatus", "Reverse Status");
        if (!v(co, "OriginalCORefNbr").isEmpty()) field(sb, co, "OriginalCORefNbr", "Original CO Nbr.");
        String reversing = reversingOf(refNbr);
        if (reversing != null) {
            sb.append("<dt>Reversing CO Nbr.</dt><dd id=\"field-ReversingRefNbr\">").append(escapeHtml(reversing)).append("</dd>");
        }
        sb.append("</dl><dl class=\"totals\">");
        field(sb, co, "RevenueBudgetChangeTotal", "Revenue Budget Change Total", money(dec(co, "RevenueBudgetChangeTotal")));
        field(sb, co, "CommitmentsChangeTotal", "Commitment Change Total", money(dec(co, "CommitmentsChangeTotal")));
        field(sb, co, "CostBudgetChangeTotal", "Cost Budget Change Total", money(dec(co, "CostBudgetChangeTotal")));
        field(sb, co, "GrossMarginAmount", "Gross Margin Amount", money(dec(co, "GrossMarginAmount")));
        sb.append("</dl></section>");

        // tabs: Commitments is the one change orders of the COMMITMENT class use
        sb.append("<nav class=\"tabs\"><span class=\"tab\">Revenue Budget</span><span class=\"tab\">Cost Budget</span>"
                + "<span class=\"tab active\" id=\"tab-commitments\">Commitments</span><span class=\"tab\">Approvals</span></nav>");
        sb.append("<table id=\"commitments\" class=\"grid\"><thead><tr><th>Line Status</th><th>Commitment Type</th><th>PO Nbr.</th><th>PO Line Nbr.</th>"
                + "<th>Project Task</th><th>Cost Code</th><th>Vendor</th><th>Description</th><th class=\"num\">Quantity</th>"
                + "<th class=\"num\">Unit Cost</th><th class=\"num\">Amount</th><th class=\"num\">Potentially Revised Amount</th></tr></thead><tbody>");
        int i = 1;
        for (JsonNode l : co.path("Commitments")) {
            sb.append("<tr id=\"commitment-").append(i++).append("\"><td>").append(escapeHtml(v(l, "Status"))).append("</td><td>")
                    .append(escapeHtml(v(l, "POType"))).append("</td><td>").append(escapeHtml(v(l, "PONbr"))).append("</td><td>")
                    .append(escapeHtml(v(l, "POLineNbr"))).append("</td><td>").append(escapeHtml(v(l, "ProjectTaskID"))).append("</td><td>")
                    .append(escapeHtml(v(l, "CostCode"))).append("</td><td>").append(escapeHtml(v(l, "Vendor"))).append("</td><td>")
                    .append(escapeHtml(v(l, "Description"))).append("</td><td class=\"num\">").append(escapeHtml(v(l, "Qty")))
                    .append("</td><td class=\"num\">").append(money(dec(l, "UnitCost"))).append("</td><td class=\"num\">").append(money(dec(l, "Amount")))
                    .append("</td><td class=\"num\">").append(money(dec(l, "PotentiallyRevisedAmount"))).append("</td></tr>");
        }
        sb.append("</tbody></table>");
        return page("Change Orders", "PM308000", s, "<h2 id=\"record\">" + r + (v(co, "Description").isEmpty() ? "" : " - " + escapeHtml(v(co, "Description")))
                + "</h2>" + sb);
    }

    private String reversingOf(String refNbr) {
        List<String> refs = new ArrayList<>();
        for (var c : emu.store().reversingChangeOrders(refNbr)) {
            if (Store.RS_REVERSING.equals(c.reverseStatus())) refs.add(c.refNbr());
        }
        return refs.isEmpty() ? null : refs.size() == 1 ? refs.get(0) : String.join(", ", refs);
    }

    private static void field(StringBuilder sb, JsonNode o, String name, String label) {
        field(sb, o, name, label, v(o, name));
    }

    private static void field(StringBuilder sb, JsonNode o, String name, String label, String shown) {
        sb.append("<dt>").append(label).append("</dt><dd id=\"field-").append(name).append("\">").append(escapeHtml(shown)).append("</dd>");
    }

    // ============================================================================================= other lists
    private String projects(PageSession s) {
        StringBuilder sb = new StringBuilder("<table id=\"projects\" class=\"grid\"><thead><tr><th>Project ID</th><th>Description</th><th>Status</th><th>Tasks</th></tr></thead><tbody>");
        JsonNode tasks = emu.store().all("ProjectTask");
        for (JsonNode p : emu.store().all("Project")) {
            String id = v(p, "ProjectID");
            StringBuilder t = new StringBuilder();
            for (JsonNode task : tasks) {
                if (v(task, "ProjectID").equalsIgnoreCase(id)) t.append(escapeHtml(v(task, "ProjectTaskID"))).append(" ").append(escapeHtml(v(task, "Description"))).append("<br>");
            }
            sb.append("<tr id=\"project-").append(escapeHtml(id)).append("\"><td>").append(escapeHtml(id)).append("</td><td>").append(escapeHtml(v(p, "Description")))
                    .append("</td><td>").append(escapeHtml(v(p, "Status"))).append("</td><td>").append(t).append("</td></tr>");
        }
        sb.append("</tbody></table><h2>Cost Codes</h2><table id=\"cost-codes\" class=\"grid\"><tbody>");
        for (JsonNode c : emu.store().all("CostCode")) {
            sb.append("<tr id=\"cost-code-").append(escapeHtml(v(c, "CostCodeID"))).append("\"><td>").append(escapeHtml(v(c, "CostCodeID")))
                    .append("</td><td>").append(escapeHtml(v(c, "Description"))).append("</td></tr>");
        }
        return page("Projects", "PM301000", s, sb.append("</tbody></table>").toString());
    }

    private String simpleList(PageSession s, String title, String entity, String idPrefix, String key, List<String> fields) {
        StringBuilder sb = new StringBuilder("<table id=\"" + idPrefix + "s\" class=\"grid\"><thead><tr>");
        for (String f : fields) sb.append("<th>").append(f).append("</th>");
        sb.append("</tr></thead><tbody>");
        for (JsonNode r : emu.store().all(entity)) {
            sb.append("<tr id=\"").append(idPrefix).append("-").append(escapeHtml(v(r, key))).append("\">");
            for (String f : fields) sb.append("<td>").append(escapeHtml(v(r, f))).append("</td>");
            sb.append("</tr>");
        }
        return page(title, "AP303000", s, sb.append("</tbody></table>").toString());
    }

    private String documents(PageSession s, String title, String entity, String key, String totalField) {
        StringBuilder sb = new StringBuilder();
        for (JsonNode d : emu.store().all(entity)) {
            String nbr = v(d, key);
            sb.append("<section id=\"doc-").append(escapeHtml(nbr)).append("\"><h2>").append(escapeHtml(entity.equals("PurchaseOrder") ? v(d, "Type") + " " : ""))
                    .append(escapeHtml(nbr)).append(" — ").append(escapeHtml(v(d, "VendorID"))).append(" — ").append(escapeHtml(v(d, "Status")))
                    .append(" — total <span id=\"total-").append(escapeHtml(nbr)).append("\">").append(escapeHtml(v(d, totalField))).append("</span></h2>")
                    .append("<p>").append(escapeHtml(v(d, "Description"))).append("</p><table class=\"grid\"><thead><tr><th>Line</th><th>Project</th><th>Task</th><th>Cost Code</th>"
                            + "<th>Description</th><th class=\"num\">Qty</th><th class=\"num\">Unit Cost</th><th class=\"num\">Amount</th></tr></thead><tbody>");
            for (JsonNode l : d.path("Details")) {
                String amount = entity.equals("Subcontract") ? v(l, "Amount") : v(l, "ExtendedCost");
                sb.append("<tr id=\"line-").append(escapeHtml(nbr)).append("-").append(escapeHtml(v(l, "LineNbr"))).append("\"><td>").append(escapeHtml(v(l, "LineNbr")))
                        .append("</td><td>").append(escapeHtml(v(l, "Project"))).append("</td><td>")
                        .append(escapeHtml(entity.equals("Subcontract") ? v(l, "Task") : v(l, "ProjectTask"))).append("</td><td>")
                        .append(escapeHtml(v(l, "CostCode"))).append("</td><td>").append(escapeHtml(v(l, "Description"))).append("</td><td class=\"num\">")
                        .append(escapeHtml(v(l, "OrderQty"))).append("</td><td class=\"num\">").append(escapeHtml(v(l, "UnitCost")))
                        .append("</td><td class=\"num\" id=\"amount-").append(escapeHtml(nbr)).append("-").append(escapeHtml(v(l, "LineNbr"))).append("\">")
                        .append(escapeHtml(amount)).append("</td></tr>");
            }
            sb.append("</tbody></table></section>");
        }
        return page(title, entity.equals("Subcontract") ? "SC301000" : "PO301000", s, sb.toString());
    }

    // ============================================================================================= frame
    private static String v(JsonNode o, String f) {
        JsonNode n = o.path(f).path("value");
        return n.isMissingNode() || n.isNull() ? "" : n.asText();
    }

    private static BigDecimal dec(JsonNode o, String f) {
        JsonNode n = o.path(f).path("value");
        return n.isNumber() ? n.decimalValue() : BigDecimal.ZERO;
    }

    private static String money(BigDecimal d) {
        return new DecimalFormat("#,##0.00").format(d);
    }

    private static String date(String iso) {
        if (iso == null || iso.isEmpty()) return "";
        try {
            return OffsetDateTime.parse(iso).format(DATE);
        } catch (RuntimeException e) {
            return iso;
        }
    }

    private static String csrf(PageSession s) {
        return "<input type=\"hidden\" name=\"csrf\" value=\"" + s.csrf + "\">";
    }

    private static String messages(PageSession s) {
        if (s == null) return "";
        boolean error = s.flashIsError;
        String f = s.takeFlash();
        if (f == null) return "";
        return error ? "<div id=\"error\" class=\"msg error\" role=\"alert\">" + escapeHtml(f) + "</div>"
                : "<div id=\"info\" class=\"msg info\" role=\"status\">" + escapeHtml(f) + "</div>";
    }

    private String page(String title, PageSession s, String body) {
        return page(title, null, s, body);
    }

    private String page(String title, String screenId, PageSession s, String body) {
        StringBuilder b = new StringBuilder("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>").append(escapeHtml(title)).append(" - Acumatica emulator</title><style>").append(CSS).append("</style></head><body>")
                .append("<header class=\"topbar\"><span class=\"logo\">acumatica</span><span class=\"emu\">emulator</span>");
        if (s != null) {
            b.append("<nav id=\"nav\"><a id=\"nav-change-orders\" href=\"").append(LIST).append("\">Change Orders</a>")
                    .append("<a id=\"nav-projects\" href=\"/emulator/projects\">Projects</a><a id=\"nav-vendors\" href=\"/emulator/vendors\">Vendors</a>")
                    .append("<a id=\"nav-subcontracts\" href=\"/emulator/subcontracts\">Subcontracts</a><a id=\"nav-purchase-orders\" href=\"/emulator/purchase-orders\">Purchase Orders</a></nav>")
                    .append("<span class=\"who\"><span id=\"signed-in-user\">").append(escapeHtml(s.user)).append("</span> · ").append(escapeHtml(s.tenant))
                    .append("<form method=\"post\" action=\"/emulator/logout\">").append(csrf(s)).append("<button id=\"sign-out\" type=\"submit\">Sign Out</button></form></span>");
        }
        b.append("</header><main><div class=\"screen\"><h1 id=\"title\">").append(escapeHtml(title)).append("</h1>");
        if (screenId != null) b.append("<span class=\"screen-id\" id=\"screen-id\">").append(screenId).append("</span>");
        return b.append("</div>").append(body).append("</main></body></html>").toString();
    }

    private static void send(HttpExchange ex, int status, String html) throws IOException {
        Http.send(ex, secured(Response.text(status, "text/html; charset=utf-8", html)));
    }

    private static void redirect(HttpExchange ex, String location, String... cookies) throws IOException {
        Response r = Response.empty(303).header("Location", location);
        for (String c : cookies) r.header("Set-Cookie", c);
        Http.send(ex, secured(r));
    }

    /** No framing, no scripts, forms only to this origin, nothing cached. */
    private static Response secured(Response r) {
        return r.header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
                .header("X-Frame-Options", "DENY").header("X-Content-Type-Options", "nosniff").header("Referrer-Policy", "same-origin")
                .header("Cache-Control", "no-store");
    }

    private static final String CSS = "*{box-sizing:border-box}body{font-family:'Segoe UI',Arial,sans-serif;margin:0;font-size:13px;color:#212121;background:#f4f5f7}"
            + ".topbar{display:flex;align-items:center;gap:16px;background:#1d2a3a;color:#fff;padding:6px 16px;flex-wrap:wrap}"
            + ".logo{font-weight:700;font-size:16px;letter-spacing:.5px}.emu{opacity:.7}.topbar nav a{color:#cfe0f5;margin-right:14px;text-decoration:none}"
            + ".topbar nav a:hover{color:#fff}.who{margin-left:auto;display:flex;gap:8px;align-items:center}.who button{background:none;border:1px solid #7f93ab;color:#fff;padding:2px 8px;cursor:pointer}"
            + "main{padding:12px 16px}.screen{display:flex;align-items:baseline;gap:10px}h1{font-size:20px;font-weight:400;margin:4px 0 10px}"
            + ".screen-id{color:#6b7785;font-size:11px}h2{font-size:15px;font-weight:600;margin:6px 0}"
            + ".toolbar{display:flex;align-items:center;gap:6px;background:#fff;border:1px solid #d9dde3;padding:6px;margin-bottom:10px;flex-wrap:wrap}"
            + ".toolbar button,.tb{background:#fff;border:1px solid #c3cad3;padding:4px 10px;cursor:pointer;color:#212121;text-decoration:none;font-size:13px}"
            + ".toolbar button.primary,button.primary{background:#0b72c5;border-color:#0b72c5;color:#fff}"
            + ".menu{position:relative}.menu summary{list-style:none;border:1px solid #c3cad3;padding:4px 10px;cursor:pointer;background:#fff}"
            + ".menu summary::after{content:' \\25BE'}.menu-items{position:absolute;z-index:2;background:#fff;border:1px solid #c3cad3;min-width:180px;box-shadow:0 2px 6px rgba(0,0,0,.15)}"
            + ".menu-items button{display:block;width:100%;text-align:left;border:0;padding:6px 14px}.menu-items button:hover{background:#e8f1fb}"
            + ".category{display:block;font-size:11px;color:#6b7785;padding:6px 10px 2px;text-transform:uppercase}.none{display:block;padding:6px 14px;color:#6b7785}"
            + ".summary{display:grid;grid-template-columns:repeat(auto-fit,minmax(260px,1fr));gap:0 24px;background:#fff;border:1px solid #d9dde3;padding:10px;margin-bottom:10px}"
            + "dl{display:grid;grid-template-columns:190px 1fr;margin:0;row-gap:6px;align-content:start}dt{color:#5b6672;text-align:right;padding-right:10px}dd{margin:0;min-height:1em}"
            + ".tabs{display:flex;border-bottom:1px solid #c3cad3;margin-bottom:0}.tab{padding:6px 14px;color:#5b6672}.tab.active{border:1px solid #c3cad3;border-bottom:2px solid #fff;background:#fff;color:#0b72c5;margin-bottom:-1px}"
            + ".grid{border-collapse:collapse;background:#fff;width:100%}.grid th{background:#eef1f4;font-weight:600;text-align:left;border:1px solid #d9dde3;padding:4px 8px}"
            + ".grid td{border:1px solid #e3e6ea;padding:4px 8px}.grid tfoot td{font-weight:600;background:#f7f8fa}.num{text-align:right}"
            + ".msg{padding:8px 10px;margin:0 0 10px;border:1px solid}.error{background:#fdecea;border-color:#c62828;color:#8e1b1b}.info{background:#e8f4e8;border-color:#2e7d32;color:#1b5e20}"
            + ".login{display:grid;grid-template-columns:100px 240px;gap:8px;background:#fff;border:1px solid #d9dde3;padding:16px;width:max-content}"
            + ".login .msg,.login button{grid-column:1/3}.login input{padding:4px}.login label{align-self:center}";
}
