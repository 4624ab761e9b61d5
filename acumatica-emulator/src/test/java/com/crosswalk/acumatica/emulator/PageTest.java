package com.crosswalk.acumatica.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The emulator's Change Orders screen over real HTTP: sign-in (admin / demo, tenant Demo), CSRF tokens on every
 * form, no redirect off the emulator, the PM308000 layout, and only the actions the change order's state allows.
 */
class PageTest {
    static AcumaticaEmulator emu;
    static Api api;

    @BeforeAll
    static void start() {
        emu = AcumaticaEmulator.start(EmulatorConfig.defaults().withPort(0).withDemo(true));
        api = new Api(emu);
        api.login();
        api.signInToPages();
    }

    @AfterAll
    static void stop() {
        assertThat(emu.contractViolations()).isEmpty();
        emu.close();
    }

    private String export(String ext) {
        Api.Res r = api.put("ChangeOrder?$expand=Commitments", Api.newCo(ext, 1, "10.00"), "If-None-Match", "*");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().at("/RefNbr/value").asText();
    }

    @Test
    void listenOnLoopbackByDefault() throws Exception {
        assertThat(emu.address().getAddress()).isEqualTo(InetAddress.getByName("127.0.0.1"));
        assertThat(emu.baseUrl()).startsWith("http://localhost:");
        try (AcumaticaEmulator everywhere = AcumaticaEmulator.start(EmulatorConfig.defaults().withPort(0).withBindAddress("0.0.0.0"))) {
            assertThat(everywhere.address().getAddress().isAnyLocalAddress()).isTrue();
        }
    }

