package com.crosswalk.acumatica.emulator;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;

/**
 * Immutable settings of one emulator instance. Start from {@link #defaults()} and use the {@code withX} methods.
 *
 * @param port                 TCP port; 0 = pick a free one
 * @param userName             the one API user's login name
 * @param password             its password
 * @param tenant               tenant (company) name; OAuth client ids must end with {@code @<tenant>}
 * @param maxSessions          license "Maximum Number of Web Services API Users" (concurrent sessions); 0 = unlimited
 * @param maxConcurrentRequests license "Maximum Number of Concurrent Web Services API Requests"; 0 = unlimited
 * @param maxRequestsPerMinute license "Maximum Number of Web Services API Requests per Minute"; 0 = unlimited
 * @param maxQueueLength       requests allowed to wait for a processing slot before 429 (Acumatica: 20)
 * @param maxQueueWait         longest wait in the queue before 429 (Acumatica: 10 minutes)
 * @param latencyMs            fixed latency added to every /entity and /identity request
 * @param faultSeed            seed of the java.util.Random that drives probabilistic faults
 * @param hangMs               how long a TIMEOUT fault hangs before the connection is closed
 * @param dataFile             JSON snapshot file (null = in memory only)
 * @param demo                 seed the demo data (docs/demo-data.md) when the store is empty
 * @param validateContract     validate every /entity request and response body against the swagger
 * @param strictContract       answer 400 to a request body that violates the contract
 * @param releaseDurationMs    &gt; 0: ReleaseChangeOrder is a long-running operation (202 + Location) of this length
 * @param approvalRequired     RemoveChangeOrderFromHold goes to "Pending Approval" instead of "Open"
 * @param sessionIdleTimeout   cookie sessions idle longer than this are closed
 * @param tokenLifetime        OAuth access-token lifetime (expires_in)
 * @param admin                enable the admin HTTP endpoint under /emulator/admin
 * @param threads              HTTP worker threads (requests that hang or queue each hold one)
 * @param bindAddress          the address to listen on; 127.0.0.1 (this machine only) unless told otherwise
 */
