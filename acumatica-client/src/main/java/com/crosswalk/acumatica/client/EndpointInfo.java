package com.crosswalk.acumatica.client;

import java.util.List;

/**
 * What {@link AcumaticaClient#testConnection()} found.
 *
 * @param acumaticaBuildVersion build version reported by {@code GET /entity} (may be null)
 * @param endpoints             endpoints the instance offers, as {@code Name/Version}
 * @param configuredEndpointAvailable whether the configured endpoint name/version is among them
 */
public record EndpointInfo(String acumaticaBuildVersion, List<String> endpoints, boolean configuredEndpointAvailable) {
}
