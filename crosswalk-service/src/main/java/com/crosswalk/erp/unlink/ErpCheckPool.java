package com.crosswalk.erp.unlink;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Bounded concurrency for the many ERP questions of a bulk unlink: at most
 * {@code crosswalk.unlink.concurrency} (default 4) at once across the instance, below the ERP's concurrent-request
 * limit; the ERP client throttles further. Results come back in the order asked.
 */
@Component
class ErpCheckPool implements DisposableBean {

    private final ExecutorService executor;

    ErpCheckPool(@Value("${crosswalk.unlink.concurrency:4}") int concurrency) {
        AtomicInteger n = new AtomicInteger();
        this.executor = Executors.newFixedThreadPool(Math.max(1, concurrency), r -> {
            Thread t = new Thread(r, "erp-check-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    <T, R> List<R> map(List<T> items, Function<T, R> work) {
        List<Future<R>> futures = new ArrayList<>(items.size());
        for (T item : items) {
            futures.add(executor.submit(() -> work.apply(item)));
        }
        List<R> results = new ArrayList<>(items.size());
        for (Future<R> f : futures) {
            try {
                results.add(f.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                futures.forEach(x -> x.cancel(true));
                throw new IllegalStateException("Interrupted", e);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException re) {
                    throw re;
                }
                throw new IllegalStateException(e.getCause());
            }
        }
        return results;
    }

    @Override
    public void destroy() {
        executor.shutdownNow();
    }
}
