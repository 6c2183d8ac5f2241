package io.loomkit.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.ref.WeakReference;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class GcReleaseTest {
    private static final long TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(20);

    /** Puts a fresh object into the pool and returns only a weak reference to it. */
    private static WeakReference<byte[]> putOne(Pool<byte[]> pool) {
        byte[] buffer = pool.get();
        pool.put(buffer);
        return new WeakReference<>(buffer);
    }

    /** Runs collections until {@code epochs} GC cycles have been seen, bounded in time. */
    private static void awaitEpochs(int epochs) throws InterruptedException {
        int start = GcTicker.epoch();
        long deadline = System.nanoTime() + TIMEOUT_NANOS;
        while (GcTicker.epoch() - start < epochs) {
            assertTrue(System.nanoTime() < deadline, "no GC cycle detected in time");
            System.gc();
            Thread.sleep(10);
        }
    }

    @Test
    void idleObjectUnusedAcrossGcCyclesBecomesUnreachable() throws InterruptedException {
        Pool<byte[]> pool = Pool.of(() -> new byte[4096], b -> {});
        WeakReference<byte[]> ref = putOne(pool);
        awaitUnreachable(ref, pool);
        assertEquals(0, pool.stats().idle());
        assertEquals(1, pool.stats().releasedByGc());
    }

    @Test
    void objectHandedOutAndDroppedIsNotPinnedByTheCellItsThreadReserved() throws InterruptedException {
        Pool<byte[]> pool = Pool.builder(() -> new byte[4096], (byte[] b) -> {})
                .stripes(1).maxIdlePerStripe(1).releaseIdleOnGc(false).build();
        WeakReference<byte[]> ref = putOne(pool);
        assertSame(ref.get(), pool.get(), "the get reserves the cell for this (live) thread");
        // The holder drops the object without putting it back; the pool must not keep it reachable.
        awaitUnreachable(ref, pool);
        assertEquals(0, pool.stats().idle());
    }

    private static void awaitUnreachable(WeakReference<byte[]> ref, Pool<byte[]> pool) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT_NANOS;
        while (ref.get() != null) {
            assertTrue(System.nanoTime() < deadline, "object still reachable: " + pool.stats());
            System.gc();
            Thread.sleep(10);
        }
        assertNull(ref.get());
    }

    @Test
    void objectUsedBetweenCyclesSurvivesOneCycle() throws InterruptedException {
        Pool<byte[]> pool = Pool.builder(() -> new byte[16], (byte[] b) -> {}).stripes(1).build();
        byte[] buffer = pool.get();
        pool.put(buffer);
        awaitEpochs(1);
        // Seen idle at one cycle: a victim now, but still there; taking and putting it back renews it.
        byte[] again = pool.get();
        assertSame(buffer, again);
        pool.put(again);
        awaitEpochs(1);
        assertSame(buffer, pool.get(), "put after the previous cycle, so it survives this one");
    }

    @Test
    void withReleaseOffIdleObjectsSurviveGcCycles() throws InterruptedException {
        Pool<byte[]> pool = Pool.builder(() -> new byte[16], (byte[] b) -> {}).releaseIdleOnGc(false).build();
        WeakReference<byte[]> ref = putOne(pool);
        awaitEpochs(3);
        assertEquals(1, pool.stats().idle());
        assertSame(ref.get(), pool.get());
        assertEquals(0, pool.stats().releasedByGc());
    }

    @Test
    void anUnreferencedPoolIsCollectedWithItsIdleObjects() throws InterruptedException {
        WeakReference<Pool<byte[]>> poolRef = unreferencedPool();
        long deadline = System.nanoTime() + TIMEOUT_NANOS;
        while (poolRef.get() != null) {
            assertTrue(System.nanoTime() < deadline, "the GC ticker pins the pool");
            System.gc();
            Thread.sleep(10);
        }
    }

    private static WeakReference<Pool<byte[]>> unreferencedPool() {
        Pool<byte[]> pool = Pool.of(() -> new byte[16], b -> {});
        putOne(pool);
        return new WeakReference<>(pool);
    }
}
