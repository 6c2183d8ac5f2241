package io.loomkit.jcstress.pool;

import io.loomkit.pool.Pool;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Runs a pool's GC sweep (what the Cleaner thread runs after a collection) from an actor: the pool's
 * package-private {@code releaseIdle(int)}, reached through a private lookup (jcstress runs on the class
 * path, where that is allowed), because waiting for real GC cycles inside an actor would make the races
 * too rare to observe.
 */
final class PoolSweep {
    private static final MethodHandle RELEASE_IDLE;
    private static final MethodHandle EPOCH;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(Pool.class, MethodHandles.lookup());
            RELEASE_IDLE = lookup.findVirtual(Pool.class, "releaseIdle", MethodType.methodType(void.class, int.class));
            EPOCH = lookup.findStatic(lookup.findClass("io.loomkit.pool.GcTicker"), "epoch",
                    MethodType.methodType(int.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private PoolSweep() {}

    /** The epoch two GC cycles from now: a sweep for it releases everything idle now. */
    static int twoCyclesAhead() {
        try {
            return (int) EPOCH.invokeExact() + 2;
        } catch (Throwable e) {
            throw new AssertionError(e);
        }
    }

    /** Runs {@code pool}'s sweep as the ticker would for {@code epoch}. */
    static void sweep(Pool<?> pool, int epoch) {
        try {
            RELEASE_IDLE.invokeExact(pool, epoch);
        } catch (Throwable e) {
            throw new AssertionError(e);
        }
    }
}
