package io.loomkit.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class PoolConcurrencyTest {

    /** One holder's turn: take, check exclusive use and a clean state, dirty it, maybe park, give back. */
    private static void use(Pool<Item> pool, boolean park) {
        Item item = pool.get();
        item.acquire();
        if (item.dirt != 0) {
            throw new AssertionError("item " + item.id + " handed out without reset");
        }
        item.dirt = 1;
        if (park) {
            Thread.yield();
        }
        item.release();
        pool.put(item);
    }

    private static void hammer(ExecutorService executor, int tasks, int opsPerTask, Pool<Item> pool, int bound)
            throws Exception {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicBoolean done = new AtomicBoolean();
        AtomicInteger maxIdle = new AtomicInteger();
        Thread watcher = Thread.ofPlatform().start(() -> {
            while (!done.get()) {
                maxIdle.accumulateAndGet(pool.idleCount(), Math::max);
            }
        });
        try (executor) {
            for (int t = 0; t < tasks; t++) {
                int seed = t;
                executor.execute(() -> {
                    try {
                        for (int i = 0; i < opsPerTask; i++) {
                            use(pool, ((seed + i) & 7) == 0);
                        }
                    } catch (Throwable e) {
                        failure.compareAndSet(null, e);
                    }
                });
            }
        }
        done.set(true);
        watcher.join();
        if (failure.get() != null) {
            throw new AssertionError(failure.get());
        }
        PoolStats stats = pool.stats();
        assertTrue(maxIdle.get() <= bound, "idle peaked at " + maxIdle.get() + " > " + bound);
        assertTrue(stats.idle() <= bound, stats.toString());
        assertEquals((long) tasks * opsPerTask, stats.created() + stats.reused(), stats.toString());
        // Every object made is either idle now, or was dropped: none is lost or counted twice.
        assertEquals(stats.created(), stats.idle() + stats.droppedOnFull() + stats.releasedByGc(), stats.toString());
    }

    @Test
    void hundredThousandVirtualThreadsNeverShareAnObjectAndNeverExceedTheBound() throws Exception {
        Pool<Item> pool = Pool.builder(Item::new, Item::reset).maxIdlePerStripe(4).build();
        hammer(Executors.newVirtualThreadPerTaskExecutor(), 100_000, 1, pool, pool.stripeCount() * 4);
    }

    @Test
    void virtualThreadsThatParkWhileHoldingNeverShareAnObject() throws Exception {
        Pool<Item> pool = Pool.builder(Item::new, Item::reset).stripes(2).maxIdlePerStripe(2).build();
        hammer(Executors.newVirtualThreadPerTaskExecutor(), 1_000, 200, pool, 4);
    }

    @Test
    void platformThreadsOnFewStripesNeverShareAnObjectAndNeverExceedTheBound() throws Exception {
        Pool<Item> pool = Pool.builder(Item::new, Item::reset).stripes(1).maxIdlePerStripe(3).build();
        hammer(Executors.newFixedThreadPool(4), 4, 50_000, pool, 3);
    }
}
