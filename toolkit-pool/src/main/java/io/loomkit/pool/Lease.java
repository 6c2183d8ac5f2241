package io.loomkit.pool;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/*
 * Invariant: `object` is the leased object until the first close, then null forever. close() takes it
 * with getAndSet, so exactly one close (of any number, from any threads) sees it and puts it back; the
 * pool's put publishes it to the next holder. get() reads it opaquely: it only has to see the holder's
 * own writes, and a racing close makes it throw or return the object, both allowed.
 */

/**
 * A pooled object held for the length of a try-with-resources block: {@link #close()} puts it back into
 * its {@link Pool} exactly once, however many times and from however many threads it is called.
 *
 * <pre>{@code
 * try (Lease<StringBuilder> lease = pool.lease()) {
 *     lease.get().append("...");
 * }
 * }</pre>
 *
 * <p>Thread roles: normally used by the thread that obtained it; {@code get} and {@code close} are safe
 * to call from any thread, and only the first {@code close} returns the object.
 *
 * <p>Memory consistency effects: actions of the thread that closes a lease, before {@code close()},
 * happen-before the actions of the thread that next obtains the same object from the pool.
 *
 * @param <T> the type of the leased object
 */
public final class Lease<T> implements AutoCloseable {
    private static final VarHandle OBJECT;

    static {
        try {
            OBJECT = MethodHandles.lookup().findVarHandle(Lease.class, "object", Object.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Pool<T> pool;
    /** The leased object until the first close, then null. */
    @SuppressWarnings("unused") // accessed through OBJECT
    private Object object;

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
        @SuppressWarnings("unchecked") // only Lease(Pool<T>, T) writes a non-null value
        T t = (T) OBJECT.getOpaque(this);
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
        @SuppressWarnings("unchecked") // only Lease(Pool<T>, T) writes a non-null value
        T t = (T) OBJECT.getAndSet(this, (Object) null);
        if (t != null) {
            pool.put(t);
        }
    }
}
