package com.crosswalk.acumatica.emulator;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code java -jar acumatica-emulator-all.jar [--port 8081] [--demo] [--data-file state.json] ...}. */
@Command(name = "acumatica-emulator", mixinStandardHelpOptions = true, version = "acumatica-emulator Default/24.200.001 + Default/23.200.001",
        description = "A stand-in for Acumatica's contract-based REST API (Default/24.200.001 and Default/23.200.001). Flags override the --config file.")
public final class AcumaticaEmulatorMain implements Callable<Integer> {
    @Option(names = "--config", description = "Properties file; keys are the long flag names without dashes (port, max-sessions, ...).")
    Path config;
    @Option(names = "--port", description = "TCP port (default 8081; 0 = any free port).") Integer port;
    @Option(names = "--bind-address", description = "Address to listen on (default 127.0.0.1: this machine only; 0.0.0.0 = every interface).") String bindAddress;
    @Option(names = "--data-file", description = "JSON snapshot file: loaded at start, written after changes.") Path dataFile;
    @Option(names = "--demo", description = "Seed the demo data (docs/demo-data.md) when the store is empty.") Boolean demo;
    @Option(names = "--admin", description = "Enable the admin endpoint /emulator/admin.") Boolean admin;
    @Option(names = "--user", description = "API user name (default admin).") String user;
    @Option(names = "--password", description = "API user password (default demo).") String password;
    @Option(names = "--tenant", description = "Tenant (default Demo).") String tenant;
    @Option(names = "--max-sessions", description = "License: max concurrent API sessions (0 = unlimited).") Integer maxSessions;
    @Option(names = "--max-concurrent", description = "License: max concurrent API requests (0 = unlimited).") Integer maxConcurrent;
    @Option(names = "--max-per-minute", description = "License: max API requests per minute (0 = unlimited).") Integer maxPerMinute;
    @Option(names = "--max-queue", description = "Requests allowed to wait for a slot before 429 (default 20).") Integer maxQueue;
    @Option(names = "--max-queue-wait-ms", description = "Longest wait in the queue before 429 (default 600000).") Long maxQueueWaitMs;
    @Option(names = "--latency-ms", description = "Fixed latency added to every API request.") Long latencyMs;
    @Option(names = "--fault-seed", description = "Seed of the Random driving probabilistic faults (default 42).") Long faultSeed;
    @Option(names = "--hang-ms", description = "How long a TIMEOUT fault hangs (default 120000).") Long hangMs;
    @Option(names = "--release-duration-ms", description = "> 0: ReleaseChangeOrder is long-running (202 + Location) for this long.") Long releaseDurationMs;
    @Option(names = "--approval-required", description = "Remove Hold goes to Pending Approval.") Boolean approvalRequired;
    @Option(names = "--session-idle-timeout-seconds", description = "Idle cookie sessions close after this (default 600).") Long idleSeconds;
    @Option(names = "--token-lifetime-seconds", description = "OAuth access-token lifetime (default 3600).") Long tokenSeconds;
    @Option(names = "--validate-contract", negatable = true, description = "Validate bodies against the swagger (default true).") Boolean validate;
    @Option(names = "--strict-contract", description = "Answer 400 to request bodies that violate the contract.") Boolean strict;

    EmulatorConfig toConfig() throws Exception {
        EmulatorConfig c = EmulatorConfig.defaults();
        if (config != null) c = c.withProperties(config);
        if (port != null) c = c.withPort(port);
        if (bindAddress != null) c = c.withBindAddress(bindAddress);
        if (dataFile != null) c = c.withDataFile(dataFile);
        if (demo != null) c = c.withDemo(demo);
        if (admin != null) c = c.withAdmin(admin);
        if (user != null || password != null || tenant != null) {
            c = c.withCredentials(user != null ? user : c.userName(), password != null ? password : c.password(), tenant != null ? tenant : c.tenant());
        }
        if (maxSessions != null) c = c.withMaxSessions(maxSessions);
        if (maxConcurrent != null) c = c.withMaxConcurrentRequests(maxConcurrent);
        if (maxPerMinute != null) c = c.withMaxRequestsPerMinute(maxPerMinute);
        if (maxQueue != null || maxQueueWaitMs != null) {
            c = c.withQueue(maxQueue != null ? maxQueue : c.maxQueueLength(), maxQueueWaitMs != null ? Duration.ofMillis(maxQueueWaitMs) : c.maxQueueWait());
        }
        if (latencyMs != null) c = c.withLatencyMs(latencyMs);
        if (faultSeed != null) c = c.withFaultSeed(faultSeed);
        if (hangMs != null) c = c.withHangMs(hangMs);
        if (releaseDurationMs != null) c = c.withReleaseDurationMs(releaseDurationMs);
        if (approvalRequired != null) c = c.withApprovalRequired(approvalRequired);
        if (idleSeconds != null) c = c.withSessionIdleTimeout(Duration.ofSeconds(idleSeconds));
        if (tokenSeconds != null) c = c.withTokenLifetime(Duration.ofSeconds(tokenSeconds));
        if (validate != null) c = c.withValidateContract(validate);
        if (strict != null) c = c.withStrictContract(strict);
        return c;
    }

    @Override
    public Integer call() throws Exception {
        AcumaticaEmulator emu = AcumaticaEmulator.start(toConfig());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            emu.close();
            stopped.countDown();
        }));
        System.out.println("Acumatica emulator listening on " + emu.baseUrl() + " (entity endpoints " + emu.entityBaseUrl() + "/ and "
                + emu.entityBaseUrl("23.200.001") + "/; pages: sign in as " + emu.config().userName() + ", tenant " + emu.config().tenant() + ")"
                + (emu.config().admin() ? ", admin at " + emu.baseUrl() + "/emulator/admin" : ""));
        stopped.await();
        return 0;
    }

    public static void main(String[] args) {
        int rc = new CommandLine(new AcumaticaEmulatorMain()).execute(args);
        if (rc != 0) System.exit(rc);
    }
}