public record EmulatorConfig(
        int port,
        String userName,
        String password,
        String tenant,
        int maxSessions,
        int maxConcurrentRequests,
        int maxRequestsPerMinute,
        int maxQueueLength,
        Duration maxQueueWait,
        long latencyMs,
        long faultSeed,
        long hangMs,
        Path dataFile,
        boolean demo,
        boolean validateContract,
        boolean strictContract,
        long releaseDurationMs,
        boolean approvalRequired,
        Duration sessionIdleTimeout,
        Duration tokenLifetime,
        boolean admin,
        int threads,
        String bindAddress) {

    public static EmulatorConfig defaults() {
        return new EmulatorConfig(8081, "admin", "demo", "Demo", 0, 0, 0, 20, Duration.ofMinutes(10), 0, 42L,
                120_000L, null, false, true, false, 0, false, Duration.ofMinutes(10), Duration.ofHours(1), false, 200,
                "127.0.0.1");
    }

    public EmulatorConfig withPort(int v) { return new EmulatorConfig(v, userName, password, tenant, maxSessions, maxConcurrentRequests, maxRequestsPerMinute, maxQueueLength, maxQueueWait, latencyMs, faultSeed, hangMs, dataFile, demo, validateContract, strictContract, releaseDurationMs, approvalRequired, sessionIdleTimeout, tokenLifetime, admin, threads, bindAddress); }
    public EmulatorConfig withCredentials(String user, String pwd, String ten) { return new EmulatorConfig(port, user, pwd, ten, maxSessions, maxConcurrentRequests, maxRequestsPerMinute, maxQueueLength, maxQueueWait, latencyMs, faultSeed, hangMs, dataFile, demo, validateContract, strictContract, releaseDurationMs, approvalRequired, sessionIdleTimeout, tokenLifetime, admin, threads, bindAddress); }
    public EmulatorConfig withMaxSessions(int v) { return new EmulatorConfig(port, userName, password, tenant, v, maxConcurrentRequests, maxRequestsPerMinute, maxQueueLength, maxQueueWait, latencyMs, faultSeed, hangMs, dataFile, demo, validateContract, strictContract, releaseDurationMs, approvalRequired, sessionIdleTimeout, tokenLifetime, admin, threads, bindAddress); }
    public EmulatorConfig withMaxConcurrentRequests(int v) { return new EmulatorConfig(port, userName, password, tenant, maxSessions, v, maxRequestsPerMinute, maxQueueLength, maxQueueWait, latencyMs, faultSeed, hangMs, dataFile, demo, validateContract, strictContract, releaseDurationMs, approvalRequired, sessionIdleTimeout, tokenLifetime, admin, threads, bindAddress); }
    public EmulatorConfig withMaxRequestsPerMinute(int v) { return new EmulatorConfig(port, userName, password, tenant, maxSessions, maxConcurrentRequests, v, maxQueueLength, maxQueueWait, latencyMs, faultSeed, hangMs, dataFile, demo, validateContract, strictContract, releaseDurationMs, approvalRequired, sessionIdleTimeout, tokenLifetime, admin, threads, bindAddress); }
    public EmulatorConfig withQueue(int maxLength, Duration maxWait) { return new EmulatorConfig(port, userName, password, tenant, maxSessions, maxConcurrentRequests, maxRequestsPerMinute, maxLength, maxWait, latencyMs, faultSeed, hangMs, dataFile, demo, validateContract, strictContract, releaseDurationMs, approvalRequired, sessionIdleTimeout, tokenLifetime, admin, threads, bindAddress); }
    public EmulatorConfig withLatencyMs(long v) { return new EmulatorConfig(port, userName, password, tenant, maxSessions, maxConcurrentRequests, maxRequestsPerMinute, maxQueueLength, maxQueueWait, v, faultSeed, hangMs, dataFile, demo, validateContract, strictContract, releaseDurationMs, approvalRequired, sessionIdleTimeout, tokenLifetime, admin, threads, bindAddress); }
    public EmulatorConfig withFaultSeed(long v) { return new EmulatorConfig(port, userName, password, tenant, maxSessions, maxConcurrentRequests, maxRequestsPerMinute, maxQueueLength, maxQueueWait, latencyMs, v, hangMs, dataFile, demo, validateContract, strictContract, releaseDurationMs, approvalRequired, sessionIdleTimeout, tokenLifetime, admin, threads, bindAddress); }
    public EmulatorConfig withHangMs(long v) { return new EmulatorConfig(port, userName, password, tenant, maxSessions, maxConcurrentRequests, maxRequestsPerMinute, maxQueueLength, maxQueueWait, latencyMs, faultSeed, v, dataFile, demo, validateContract, strictContract, releaseDurationMs, approvalRequired, sessionIdleTimeout, tokenLifetime, admin, threads, bindAddress); }
    public EmulatorConfig withDataFile(Path v) { return new EmulatorConfig(port, userName, password, tenant, maxSessions, maxConcurrentRequests, maxRequestsPerMinute, maxQueueLength, maxQueueWait, latencyMs, faultSeed, hangMs, v, demo, validateContract, strictContract, releaseDurationMs, approvalRequired, sessionIdleTimeout, tokenLifetime, admin, threads, bindAddress); }
    public EmulatorConfig withDemo(boolean v) { return new EmulatorConfig(port, userName, password, tenant, maxSessions, maxConcurrentRequests, maxRequestsPerMinute, maxQueueLength, maxQueueWait, latencyMs, faultSeed, hangMs, dataFile, v, validateContract, strictContract, releaseDurationMs, approvalRequired, sessionIdleTimeout, tokenLifetime, admin, threads, bindAddress); }
    public EmulatorConfig withValidateContract(boolean v) { return new EmulatorConfig(port, userName, password, tenant, maxSessions, maxConcurrentRequests, maxRequestsPerMinute, maxQueueLength, maxQueueWait, latencyMs, faultSeed, hangMs, dataFile, demo, v, strictContract, releaseDurationMs, approvalRequired, sessionIdleTimeout, tokenLifetime, admin, threads, bindAddress); }
    public EmulatorConfig withStrictContract(boolean v) { return new EmulatorConfig(port, userName, password, tenant, maxSessions, maxConcurrentRequests, maxRequestsPerMinute, maxQueueLength, maxQueueWait, latencyMs, faultSeed, hangMs, dataFile, demo, validateContract, v, releaseDurationMs, approvalRequired, sessionIdleTimeout, tokenLifetime, admin, threads, bindAddress); }
    public EmulatorConfig withReleaseDurationMs(long v) { return new EmulatorConfig(port, userName, password, tenant, maxSessions, maxConcurrentRequests, maxRequestsPerMinute, maxQueueLength, maxQueueWait, latencyMs, faultSeed, hangMs, dataFile, demo, validateContract, strictContract, v, approvalRequired, sessionIdleTimeout, tokenLifetime, admin, threads, bindAddress); }
    public EmulatorConfig withApprovalRequired(boolean v) { return new EmulatorConfig(port, userName, password, tenant, maxSessions, maxConcurrentRequests, maxRequestsPerMinute, maxQueueLength, maxQueueWait, latencyMs, faultSeed, hangMs, dataFile, demo, validateContract, strictContract, releaseDurationMs, v, sessionIdleTimeout, tokenLifetime, admin, threads, bindAddress); }
    public EmulatorConfig withSessionIdleTimeout(Duration v) { return new EmulatorConfig(port, userName, password, tenant, maxSessions, maxConcurrentRequests, maxRequestsPerMinute, maxQueueLength, maxQueueWait, latencyMs, faultSeed, hangMs, dataFile, demo, validateContract, strictContract, releaseDurationMs, approvalRequired, v, tokenLifetime, admin, threads, bindAddress); }
    public EmulatorConfig withTokenLifetime(Duration v) { return new EmulatorConfig(port, userName, password, tenant, maxSessions, maxConcurrentRequests, maxRequestsPerMinute, maxQueueLength, maxQueueWait, latencyMs, faultSeed, hangMs, dataFile, demo, validateContract, strictContract, releaseDurationMs, approvalRequired, sessionIdleTimeout, v, admin, threads, bindAddress); }
    public EmulatorConfig withAdmin(boolean v) { return new EmulatorConfig(port, userName, password, tenant, maxSessions, maxConcurrentRequests, maxRequestsPerMinute, maxQueueLength, maxQueueWait, latencyMs, faultSeed, hangMs, dataFile, demo, validateContract, strictContract, releaseDurationMs, approvalRequired, sessionIdleTimeout, tokenLifetime, v, threads, bindAddress); }
    public EmulatorConfig withBindAddress(String v) { return new EmulatorConfig(port, userName, password, tenant, maxSessions, maxConcurrentRequests, maxRequestsPerMinute, maxQueueLength, maxQueueWait, latencyMs, faultSeed, hangMs, dataFile, demo, validateContract, strictContract, releaseDurationMs, approvalRequired, sessionIdleTimeout, tokenLifetime, admin, threads, v); }
    public EmulatorConfig withThreads(int v) { return new EmulatorConfig(port, userName, password, tenant, maxSessions, maxConcurrentRequests, maxRequestsPerMinute, maxQueueLength, maxQueueWait, latencyMs, faultSeed, hangMs, dataFile, demo, validateContract, strictContract, releaseDurationMs, approvalRequired, sessionIdleTimeout, tokenLifetime, admin, v, bindAddress); }

    /**
     * Applies a properties file (keys = the long flag names without dashes, e.g. {@code port}, {@code max-sessions},
     * {@code session-idle-timeout-seconds}) on top of this config.
     */
    public EmulatorConfig withProperties(Path file) throws IOException {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in);
        }
        return withProperties(p);
    }

    public EmulatorConfig withProperties(Properties p) {
        EmulatorConfig c = this;
        for (String k : p.stringPropertyNames()) {
            String v = p.getProperty(k).trim();
            c = switch (k) {
                case "port" -> c.withPort(Integer.parseInt(v));
                case "user" -> c.withCredentials(v, c.password, c.tenant);
                case "password" -> c.withCredentials(c.userName, v, c.tenant);
                case "tenant" -> c.withCredentials(c.userName, c.password, v);
                case "max-sessions" -> c.withMaxSessions(Integer.parseInt(v));
                case "max-concurrent" -> c.withMaxConcurrentRequests(Integer.parseInt(v));
                case "max-per-minute" -> c.withMaxRequestsPerMinute(Integer.parseInt(v));
                case "max-queue" -> c.withQueue(Integer.parseInt(v), c.maxQueueWait);
                case "max-queue-wait-ms" -> c.withQueue(c.maxQueueLength, Duration.ofMillis(Long.parseLong(v)));
                case "latency-ms" -> c.withLatencyMs(Long.parseLong(v));
                case "fault-seed" -> c.withFaultSeed(Long.parseLong(v));
                case "hang-ms" -> c.withHangMs(Long.parseLong(v));
                case "data-file" -> c.withDataFile(v.isEmpty() ? null : Path.of(v));
                case "demo" -> c.withDemo(Boolean.parseBoolean(v));
                case "validate-contract" -> c.withValidateContract(Boolean.parseBoolean(v));
                case "strict-contract" -> c.withStrictContract(Boolean.parseBoolean(v));
                case "release-duration-ms" -> c.withReleaseDurationMs(Long.parseLong(v));
                case "approval-required" -> c.withApprovalRequired(Boolean.parseBoolean(v));
                case "session-idle-timeout-seconds" -> c.withSessionIdleTimeout(Duration.ofSeconds(Long.parseLong(v)));
                case "token-lifetime-seconds" -> c.withTokenLifetime(Duration.ofSeconds(Long.parseLong(v)));
                case "admin" -> c.withAdmin(Boolean.parseBoolean(v));
                case "threads" -> c.withThreads(Integer.parseInt(v));
                case "bind-address" -> c.withBindAddress(v);
                default -> throw new IllegalArgumentException("Unknown emulator setting: " + k);
            };
        }
        return c;
    }
}
