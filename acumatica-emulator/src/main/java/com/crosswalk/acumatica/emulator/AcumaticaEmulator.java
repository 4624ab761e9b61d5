package com.crosswalk.acumatica.emulator;

import com.crosswalk.acumatica.emulator.auth.SessionManager;
import com.crosswalk.acumatica.emulator.contract.Swagger;
import com.crosswalk.acumatica.emulator.faults.Faults;
import com.crosswalk.acumatica.emulator.http.AdminHandler;
import com.crosswalk.acumatica.emulator.http.ApiHandler;
import com.crosswalk.acumatica.emulator.limits.Limits;
import com.crosswalk.acumatica.emulator.page.Pages;
import com.crosswalk.acumatica.emulator.store.DemoData;
import com.crosswalk.acumatica.emulator.store.SnapshotFile;
import com.crosswalk.acumatica.emulator.store.Store;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

/**
 * A running Acumatica emulator (contract-based REST API, endpoints Default/24.200.001 and Default/23.200.001 side by
 * side). Start with {@link #start(EmulatorConfig)}, stop with {@link #close()}.
 */
public final class AcumaticaEmulator implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(AcumaticaEmulator.class.getName());

    private final EmulatorConfig config;
    private final Store store = new Store();
    private final SessionManager sessions;
    private final Limits limits;
    private final Faults faults;
    private final Stats stats;
    private final List<String> violations = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService scheduler;
    private final ThreadPoolExecutor workers;
    private final SnapshotFile snapshot;
    private final com.crosswalk.acumatica.emulator.push.PushNotifications push;
    private HttpServer server;
    private ApiHandler api;
    private volatile boolean closed;

    private AcumaticaEmulator(EmulatorConfig config) {
        this.config = config;
        this.limits = new Limits(config.maxSessions(), config.maxConcurrentRequests(), config.maxRequestsPerMinute(),
                config.maxQueueLength(), config.maxQueueWait());
        this.sessions = new SessionManager(config.userName(), config.password(), config.tenant(), config.sessionIdleTimeout(),
                config.tokenLifetime(), limits::maxSessions);
        this.faults = new Faults(config.faultSeed(), config.latencyMs(), config.hangMs(), sessions);
        this.stats = new Stats(sessions, limits);
        this.scheduler = Executors.newSingleThreadScheduledExecutor(daemon("acumatica-emulator-scheduler"));
        this.workers = new ThreadPoolExecutor(config.threads(), config.threads(), 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                daemon("acumatica-emulator-http"));
        this.workers.allowCoreThreadTimeOut(true);
        store.setApprovalRequired(config.approvalRequired());
        this.snapshot = config.dataFile() == null ? null : new SnapshotFile(config.dataFile(), store, scheduler);
        this.push = new com.crosswalk.acumatica.emulator.push.PushNotifications(store, config.tenant());
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** Starts an emulator; returns once it is listening. */
    public static AcumaticaEmulator start(EmulatorConfig config) {
        AcumaticaEmulator e = new AcumaticaEmulator(config);
        e.open();
        return e;
    }

    private void open() {
        boolean loaded = snapshot != null && snapshot.load();
        if (!loaded && config.demo() && store.isEmpty()) DemoData.seed(store);
        if (snapshot != null) {
            store.setChangeListener(snapshot::markDirty);
            if (!loaded) snapshot.markDirty();
        }
        // The JDK server writes headers and body separately; without TCP_NODELAY, Nagle + delayed ACK cost ~40 ms per
        // request. Read once by sun.net.httpserver.ServerConfig, so set it before the first HttpServer in this JVM.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) System.setProperty("sun.net.httpserver.nodelay", "true");
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getByName(config.bindAddress()), config.port()), 200);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot listen on " + config.bindAddress() + ":" + config.port(), e);
        }
        server.setExecutor(workers);
        api = new ApiHandler(this, new Pages(this), new AdminHandler(this));
        server.createContext("/", api);
        server.start();
        LOG.fine(() -> "Acumatica emulator listening on " + baseUrl());
    }

    public int port() { return server.getAddress().getPort(); }

    /**
     * "http://localhost:PORT" without a trailing slash (listening on loopback or on every address), else
     * "http://ADDRESS:PORT".
     */
    public String baseUrl() {
        InetAddress a = server.getAddress().getAddress();
        String host = a.isLoopbackAddress() || a.isAnyLocalAddress() ? "localhost"
                : a instanceof Inet6Address ? "[" + a.getHostAddress() + "]" : a.getHostAddress();
        return "http://" + host + ":" + port();
    }

    /** The address the emulator listens on. */
    public InetSocketAddress address() { return server.getAddress(); }

    /** baseUrl + "/entity/Default/24.200.001". */
    public String entityBaseUrl() { return baseUrl() + Store.ENTITY_BASE; }

    /** baseUrl + "/entity/Default/{version}" for a served version (23.200.001, 24.200.001). */
    public String entityBaseUrl(String version) {
        if (!Swagger.VERSIONS.contains(version)) throw new IllegalArgumentException("Not served: Default/" + version);
        return baseUrl() + "/entity/" + Swagger.ENDPOINT_NAME + "/" + version;
    }

    public EmulatorConfig config() { return config; }

    public Limits limits() { return limits; }

    public Faults faults() { return faults; }

    public Store store() { return store; }

    public Stats stats() { return stats; }

    /** Push notifications (SM302000): definitions sent to webhooks when their query's results change. */
    public com.crosswalk.acumatica.emulator.push.PushNotifications push() { return push; }

    public SessionManager sessions() { return sessions; }

    /** Every contract violation seen (requests accepted and responses sent), when validateContract is on. */
    public List<String> contractViolations() { return List.copyOf(violations); }

    public void clearContractViolations() { violations.clear(); }

    /** Internal: records a violation (and logs it). */
    public void recordViolation(String v) {
        violations.add(v);
        LOG.warning(() -> "Contract violation: " + v);
    }

    /** Internal: the scheduler used for long-running operations and snapshot writes. */
    public ScheduledExecutorService scheduler() { return scheduler; }

    /**
     * Ends the long-running operations (202 releases) now rather than after {@code releaseDurationMs}: for tests that
     * look at the ERP during a release and then after it, without waiting on the clock.
     */
    public void finishLongOperationsNow() { api.finishLongOperationsNow(); }

    /** Whether a long-running operation (a 202 release) is running. */
    public boolean longOperationRunning() { return api.longOperationRunning(); }

    /** Empties the store (and re-seeds the demo data if {@code demo}). */
    public void reset(boolean demo) {
        store.clear();
        if (demo) DemoData.seed(store);
    }

    public void stop() { close(); }

    /**
     * Stops without writing the data file: for an emulator started ahead of a service start that then failed (e.g.
     * its home in use by another service, whose own emulator owns the file).
     */
    public synchronized void closeWithoutSaving() {
        closeWithoutSaving = true;
        close();
    }

    private boolean closeWithoutSaving;

    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        server.stop(0);
        scheduler.shutdownNow();
        workers.shutdownNow();
        push.close();
        if (snapshot != null && !closeWithoutSaving) {
            try {
                snapshot.write();
            } catch (IOException e) {
                LOG.warning("Cannot write the data file: " + e);
            }
        }
    }
}
