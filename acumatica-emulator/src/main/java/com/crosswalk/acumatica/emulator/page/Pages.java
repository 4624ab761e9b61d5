package com.crosswalk.acumatica.emulator.page;

import static com.crosswalk.acumatica.emulator.http.Http.escapeHtml;

import com.crosswalk.acumatica.emulator.AcumaticaEmulator;
import com.crosswalk.acumatica.emulator.http.Http;
import com.crosswalk.acumatica.emulator.http.Http.Response;
import com.crosswalk.acumatica.emulator.store.AcumaticaException;
import com.crosswalk.acumatica.emulator.store.Store;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Plain server-rendered HTML, like Acumatica's Change Orders screen (PM308000): list, one change order with its
 * commitment lines and the buttons its state allows (forms POST {@code action=RemoveHold|Hold|Approve|Reject|Release|Reverse|Delete}),
 * and lists of projects, vendors, subcontracts and purchase orders. Ids: rows {@code co-000001}, forms {@code form-co-000001},
 * status cells {@code status-000001}, subcontract lines {@code line-SC0001-1}, the error banner {@code error}.
 */
public final class Pages implements HttpHandler {
    private static final int MAX_ROWS = 1000;
    private final AcumaticaEmulator emu;

    public Pages(AcumaticaEmulator emu) {
        this.emu = emu;
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath().replaceAll("/+$", "");
        String m = ex.getRequestMethod();
        Map<String, String> q = Http.query(ex);
        String error = q.get("error");
        if (m.equals("POST") && path.startsWith("/emulator/change-orders/")) {
            String ref = Http.decode(path.substring("/emulator/change-orders/".length()));
            Map<String, String> form = Http.parseForm(new String(Http.readBody(ex), StandardCharsets.UTF_8));
            String action = form.getOrDefault("action", "");
            String back = form.getOrDefault("back", "/emulator/change-orders/" + ref);
            String target;
            try {
                target = switch (action) {
                    case "RemoveHold" -> { emu.store().removeHold(ref); yield back; }
                    case "Hold" -> { emu.store().hold(ref); yield back; }
                    case "Approve" -> { emu.store().approve(ref); yield back; }
                    case "Reject" -> { emu.store().reject(ref); yield back; }
                    case "Release" -> { emu.store().release(ref); yield back; }
                    case "Reverse" -> "/emulator/change-orders/" + emu.store().reverse(ref);
                    case "Delete" -> { emu.store().delete(ref); yield "/emulator/change-orders"; }
                    default -> throw AcumaticaException.badRequest("Unknown action '" + action + "'.");
                };
            } catch (AcumaticaException e) {
                target = back + "?error=" + URLEncoder.encode(e.getMessage(), StandardCharsets.UTF_8);
            }
            Http.send(ex, Response.empty(303).header("Location", target));
            return;
        }
        if (!m.equals("GET") && !m.equals("HEAD")) {
            Http.send(ex, Response.text(405, "text/plain", "Method not allowed"));
            return;
        }
        String html;
        if (path.isEmpty() || path.equals("/emulator") || path.equals("/emulator/change-orders")) {
            html = changeOrderList(error);
        } else if (path.startsWith("/emulator/change-orders/")) {
            html = changeOrder(Http.decode(path.substring("/emulator/change-orders/".length())), error);
        } else if (path.equals("/emulator/projects")) {
            html = projects();
        } else if (path.equals("/emulator/vendors")) {
            html = simpleList("Vendors", "Vendor", "vendor", "VendorID", List.of("VendorID", "VendorName", "Status", "CurrencyID"));
        } else if (path.equals("/emulator/subcontracts")) {
            html = documents("Subcontracts", "Subcontract", "SubcontractNbr", "SubcontractTotal");
        } else if (path.equals("/emulator/purchase-orders")) {
            html = documents("Purchase Orders", "PurchaseOrder", "OrderNbr", "OrderTotal");
        } else {
            Http.send(ex, Response.text(404, "text/html; charset=utf-8", page("Not found", "<p>Not found</p>")));
            return;
        }
        Http.send(ex, Response.text(200, "text/html; charset=utf-8", html));
    }

    private static String v(JsonNode o, String f) {
        JsonNode n = o.path(f).path("value");
        return n.isMissingNode() || n.isNull() ? "" : n.asText();
    }

    private static String page(String title, String body) {
        return "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + escapeHtml(title) + " - Acumatica emulator</title>"
                + "<style>body{font-family:sans-serif;margin:1.5em}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px;text-align:left}"
                + "th{background:#eef}.num{text-align:right}.error{background:#fdd;border:1px solid #c00;padding:8px;margin:8px 0}"
                + "nav a{margin-right:1em}form{display:inline}button{margin-right:4px}</style></head><body>"
                + "<nav id=\"nav\"><a id=\"nav-change-orders\" href=\"/emulator/change-orders\">Change Orders</a><a id=\"nav-projects\" href=\"/emulator/projects\">Projects</a>"
                + "<a id=\"nav-vendors\" href=\"/emulator/vendors\">Vendors</a><a id=\"nav-subcontracts\" href=\"/emulator/subcontracts\">Subcontracts</a>"
                + "<a id=\"nav-purchase-orders\" href=\"/emulator/purchase-orders\">Purchase Orders</a></nav><h1 id=\"title\">" + escapeHtml(title) + "</h1>"
                + body + "</body></html>";
    }

