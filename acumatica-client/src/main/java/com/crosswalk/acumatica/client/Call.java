package com.crosswalk.acumatica.client;

import java.util.Map;

/**
 * One HTTP request to send.
 *
 * @param method  HTTP method
 * @param url     absolute URL
 * @param entity  entity name (for metrics/logs)
 * @param action  action name or null
 * @param label   words for messages ("change order")
 * @param body    JSON body or null
 * @param headers extra headers (no secrets)
 * @param write   whether the request may change data
 */
record Call(String method, String url, String entity, String action, String label, String body,
            Map<String, String> headers, boolean write) {

    static Call get(String url, String entity, String label) {
        return new Call("GET", url, entity, null, label, null, Map.of(), false);
    }
}
