package com.crosswalk.acumatica.client;

/**
 * Metrics hook, called once per HTTP exchange with Acumatica (sign-in, sign-out and polls included).
 * Implementations must be thread-safe and fast; exceptions they throw are ignored.
 */
@FunctionalInterface
public interface AcumaticaRequestListener {

    /** A listener that does nothing. */
    AcumaticaRequestListener NONE = (method, entity, action, status, durationNanos) -> { };

    /**
     * @param method        HTTP method
     * @param entity        entity name (e.g. {@code ChangeOrder}), or {@code auth}/{@code oauth}/{@code entity} for
     *                      sign-in, token and root requests
     * @param action        action name ({@code ReleaseChangeOrder}, {@code login}, {@code poll}, ...) or {@code null}
     * @param status        HTTP status, or {@code -1} when no response arrived (timeout, connection failure)
     * @param durationNanos wall time of the exchange
     */
    void onRequest(String method, String entity, String action, int status, long durationNanos);
}
