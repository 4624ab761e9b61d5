package com.crosswalk.web;

/** What the header shows: the company, the user, and the tools the user may open. */
public record Nav(String companyName, Long companyId, String erpName, String userName, String login, boolean operator,
        boolean erpIntegrations, boolean directory, boolean commitments, boolean accountingApprover,
        String emulatorUrl, boolean mailbox, boolean erpAdmin) {
}