    private static String errorBanner(String error) {
        return error == null ? "" : "<div id=\"error\" class=\"error\" role=\"alert\">" + escapeHtml(error) + "</div>";
    }

    /** Buttons the change order's state allows (Acumatica's PM308000 workflow). */
    static List<String[]> buttons(String status) {
        List<String[]> b = new ArrayList<>();
        switch (status) {
            case Store.ON_HOLD -> { b.add(new String[] {"RemoveHold", "Remove Hold"}); b.add(new String[] {"Delete", "Delete"}); }
            case Store.PENDING_APPROVAL -> {
                b.add(new String[] {"Approve", "Approve"});
                b.add(new String[] {"Reject", "Reject"});
                b.add(new String[] {"Hold", "Hold"});
                b.add(new String[] {"Delete", "Delete"});
            }
            case Store.OPEN -> { b.add(new String[] {"Hold", "Hold"}); b.add(new String[] {"Release", "Release"}); b.add(new String[] {"Delete", "Delete"}); }
            case Store.REJECTED -> { b.add(new String[] {"Hold", "Hold"}); b.add(new String[] {"Delete", "Delete"}); }
            case Store.CLOSED -> b.add(new String[] {"Reverse", "Reverse"});
            default -> { }
        }
        return b;
    }

    private static String actionForm(String ref, String status, String back) {
        StringBuilder sb = new StringBuilder("<form id=\"form-co-" + escapeHtml(ref) + "\" method=\"post\" action=\"/emulator/change-orders/" + escapeHtml(ref) + "\">");
        if (back != null) sb.append("<input type=\"hidden\" name=\"back\" value=\"").append(escapeHtml(back)).append("\">");
        for (String[] b : buttons(status)) {
            sb.append("<button type=\"submit\" id=\"").append(b[0].toLowerCase()).append("-").append(escapeHtml(ref))
                    .append("\" name=\"action\" value=\"").append(b[0]).append("\">").append(b[1]).append("</button>");
        }
        return sb.append("</form>").toString();
    }

    private String changeOrderList(String error) {
        JsonNode all = emu.store().all("ChangeOrder");
        StringBuilder sb = new StringBuilder(errorBanner(error));
        sb.append("<table id=\"change-orders\"><thead><tr><th>Reference Nbr.</th><th>Project</th><th>Class</th><th>Status</th><th>Reverse Status</th>"
                + "<th>External Ref. Nbr.</th><th>Original CO Ref. Nbr.</th><th>Description</th><th>Commitments Change Total</th><th>Actions</th></tr></thead><tbody>");
        int start = Math.max(0, all.size() - MAX_ROWS);
        for (int i = start; i < all.size(); i++) {
            JsonNode co = all.get(i);
            String ref = v(co, "RefNbr");
            sb.append("<tr id=\"co-").append(escapeHtml(ref)).append("\">")
                    .append("<td><a id=\"link-").append(escapeHtml(ref)).append("\" href=\"/emulator/change-orders/").append(escapeHtml(ref)).append("\">")
                    .append(escapeHtml(ref)).append("</a></td>")
                    .append("<td>").append(escapeHtml(v(co, "ProjectID"))).append("</td>")
                    .append("<td>").append(escapeHtml(v(co, "Class"))).append("</td>")
                    .append("<td id=\"status-").append(escapeHtml(ref)).append("\">").append(escapeHtml(v(co, "Status"))).append("</td>")
                    .append("<td id=\"reverse-status-").append(escapeHtml(ref)).append("\">").append(escapeHtml(v(co, "ReverseStatus"))).append("</td>")
                    .append("<td id=\"external-ref-").append(escapeHtml(ref)).append("\">").append(escapeHtml(v(co, "ExternalRefNbr"))).append("</td>")
                    .append("<td id=\"original-ref-").append(escapeHtml(ref)).append("\">").append(escapeHtml(v(co, "OriginalCORefNbr"))).append("</td>")
                    .append("<td>").append(escapeHtml(v(co, "Description"))).append("</td>")
                    .append("<td class=\"num\">").append(escapeHtml(v(co, "CommitmentsChangeTotal"))).append("</td>")
                    .append("<td>").append(actionForm(ref, v(co, "Status"), "/emulator/change-orders")).append("</td></tr>");
        }
        sb.append("</tbody></table>");
        if (start > 0) sb.append("<p>Showing the last ").append(MAX_ROWS).append(" of ").append(all.size()).append(".</p>");
        return page("Change Orders", sb.toString());
    }

