package io.loomkit.pool;

/**
 * Maps a thread to its home cell (and so its stripe): a hash of its thread id, fixed for the thread's life.
 *
 * <p>No thread keeps any state: a per-virtual-thread ThreadLocal would grow with the number of threads,
 * and since a get leaves a reservation in the cell it took from (ADR 0036) that thread's next put must
 * find its start cell again, which a probe moved on contention (Striped64 style, ADR 0012) would break.
 * Threads that collide on a start cell spread by scanning: a cell reserved by one is skipped by the
 * other. Dropping the platform threads' cached probe also saved a ThreadLocal lookup per get and per put.
 */
final class Probe {

    private Probe() {}

    /**
     * The probe of the thread with id {@code id}: Fibonacci hashing, the high half of one multiply by
     * 2^64 / phi, so that nearby thread ids land far apart. It is computed on every get and put, on the
     * critical path to the cell, so it must be short: Murmur3's finalizer (two multiplies in a chain)
     * cost about 1 ns per get+put (ADR 0036). The pool scales it to a home cell with one more multiply.
     */
    static int mix(long id) {
        return (int) ((id * 0x9E3779B97F4A7C15L) >>> 32);
    }
}
