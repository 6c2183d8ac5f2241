package io.loomkit.pool;

/*
 * Invariant: `object` is the leased object until the first close, then null forever. The fields are
 * plain, not atomic (ADR 0036): a lease belongs to the thread that holds it, like the object itself,
 * and plain fields let escape analysis remove the Lease of a try-with-resources block altogether
 * (0 bytes per lease()+close(), measured with -prof gc), which a VarHandle getAndSet prevented.
 */

/**
 * A pooled object held for the length of a try-with-resources block: {@link #close()} puts it back into
 * its {@link Pool} on the first call; later calls do nothing.
 *
 * <pre>{@code
 * try (Lease<StringBuilder> lease = pool.lease()) {
 *     lease.get().append("...");
 * }
 * }</pre>
 *
 * <p>Thread roles: a lease belongs to its holder, like the object it holds: one thread at a time uses
 * it (it may be handed to another thread with a happens-before edge, as any object). Closing one lease
 * from two threads at once is a misuse, like putting one object back twice.
 *
 * <p>Memory consistency effects: actions of the thread that closes a lease, before {@code close()},
 * happen-before the actions of the thread that next obtains the same object from the pool.
 *
 * @param <T> the type of the leased object
 */
public final class Lease<T> implements AutoCloseable {
    private final Pool<T> pool;
    /** The leased object until the first close, then null. */
    private T object;

    Lease(Pool<T> pool, T object) {
        this.pool = pool;
        this.object = object;
    }

    /**
     * Returns the leased object.
     *
     * @return the object, which the caller must not use after closing this lease
     * @throws IllegalStateException if this lease was closed
     */
    public T get() {
        T t = object;
        if (t == null) {
            throw new IllegalStateException("lease already closed");
        }
        return t;
    }

    /**
     * Puts the object back into the pool (which resets it) on the first call; later calls do nothing.
     *
     * @throws RuntimeException whatever the pool's reset hook or retainIf predicate threw; the object is
     *     then dropped and the lease is closed all the same
     */
    @Override
    public void close() {
        T t = object;
        if (t != null) {
            object = null;
            pool.put(t);
        }
    }
}
