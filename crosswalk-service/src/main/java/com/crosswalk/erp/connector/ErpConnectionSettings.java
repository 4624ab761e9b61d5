package com.crosswalk.erp.connector;

/**
 * A company's ERP connection, secrets already decrypted (in memory only; never logged — see {@link #toString()}).
 */
public record ErpConnectionSettings(long companyId, String erpType, String displayName, String baseUrl, String tenant,
        String branch, String endpointName, String endpointVersion, String authMode, String username, String password,
        String oauthClientId, String oauthClientSecret, String changeOrderClass, int maxSessions,
        int maxConcurrentRequests, int maxRequestsPerMinute) {

    @Override
    public String toString() {
        return "ErpConnectionSettings[company=" + companyId + ", erp=" + erpType + ", baseUrl=" + baseUrl
                + ", tenant=" + tenant + ", user=" + username + "]";
    }
}
