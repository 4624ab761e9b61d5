package com.crosswalk.erp.connection;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The service instances running on this database, so that they share each company's ERP licence limits instead of
 * each taking all of them (#9: an Acumatica licence caps API users, concurrent requests and requests per minute for
 * the whole tenant, whatever number of processes send them).
 *
 * <p>Each instance has a row in {@code service_instance} and beats every
 * {@code crosswalk.instances.heartbeat-interval} (default 5 s); an instance whose last beat is older than
 * {@code crosswalk.instances.missed-heartbeats} (default 3) intervals, by the database's clock, no longer counts. The
 * row is removed on clean shutdown, so the others take over its share at their next beat; after a crash, within
 * about 3 beats — at once when it ran on this host and its process is gone (#13: a service killed and started again
 * at once takes the whole share, and {@link LeftoverErpSessions} signs the dead one's ERP sessions out right away). Live instances are ordered by start time, which decides who gets the rounded-up part of a limit
 * ({@link #share}).
 *
 * <p>Why this and not a PostgreSQL permit store (a row or advisory lock per request): a database round trip per ERP
 * request, and sessions are not requests. A share per instance keeps the ERP client as it is (its own rate limiter,
 * bulkhead and session pool, now given the share) and costs one statement per beat. Its price: an idle instance's
 * share is not lent to a busy one, and for a few seconds after an instance starts or dies the sum can be off by one
 * share (a new instance counts itself at once, the others at their next beat; a dead one is counted ~3 beats).
 *
 * <p>CLI runs ({@code crosswalk.command} set) do not register (they would shrink the servers' shares for a moment
 * and leave a row when killed); their connectors count themselves as one more instance.
 */
@Component
public class ServiceInstances implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ServiceInstances.class);

    /** The live instances as of the last beat, and this one's place among them (-1: not registered). */
    public record Snapshot(int live, int rank) {
    }

    private static final String HOST = host();
    private static final OffsetDateTime PROCESS_STARTED_AT = ProcessHandle.current().info().startInstant()
            .map(i -> i.atOffset(ZoneOffset.UTC)).orElse(null);

    /** A row of service_instance as the beat reads it. */
    private record Row(UUID id, String host, Long pid, OffsetDateTime processStartedAt) {

        /**
         * Ran on this host and its process is gone (or its pid now belongs to a later process): dead now, without
         * waiting for its missed beats — a service killed and started again at once is not counted twice.
         */
        boolean processGone() {
            if (pid == null || !HOST.equals(host)) {
                return false;
            }
            Optional<ProcessHandle> process = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
            if (process.isEmpty()) {
                return true;
            }
            return processStartedAt != null && process.get().info().startInstant()
                    .map(i -> Math.abs(Duration.between(i, processStartedAt.toInstant()).toMillis()) > 2_000)
                    .orElse(false);
        }
    }

    private final JdbcClient jdbc;
    private final UUID id = UUID.randomUUID();
    private final Duration interval;
    private final int missedBeats;
    private final boolean register;
    private final ScheduledExecutorService timer;
    private volatile Snapshot snapshot;
    private volatile Set<UUID> liveIds = Set.of();
    private volatile boolean closed;
    /** One beat at a time; never taken by {@link #destroy()}, which must not wait for a beat stuck on the database. */
    private final Object beatLock = new Object();

    @Autowired
    ServiceInstances(JdbcClient jdbc, Environment env) {
        this(jdbc, env.getProperty("crosswalk.instances.heartbeat-interval", Duration.class, Duration.ofSeconds(5)),
                env.getProperty("crosswalk.instances.missed-heartbeats", Integer.class, 3),
                env.getProperty("crosswalk.command", "").isBlank());
    }

    /** An instance registry; {@code register} false: counts the others only (a CLI run). Starts beating at once. */
    public ServiceInstances(JdbcClient jdbc, Duration interval, int missedBeats, boolean register) {
        this.jdbc = jdbc;
        this.interval = interval;
        this.missedBeats = Math.max(1, missedBeats);
        this.register = register;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "service-instance-heartbeat");
            t.setDaemon(true);
            return t;
        });
        long ms = Math.max(1, interval.toMillis());
        timer.scheduleWithFixedDelay(this::beatQuietly, ms, ms, TimeUnit.MILLISECONDS);
    }

    public UUID id() {
        return id;
    }

    /** Whether this registry (a server, not a CLI run) registers itself as an instance. */
    public boolean registers() {
        return register;
    }

    /** The live instances' ids as of the last beat (this one's included once registered). */
    public Set<UUID> liveIds() {
        return liveIds;
    }

    /** The live instances as of the last beat (beats now if there was none yet). */
    public Snapshot snapshot() {
        Snapshot s = snapshot;
        if (s == null) {
            synchronized (beatLock) {
                if (snapshot == null) {
                    try {
                        beatLocked();
                    } catch (RuntimeException e) {
                        log.warn("Service instance heartbeat failed: {}", e.getMessage());
                    }
                }
                s = snapshot;
            }
            if (s == null) { // database not reachable: alone until the next beat says otherwise
                return register ? new Snapshot(1, 0) : new Snapshot(1, -1);
            }
        }
        return s;
    }

    /**
     * One beat: (re)writes this instance's heartbeat (re-inserting the row if another instance removed it as dead),
     * removes rows dead for 10 intervals, and reads the live instances.
     */
    public Snapshot beat() {
        synchronized (beatLock) {
            return beatLocked();
        }
    }

    private Snapshot beatLocked() {
        if (closed) {
            return snapshot;
        }
        if (register) {
            jdbc.sql("""
                    insert into service_instance (id, host, pid, process_started_at)
                    values (:id, :host, :pid, :processStartedAt)
                    on conflict (id) do update set heartbeat_at = now()""")
                    .param("id", id).param("host", HOST).param("pid", ProcessHandle.current().pid())
                    .param("processStartedAt", PROCESS_STARTED_AT).update();
        }
        long deadMs = interval.toMillis() * missedBeats;
        jdbc.sql("delete from service_instance where heartbeat_at < now() - make_interval(secs => :s)")
                .param("s", Math.max(deadMs * 10, 60_000) / 1000.0).update();
        List<UUID> live = jdbc.sql("""
                select id, host, pid, process_started_at from service_instance
                where heartbeat_at > now() - make_interval(secs => :s)
                order by started_at, id""")
                .param("s", deadMs / 1000.0)
                .query((rs, n) -> new Row(rs.getObject("id", UUID.class), rs.getString("host"),
                        (Long) rs.getObject("pid"), rs.getObject("process_started_at", OffsetDateTime.class)))
                .list().stream().filter(r -> r.id().equals(id) || !r.processGone()).map(Row::id).toList();
        liveIds = Set.copyOf(live);
        int rank = live.indexOf(id);
        Snapshot fresh = register ? new Snapshot(Math.max(1, live.size()), Math.max(0, rank))
                : new Snapshot(live.size() + 1, -1);
        Snapshot old = snapshot;
        if (old != null && old.live() != fresh.live()) {
            log.info("Live service instances: {} (was {}): the ERP limits are shared anew", fresh.live(), old.live());
        }
        snapshot = fresh;
        return fresh;
    }

    private void beatQuietly() {
        try {
            beat();
        } catch (RuntimeException e) {
            // the last snapshot stays; after missed beats the others stop counting this instance
            log.warn("Service instance heartbeat failed: {}", e.getMessage());
        }
    }

    /**
     * This instance's part of a limit shared by {@code live} instances, {@code rank} being its place among them: the
     * first {@code limit % live} instances get {@code ceil(limit / live)}, the others {@code floor(limit / live)},
     * so the parts add up to the limit; at least 1 (with more instances than the limit, the sum exceeds it). A limit
     * of 0 or less (unlimited) stays as it is.
     */
    public static int share(int limit, int live, int rank) {
        if (limit <= 0 || live <= 1) {
            return limit;
        }
        int part = limit / live + (Math.max(rank, 0) < limit % live ? 1 : 0);
        return Math.max(1, part);
    }

    /** Stops beating without removing the row (for tests: what a frozen or killed instance looks like). */
    void stopBeating() {
        timer.shutdownNow();
    }

    /** Stops beating and removes this instance's row (clean shutdown). */
    @Override
    public void destroy() {
        closed = true;
        timer.shutdownNow();
        try { // a beat in progress could re-insert the row after the delete
            timer.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (register) {
            // on a daemon thread, waited for at most 2 s: at JVM exit the database may already be going away, and a
            // connection request would hold the shutdown for the pool's whole connection timeout
            Thread remove = new Thread(() -> {
                try {
                    jdbc.sql("delete from service_instance where id = :id").param("id", id).update();
                } catch (RuntimeException e) {
                    log.warn("Could not remove this service instance's row (it stops counting after {} missed "
                            + "beats): {}", missedBeats, e.getMessage());
                }
            }, "service-instance-remove");
            remove.setDaemon(true);
            remove.start();
            try {
                remove.join(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static String host() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "crosswalk";
        }
    }
}
