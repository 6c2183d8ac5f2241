package io.loomkit.pool;

/**
 * Maps the calling thread to a stripe, after Striped64's thread probe: a hash of the thread's identity,
 * changed when the thread meets contention so that colliding threads spread out.
 *
 * <p>Virtual threads get a hash of their thread id and keep no state: a per-virtual-thread
 * ThreadLocal would grow with the number of threads, and a virtual thread's contention is transient
 * because it moves between carriers anyway. Platform threads are few and long-lived, so they cache their
 * probe in one ThreadLocal shared by all pools, and a contended platform thread moves to another stripe
 * for good.
 */
final class Probe {
    private static final ThreadLocal<int[]> PLATFORM =
            ThreadLocal.withInitial(() -> new int[] {mix(Thread.currentThread().threadId())});

    private Probe() {}

    /** The calling thread's current probe; only its low bits select a stripe. */
    static int current() {
        Thread t = Thread.currentThread();
        return t.isVirtual() ? mix(t.threadId()) : PLATFORM.get()[0];
    }

    /** Moves a contended platform thread to another probe; a no-op for virtual threads. */
    static void advance(int probe) {
        Thread t = Thread.currentThread();
        if (!t.isVirtual()) {
            // Marsaglia xorshift, as Striped64 rehashes its probe.
            int p = probe;
            p ^= p << 13;
            p ^= p >>> 17;
            p ^= p << 5;
            PLATFORM.get()[0] = p;
        }
    }

    /** Murmur3's 64-bit finalizer folded to 32 bits, so that nearby thread ids land far apart. */
    static int mix(long id) {
        long z = id;
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
        z ^= z >>> 33;
        int h = (int) (z ^ (z >>> 32));
        // Never 0, so that xorshift (which maps 0 to 0) can always move it.
        return h == 0 ? 1 : h;
    }
}
