package io.loomkit.pool;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/** A pooled object that knows whether somebody holds it, to catch an object handed to two holders. */
final class Item {
    static final AtomicInteger MADE = new AtomicInteger();

    final int id = MADE.incrementAndGet();
    final AtomicBoolean inUse = new AtomicBoolean();
    int dirt;
    int resets;

    void reset() {
        dirt = 0;
        resets++;
    }

    /** Marks the item held; fails the caller if another holder has it. */
    void acquire() {
        if (!inUse.compareAndSet(false, true)) {
            throw new AssertionError("item " + id + " handed to two holders at once");
        }
    }

    void release() {
        if (!inUse.compareAndSet(true, false)) {
            throw new AssertionError("item " + id + " released while not held");
        }
    }
}