    private String changeOrder(String ref, String error) {
        JsonNode co = null;
        for (JsonNode c : emu.store().all("ChangeOrder")) if (v(c, "RefNbr").equalsIgnoreCase(ref)) co = c;
        if (co == null) return page("Change Order " + ref, errorBanner(error) + "<p id=\"not-found\">Change order " + escapeHtml(ref) + " does not exist.</p>");
        String status = v(co, "Status");
        StringBuilder sb = new StringBuilder(errorBanner(error));
        sb.append("<dl id=\"summary\">");
        for (String[] f : new String[][] {{"RefNbr", "Reference Nbr."}, {"ProjectID", "Project"}, {"Class", "Class"}, {"Status", "Status"},
                {"Hold", "Hold"}, {"ReverseStatus", "Reverse Status"}, {"ExternalRefNbr", "External Ref. Nbr."}, {"OriginalCORefNbr", "Original CO Ref. Nbr."},
                {"ChangeDate", "Change Date"}, {"Description", "Description"}, {"CommitmentsChangeTotal", "Commitments Change Total"}}) {
            sb.append("<dt>").append(f[1]).append("</dt><dd id=\"field-").append(f[0]).append("\">").append(escapeHtml(v(co, f[0]))).append("</dd>");
        }
        sb.append("</dl>").append(actionForm(v(co, "RefNbr"), status, null));
        sb.append("<h2>Commitments</h2><table id=\"commitments\"><thead><tr><th>Line Status</th><th>Commitment Type</th><th>PO Nbr.</th><th>PO Line Nbr.</th>"
                + "<th>Project Task</th><th>Cost Code</th><th>Vendor</th><th>Description</th><th>Qty</th><th>Amount</th></tr></thead><tbody>");
        int i = 1;
        for (JsonNode l : co.path("Commitments")) {
            sb.append("<tr id=\"commitment-").append(i++).append("\"><td>").append(escapeHtml(v(l, "Status"))).append("</td><td>")
                    .append(escapeHtml(v(l, "POType"))).append("</td><td>").append(escapeHtml(v(l, "PONbr"))).append("</td><td>")
                    .append(escapeHtml(v(l, "POLineNbr"))).append("</td><td>").append(escapeHtml(v(l, "ProjectTaskID"))).append("</td><td>")
                    .append(escapeHtml(v(l, "CostCode"))).append("</td><td>").append(escapeHtml(v(l, "Vendor"))).append("</td><td>")
                    .append(escapeHtml(v(l, "Description"))).append("</td><td class=\"num\">").append(escapeHtml(v(l, "Qty")))
                    .append("</td><td class=\"num\">").append(escapeHtml(v(l, "Amount"))).append("</td></tr>");
        }
        sb.append("</tbody></table>");
        return page("Change Order " + v(co, "RefNbr"), sb.toString());
    }

    private String projects() {
        StringBuilder sb = new StringBuilder("<table id=\"projects\"><thead><tr><th>Project ID</th><th>Description</th><th>Status</th><th>Tasks</th></tr></thead><tbody>");
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
        sb.append("</tbody></table><h2>Cost Codes</h2><table id=\"cost-codes\"><tbody>");
        for (JsonNode c : emu.store().all("CostCode")) {
            sb.append("<tr id=\"cost-code-").append(escapeHtml(v(c, "CostCodeID"))).append("\"><td>").append(escapeHtml(v(c, "CostCodeID")))
                    .append("</td><td>").append(escapeHtml(v(c, "Description"))).append("</td></tr>");
        }
        return page("Projects", sb.append("</tbody></table>").toString());
    }

    private String simpleList(String title, String entity, String idPrefix, String key, List<String> fields) {
        StringBuilder sb = new StringBuilder("<table id=\"" + idPrefix + "s\"><thead><tr>");
        for (String f : fields) sb.append("<th>").append(f).append("</th>");
        sb.append("</tr></thead><tbody>");
        for (JsonNode r : emu.store().all(entity)) {
            sb.append("<tr id=\"").append(idPrefix).append("-").append(escapeHtml(v(r, key))).append("\">");
            for (String f : fields) sb.append("<td>").append(escapeHtml(v(r, f))).append("</td>");
            sb.append("</tr>");
        }
        return page(title, sb.append("</tbody></table>").toString());
    }

    private String documents(String title, String entity, String key, String totalField) {
        StringBuilder sb = new StringBuilder();
        for (JsonNode d : emu.store().all(entity)) {
            String nbr = v(d, key);
            sb.append("<section id=\"doc-").append(escapeHtml(nbr)).append("\"><h2>").append(escapeHtml(entity.equals("PurchaseOrder") ? v(d, "Type") + " " : ""))
                    .append(escapeHtml(nbr)).append(" — ").append(escapeHtml(v(d, "VendorID"))).append(" — ").append(escapeHtml(v(d, "Status")))
                    .append(" — total <span id=\"total-").append(escapeHtml(nbr)).append("\">").append(escapeHtml(v(d, totalField))).append("</span></h2>")
                    .append("<p>").append(escapeHtml(v(d, "Description"))).append("</p><table><thead><tr><th>Line</th><th>Project</th><th>Task</th><th>Cost Code</th>"
                            + "<th>Description</th><th>Qty</th><th>Unit Cost</th><th>Amount</th></tr></thead><tbody>");
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
        return page(title, sb.toString());
    }
}
