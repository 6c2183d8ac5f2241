package io.loomkit.map;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/*
 * An exact, linearizable size that lock-free readers can take without blocking a writer.
 *
 * The size and the slot store that changes it are two separate stores, so a plain counter would let a
 * reader see "size 1" while get(k) still misses (or the reverse). A sequence lock (Boehm, "Can seqlocks
 * get along with programming language memory models?", MSPC 2012) makes the pair look atomic:
 *
 *   writer (holds the map's lock):  version = odd (opaque); releaseFence; size = s (opaque);
 *                                   <slot store, release>; version = even (release)
 *   reader:                         v1 = version (acquire); s = size (opaque); acquireFence;
 *                                   v2 = version (opaque); accept s iff v1 == v2 and v1 is even
 *
 * The release store of the even version pairs with the reader's acquire load of v1, so a reader that
 * accepts s also sees the slot store made in the same step. A reader that keeps failing (a writer was
 * descheduled inside its two-store window) falls back to the writers' lock instead of spinning forever.
 */
final class SizeSeqLock {
    private static final VarHandle VERSION;
    private static final VarHandle SIZE;
    private static final int SPINS_BEFORE_LOCKING = 64;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            VERSION = lookup.findVarHandle(SizeSeqLock.class, "version", long.class);
            SIZE = lookup.findVarHandle(SizeSeqLock.class, "size", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private long version;
    private int size;

    /** Writer only, under the lock: the size as of the last completed change. */
    int sizePlain() {
        return size;
    }

    /** Writer only, under the lock: opens the window in which the size and one slot change together. */
    void beginChange(int newSize) {
        VERSION.setOpaque(this, version + 1);
        VarHandle.releaseFence();
        SIZE.setOpaque(this, newSize);
    }

    /** Writer only: closes the window opened by {@link #beginChange}; publishes both stores. */
    void endChange() {
        VERSION.setRelease(this, version + 1);
    }

    /** Writer only, under the lock, for bulk changes (rebuilds, clear) that publish a new table. */
    void setWhileLocked(int newSize) {
        beginChange(newSize);
        endChange();
    }

    /** Any thread: the exact size at one point between the call and its return. */
    int size(WriterLock writers) {
        for (int spins = 0; spins < SPINS_BEFORE_LOCKING; spins++) {
            long before = (long) VERSION.getAcquire(this);
            if ((before & 1) == 0) {
                int s = (int) SIZE.getOpaque(this);
                VarHandle.acquireFence();
                if ((long) VERSION.getOpaque(this) == before) {
                    return s;
                }
            }
            Thread.onSpinWait();
        }
        writers.lock();
        try {
            return size;
        } finally {
            writers.unlock();
        }
    }
}
