package vn.haiphong.indicators.graph;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The night's driver threads: one fixed pool for everything a night does side by side (the ingest's kinds, then the
 * runner's tables). Spark runs the jobs of several driver threads at once; a small table's time is mostly driver work
 * and a Delta commit, which overlap. Threads are daemons, so a pool left open never keeps the JVM alive.
 */
public final class Workers implements AutoCloseable {
    private static final AtomicInteger THREADS = new AtomicInteger();
    private final ExecutorService pool;
    private final int size;

    /** @param size how many pieces of work run at once (at least 1) */
    public Workers(int size) {
        this.size = Math.max(1, size);
        this.pool = Executors.newFixedThreadPool(this.size, r -> {
            Thread th = new Thread(r, "night-worker-" + THREADS.incrementAndGet());
            th.setDaemon(true);
            return th;
        });
    }

    public int size() { return size; }

    /** For work chained by its inputs ({@link java.util.concurrent.CompletableFuture}s). */
    public Executor executor() { return pool; }

    /**
     * Runs {@code work} for each item on the pool and waits for all of them; the first failure is rethrown. Call it from
     * outside the pool: a worker waiting on its own pool could wait for ever.
     */
    public <T> void forEach(List<T> items, Consumer<T> work) {
        List<Future<?>> futures = new ArrayList<>();
        for (T item : items) futures.add(pool.submit(() -> work.accept(item)));
        try {
            for (Future<?> f : futures) f.get();
        } catch (ExecutionException e) {
            futures.forEach(f -> f.cancel(true));
            throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            futures.forEach(f -> f.cancel(true));
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
