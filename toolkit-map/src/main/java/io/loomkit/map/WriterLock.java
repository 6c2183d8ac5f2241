package io.loomkit.map;

import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The lock that serializes a map's writers (readers never take it), plus the guard that turns a write
 * from inside a user's compute function into an {@link IllegalStateException} instead of a corrupted
 * table: the function runs while its caller is half-way through an update.
 *
 * <p>A ReentrantLock, not {@code synchronized}, so a virtual thread waiting for it unmounts.
 */
final class WriterLock extends ReentrantLock {
    private static final long serialVersionUID = 1L;

    /** True while the holder runs a user function; only the holder ever reads it as true. */
    private transient boolean computing;

    WriterLock() {}

    /** Locks for a write, refusing a write made from inside this map's own compute function. */
    void lockForWrite() {
        lock();
        if (computing) {
            unlock();
            throw new IllegalStateException("Recursive update: a compute function must not change this map");
        }
    }

    /** Holder only: runs a user function, marking the map as mid-update while it runs. */
    <T> T callFunction(Supplier<T> function) {
        computing = true;
        try {
            return function.get();
        } finally {
            computing = false;
        }
    }
}
