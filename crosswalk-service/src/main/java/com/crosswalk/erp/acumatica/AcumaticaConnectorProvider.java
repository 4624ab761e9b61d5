package com.crosswalk.erp.acumatica;

import com.crosswalk.acumatica.client.AcumaticaClient;
import com.crosswalk.acumatica.client.AcumaticaClientConfig;
import com.crosswalk.acumatica.client.AcumaticaRequestListener;
import com.crosswalk.acumatica.client.AcumaticaSessionListener;
import com.crosswalk.erp.connector.ErpConnectionSettings;
import com.crosswalk.erp.connector.ErpConnector;
import com.crosswalk.erp.connector.ErpConnectorProvider;
import com.crosswalk.erp.connector.ErpSessionLog;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Makes {@link AcumaticaConnector}s from a company's settings. Every HTTP exchange with Acumatica is counted and
 * timed as {@code crosswalk.erp.requests} (tags erp, method, entity, action, status); a failed one (no answer:
 * status {@code io_error}, or 4xx/5xx) is also counted as {@code crosswalk.erp.request.errors} (erp, method, entity,
 * status). Every exchange also counts against the company's licence budget of the day (ErpRequestCounts).
 */
@Component
public class AcumaticaConnectorProvider implements ErpConnectorProvider {

    public static final String TYPE = "acumatica";

    private final MeterRegistry meters;
    private final Duration actionPollInterval;
    private final int maxRetries;
    private final Duration initialBackoff;
    private final Duration requestTimeout;

    private final com.crosswalk.erp.connection.ErpRequestCounts counts;

    public AcumaticaConnectorProvider(ObjectProvider<MeterRegistry> meters, Environment env,
            ObjectProvider<com.crosswalk.erp.connection.ErpRequestCounts> counts) {
        this.meters = meters.getIfAvailable();
        this.counts = counts.getIfAvailable();
        this.actionPollInterval = env.getProperty("crosswalk.acumatica.action-poll-interval", Duration.class,
                Duration.ofMillis(250));
        this.maxRetries = env.getProperty("crosswalk.acumatica.max-retries", Integer.class, 3);
        this.initialBackoff = env.getProperty("crosswalk.acumatica.initial-backoff", Duration.class,
                Duration.ofMillis(300));
        // the client's own default is 5 minutes: an ERP that hangs would hold an export thread, or a person's Unlink
        // click, that long
        this.requestTimeout = env.getProperty("crosswalk.acumatica.request-timeout", Duration.class,
                Duration.ofSeconds(60));
    }

    @Override
    public String erpType() {
        return TYPE;
    }

    @Override
    public ErpConnector create(ErpConnectionSettings s) {
        return create(s, ErpSessionLog.NONE);
    }

    @Override
    public ErpConnector create(ErpConnectionSettings s, ErpSessionLog sessions) {
        AcumaticaClientConfig.Builder b = AcumaticaClientConfig.builder()
                .baseUrl(s.baseUrl())
                .endpointName(s.endpointName())
                .endpointVersion(s.endpointVersion())
                .tenant(s.tenant())
                .branch(s.branch())
                .username(s.username() == null ? "" : s.username())
                .password(s.password() == null ? "" : s.password())
                .maxSessions(s.maxSessions())
                .maxConcurrentRequests(s.maxConcurrentRequests())
                .maxRequestsPerMinute(s.maxRequestsPerMinute())
                .maxRetries(maxRetries)
                .initialBackoff(initialBackoff)
                .requestTimeout(requestTimeout)
                .actionPollInterval(actionPollInterval)
                .listener(listener(s.companyId()))
                .sessionListener(new AcumaticaSessionListener() {
                    @Override
                    public void sessionOpened(String sessionId, String credentials) {
                        sessions.opened(sessionId, credentials);
                    }

                    @Override
                    public void sessionClosed(String sessionId) {
                        sessions.closed(sessionId);
                    }
                });
        if ("oauth".equals(s.authMode()) && s.oauthClientId() != null) {
            b.oauth(s.oauthClientId(), s.oauthClientSecret());
        }
        return new AcumaticaConnector(AcumaticaClient.create(b.build()), s);
    }

    /** Each exchange counted for the company's licence budget ({@code ErpRequestCounts}, in memory) and as metrics. */
    private AcumaticaRequestListener listener(long companyId) {
        AcumaticaRequestListener metrics = metrics();
        if (counts == null) {
            return metrics;
        }
        return (method, entity, action, status, nanos) -> {
            counts.count(companyId, status < 0 || status >= 400);
            metrics.onRequest(method, entity, action, status, nanos);
        };
    }

    private AcumaticaRequestListener metrics() {
        if (meters == null) {
            return AcumaticaRequestListener.NONE;
        }
        return (method, entity, action, status, nanos) -> {
            String entityTag = entity == null ? "none" : entity;
            String statusTag = status < 0 ? "io_error" : Integer.toString(status);
            Timer.builder("crosswalk.erp.requests")
                    .description("HTTP exchanges with the ERP (count and latency)")
                    .tag("erp", TYPE)
                    .tag("method", method)
                    .tag("entity", entityTag)
                    .tag("action", action == null ? method : action)
                    .tag("status", statusTag)
                    .register(meters)
                    .record(nanos, TimeUnit.NANOSECONDS);
            if (status < 0 || status >= 400) {
                Counter.builder("crosswalk.erp.request.errors")
                        .description("HTTP exchanges with the ERP that failed: no answer (io_error) or a 4xx/5xx status")
                        .tag("erp", TYPE)
                        .tag("method", method)
                        .tag("entity", entityTag)
                        .tag("status", statusTag)
                        .register(meters)
                        .increment();
            }
        };
    }
}
