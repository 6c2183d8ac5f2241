package io.loomkit.pool;

import java.lang.ref.Cleaner;
import java.lang.ref.WeakReference;
import java.util.Iterator;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Counts garbage-collection cycles without finalizers and tells registered pools about each one.
 *
 * <p>A fresh {@code Object} is registered with a {@link Cleaner} and dropped at once: the next
 * collection that reaches it (normally the next young collection) makes it phantom reachable, and the
 * Cleaner's daemon thread runs {@link #tick()}, which arms a new sentinel, advances the epoch and asks
 * every live pool to release idle objects stamped two or more epochs ago. Pools are held through weak
 * references, so an unused pool is collected with its idle objects; cleared references are pruned on
 * the next tick.
 *
 * <p>Memory consistency effects: {@code epoch} is volatile with a single writer, the Cleaner thread;
 * a put that reads epoch {@code e} stamps its cell with {@code e} or an older value, never a newer one.
 */
final class GcTicker {
    private static final Cleaner CLEANER = Cleaner.create();
    private static final ConcurrentLinkedQueue<WeakReference<Pool<?>>> POOLS = new ConcurrentLinkedQueue<>();
    private static volatile int epoch;

    static {
        arm();
    }

    private GcTicker() {}

    /** The number of collection cycles seen so far (wraps around; compare by subtraction). */
    static int epoch() {
        return epoch;
    }

    static void register(Pool<?> pool) {
        POOLS.add(new WeakReference<>(pool));
    }

    private static void arm() {
        CLEANER.register(new Object(), GcTicker::tick);
    }

    private static void tick() {
        // Arm first: a sweep that fails must not stop GC detection for every other pool.
        arm();
        int e = epoch + 1;
        epoch = e;
        for (Iterator<WeakReference<Pool<?>>> it = POOLS.iterator(); it.hasNext(); ) {
            Pool<?> pool = it.next().get();
            if (pool == null) {
                it.remove();
            } else {
                pool.releaseIdle(e);
            }
        }
    }
}