    @Test
    void pagesNeedSignInAndBadCredentialsAreRefused() {
        Api anonymous = new Api(emu);
        Api.Res list = anonymous.get("/emulator/change-orders");
        assertThat(list.status()).isEqualTo(303);
        assertThat(list.header("Location")).isEqualTo("/emulator/login?next=%2Femulator%2Fchange-orders");
        assertThat(anonymous.get("/").header("Location")).startsWith("/emulator/login");
        assertThat(anonymous.get("/emulator/subcontracts").status()).isEqualTo(303);
        // a post without a sign-in changes nothing
        String ref = export("CW-PAGE-ANON");
        assertThat(anonymous.form("/emulator/change-orders/" + ref, "action=RemoveHold").status()).isEqualTo(403);
        assertThat(emu.store().changeOrder(ref).orElseThrow().status()).isEqualTo("On Hold");

        Api.Res form = anonymous.get("/emulator/login");
        String token = Api.csrfIn(form.body());
        Api.Res wrong = anonymous.form("/emulator/login", "csrf=" + token + "&name=admin&password=nope&tenant=Demo");
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.body()).contains("id=\"error\"").contains("Invalid credentials. Please try again.");
        Api.Res wrongTenant = anonymous.form("/emulator/login", "csrf=" + Api.csrfIn(wrong.body()) + "&name=admin&password=demo&tenant=Other");
        assertThat(wrongTenant.status()).isEqualTo(401);
        // the sign-in form itself carries a token (no sign-in forged from another site)
        assertThat(new Api(emu).form("/emulator/login", "csrf=0123&name=admin&password=demo&tenant=Demo").status()).isEqualTo(403);
        // signing in does not use an API session (the license's API users)
        int apiSessions = emu.stats().activeSessions();
        anonymous.signInToPages();
        assertThat(emu.stats().activeSessions()).isEqualTo(apiSessions);
        assertThat(anonymous.get("/emulator/change-orders").status()).isEqualTo(200);
        // signed out: the pages ask for a sign-in again
        assertThat(anonymous.pageAction("/emulator/change-orders", "").status()).isEqualTo(404); // the list has no actions
        Api.Res out = anonymous.form("/emulator/logout", "csrf=" + Api.csrfIn(anonymous.get("/emulator/change-orders").body()));
        assertThat(out.status()).isEqualTo(303);
        assertThat(anonymous.get("/emulator/change-orders").status()).isEqualTo(303);
    }

    @Test
    void formsWithoutTheSessionsCsrfTokenAreRefused() {
        String ref = export("CW-PAGE-CSRF");
        assertThat(api.form("/emulator/change-orders/" + ref, "action=RemoveHold").status()).isEqualTo(403);
        assertThat(api.form("/emulator/change-orders/" + ref, "action=RemoveHold&csrf=deadbeef").status()).isEqualTo(403);
        assertThat(api.form("/emulator/logout", "").status()).isEqualTo(403);
        assertThat(emu.store().changeOrder(ref).orElseThrow().status()).isEqualTo("On Hold");
        assertThat(api.get("/emulator/change-orders").status()).isEqualTo(200); // still signed in
        assertThat(api.pageAction("/emulator/change-orders/" + ref, "action=RemoveHold").status()).isEqualTo(303);
        assertThat(emu.store().changeOrder(ref).orElseThrow().status()).isEqualTo("Open");
    }

    @Test
    void redirectsStayOnTheEmulator() {
        Api other = new Api(emu);
        for (String next : new String[] {"https://evil.example/", "//evil.example/x", "/\\evil.example", "javascript:alert(1)", "/entity/auth/logout"}) {
            Api.Res form = other.get("/emulator/login?next=" + Api.enc(next));
            Api.Res r = other.form("/emulator/login", "csrf=" + Api.csrfIn(form.body()) + "&name=admin&password=demo&tenant=Demo&next=" + Api.enc(next));
            assertThat(r.status()).isEqualTo(303);
            assertThat(r.header("Location")).as(next).isEqualTo("/emulator/change-orders");
        }
        Api.Res form = other.get("/emulator/login");
        Api.Res r = other.form("/emulator/login", "csrf=" + Api.csrfIn(form.body()) + "&name=admin&password=demo&next=%2Femulator%2Fchange-orders%2F000001");
        assertThat(r.header("Location")).isEqualTo("/emulator/change-orders/000001");
        // actions redirect to the change order (no "back" to follow any more)
        String ref = export("CW-PAGE-BACK");
        Api.Res act = api.pageAction("/emulator/change-orders/" + ref, "action=RemoveHold&back=https://evil.example/");
        assertThat(act.header("Location")).isEqualTo("/emulator/change-orders/" + ref);
    }

    @Test
    void listLooksLikeTheChangeOrdersScreen() {
        Api.Res list = api.get("/emulator/change-orders");
        assertThat(list.header("Content-Security-Policy")).contains("frame-ancestors 'none'");
        assertThat(list.body()).contains("<h1 id=\"title\">Change Orders</h1>").contains("PM3080PL")
                .contains("<th>Reference Nbr.</th><th>Status</th><th>Project</th><th>Description</th>")
                .contains("Commitment Change Total").contains("id=\"co-000001\"").contains("id=\"status-000001\">Closed<")
                .contains("id=\"commitments-total-000001\">12,500.00<").contains("Added rebar at footings")
                .contains("id=\"signed-in-user\">admin<");
        assertThat(api.get("/").body()).contains("id=\"change-orders\"");
    }

    @Test
    void recordViewOffersOnlyWhatTheStateAllows() {
        String ref = export("CW-PAGE-FLOW");
        String page = "/emulator/change-orders/" + ref;
        String onHold = api.get(page).body();
        assertThat(onHold).contains("PM308000").contains("id=\"field-Status\">On Hold<").contains("id=\"field-ExternalRefNbr\">CW-PAGE-FLOW<")
                .contains("id=\"actions-button-" + ref + "\">Actions</summary>")
                .contains("id=\"toolbar-removehold-" + ref + "\"").contains("id=\"removehold-" + ref + "\"")
                .contains("id=\"cancel-" + ref + "\"").contains("id=\"delete-" + ref + "\"")
                .contains("id=\"commitment-1\"").contains("SC0001")
                .doesNotContain("value=\"Release\"").doesNotContain("value=\"Reverse\"").doesNotContain("value=\"Hold\"");
        // an action the state does not allow is refused (400) and changes nothing
        Api.Res refused = api.pageAction(page, "action=Release");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("id=\"error\"").contains("not available");
        assertThat(emu.store().changeOrder(ref).orElseThrow().status()).isEqualTo("On Hold");

        assertThat(api.pageAction(page, "action=RemoveHold").status()).isEqualTo(303);
        String open = api.get(page).body();
        assertThat(open).contains("id=\"toolbar-release-" + ref + "\"").contains("id=\"hold-" + ref + "\"").contains("id=\"cancel-" + ref + "\"")
                .doesNotContain("id=\"delete-" + ref + "\"").doesNotContain("value=\"RemoveHold\"");
        assertThat(api.pageAction(page, "action=Delete").status()).isEqualTo(400); // only On Hold can be deleted
        assertThat(api.pageAction(page, "action=Release").status()).isEqualTo(303);
        String closed = api.get(page).body();
        assertThat(closed).contains("id=\"field-Status\">Closed<").contains("id=\"reverse-" + ref + "\"")
                .doesNotContain("value=\"Cancel\"").doesNotContain("value=\"Hold\"").doesNotContain("toolbar-");

        Api.Res rev = api.pageAction(page, "action=Reverse");
        assertThat(rev.status()).isEqualTo(303);
        String revPage = rev.header("Location");
        String revRef = revPage.substring(revPage.lastIndexOf('/') + 1);
        String reversing = api.get(revPage).body();
        assertThat(reversing).contains("id=\"info\"").contains("reverses change order " + ref)
                .contains("id=\"field-OriginalCORefNbr\">" + ref + "<").contains("id=\"field-ReverseStatus\">Reversing<")
                .contains("id=\"toolbar-removehold-" + revRef + "\"").contains("id=\"delete-" + revRef + "\"");
        // the reversed original: no Reverse any more (issue #16, 10), its reversing change order named
        String reversed = api.get(page).body();
        assertThat(reversed).contains("id=\"field-ReverseStatus\">Reversed<").contains("id=\"field-ReversingRefNbr\">" + revRef + "<")
                .doesNotContain("id=\"reverse-" + ref + "\"").contains("id=\"no-actions-" + ref + "\"");
        assertThat(api.pageAction(page, "action=Reverse").status()).isEqualTo(400);
        assertThat(emu.store().reversingChangeOrders(ref)).hasSize(1);

        assertThat(api.pageAction(revPage, "action=RemoveHold").status()).isEqualTo(303);
        assertThat(api.pageAction(revPage, "action=Release").status()).isEqualTo(303);
        assertThat(emu.store().changeOrder(revRef).orElseThrow().status()).isEqualTo("Closed");
        // a released reversal cannot be deleted; the error is shown on its page
        assertThat(api.pageAction(revPage, "action=Delete").status()).isEqualTo(400);
    }

    @Test
    void cancelAndHoldAgain() {
        String ref = export("CW-PAGE-CANCEL");
        String page = "/emulator/change-orders/" + ref;
        assertThat(api.pageAction(page, "action=Cancel").status()).isEqualTo(303);
        String canceled = api.get(page).body();
        assertThat(canceled).contains("id=\"field-Status\">Canceled<").contains("id=\"hold-" + ref + "\"")
                .doesNotContain("value=\"Cancel\"").doesNotContain("id=\"delete-" + ref + "\"");
        assertThat(api.pageAction(page, "action=Hold").status()).isEqualTo(303);
        assertThat(emu.store().changeOrder(ref).orElseThrow().status()).isEqualTo("On Hold");
        Api.Res deleted = api.pageAction(page, "action=Delete");
        assertThat(deleted.header("Location")).isEqualTo("/emulator/change-orders");
        assertThat(api.get("/emulator/change-orders").body()).contains("id=\"info\"").contains("Change order " + ref + " was deleted.");
        assertThat(emu.store().changeOrder(ref)).isEmpty();
        assertThat(api.get(page).status()).isEqualTo(404);
    }

    @Test
    void otherListsStillThere() {
        assertThat(api.get("/emulator/subcontracts").body()).contains("id=\"line-SC0001-1\"").contains("id=\"amount-SC0001-1\"");
        assertThat(api.get("/emulator/projects").body()).contains("id=\"project-RIVERSIDE\"");
        assertThat(api.get("/emulator/vendors").body()).contains("id=\"vendor-BRIGHTLN\"");
        assertThat(api.get("/emulator/purchase-orders").body()).contains("id=\"doc-PO0001\"");
        assertThat(api.get("/emulator/nothing-here").status()).isEqualTo(404);
        assertThat(api.get("/emulator/change-orders/%25zz").status()).isEqualTo(404); // a stray "%": 404, not 500
    }
}
