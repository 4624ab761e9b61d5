package com.crosswalk.shared;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.event.ApplicationFailedEvent;
import org.springframework.boot.context.event.ApplicationPreparedEvent;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.event.SpringApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.Environment;

/**
 * Something slow a start needs — a process, a server — begun on its own thread as soon as the configuration is known,
 * while Spring builds the context on the main thread, and handed to the bean that needs it ({@link #take}). On two
 * cores the demo's context takes ~3 s to build before its first bean wants the database; without a head start that
 * time and PostgreSQL's initdb and start-up are spent one after the other.
 *
 * <p>Registered by {@code CrosswalkApplication.main} only: tests and administration commands start the same things
 * in their beans, as before. What was started ahead and not taken (the context failed, or took another
 * configuration) is closed.
 *
 * @param <K> what the thing is started for (compared with what the bean asks for)
 * @param <T> the thing
 */
public abstract class HeadStart<K, T extends AutoCloseable> implements ApplicationListener<SpringApplicationEvent> {

    private static final Logger log = LoggerFactory.getLogger(HeadStart.class);

    private final AtomicBoolean taken = new AtomicBoolean();
    private volatile K startedFor;
    private volatile CompletableFuture<T> started;

    /** What to start for this configuration, or null when this run does not need it. */
    protected abstract K wanted(Environment environment);

    /** Starts it (on the head start's thread). */
    protected abstract T start(K key) throws Exception;

    /** Stops what was started ahead and not taken. */
    protected void discard(T thing) throws Exception {
        thing.close();
    }

    @Override
    public void onApplicationEvent(SpringApplicationEvent event) {
        if (event instanceof ApplicationEnvironmentPreparedEvent prepared) {
            begin(prepared.getEnvironment());
        } else if (event instanceof ApplicationPreparedEvent prepared) {
            // the beans find it by type; a context without it (tests) starts the thing in the bean
            prepared.getApplicationContext().getBeanFactory()
                    .registerSingleton(getClass().getName(), this);
        } else if (event instanceof ApplicationReadyEvent || event instanceof ApplicationFailedEvent) {
            discardUnlessTaken();
        }
    }

    private void begin(Environment environment) {
        if (Boolean.getBoolean("spring.aot.processing")) {
            return; // the build's ahead-of-time processing runs main() to read the bean definitions: start nothing
        }
        K key = wanted(environment);
        if (key == null) {
            return;
        }
        CompletableFuture<T> future = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                future.complete(start(key));
            } catch (Throwable e) {
                future.completeExceptionally(e);
            }
        }, "head-start-" + getClass().getSimpleName());
        thread.setDaemon(true);
        startedFor = key;
        started = future;
        thread.start();
    }

    /**
     * The thing started ahead for {@code key} (waiting for it to be ready), or {@code otherwise}'s when nothing was
     * started ahead for that key. A failure of the head start is thrown here, as the bean's own start would throw it.
     */
    public T take(K key, Callable<T> otherwise) throws Exception {
        CompletableFuture<T> future = started;
        if (future == null || !key.equals(startedFor) || !taken.compareAndSet(false, true)) {
            return otherwise.call();
        }
        try {
            return future.join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception ex) {
                throw ex;
            }
            throw (Error) cause;
        }
    }

    private void discardUnlessTaken() {
        CompletableFuture<T> future = started;
        if (future == null || !taken.compareAndSet(false, true)) {
            return;
        }
        future.whenComplete((thing, failure) -> {
            if (thing != null) {
                try {
                    discard(thing);
                } catch (Exception e) {
                    log.warn("Closing {} started ahead and not used failed: {}", thing, e.toString());
                }
            }
        });
    }
}
