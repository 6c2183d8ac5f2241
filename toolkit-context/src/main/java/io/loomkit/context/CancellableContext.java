package io.loomkit.context;

/**
 * A {@link Context} that its creator can cancel. Closing it cancels it, so a try-with-resources block
 * makes sure the context, its timer and its link to the parent are released (Go's {@code defer cancel()}).
 *
 * <p>Thread roles: any thread may cancel; the first cancel wins and later ones do nothing.
 *
 * <p>Memory consistency effects: as for {@link Context}; actions before a successful {@link #cancel}
 * happen-before every observation of the cancellation in this context and its descendants.
 */
public sealed interface CancellableContext extends Context, AutoCloseable permits CancelNode {

    /**
     * Cancels this context and its descendants with a new {@link CancelledException} as the cause.
     *
     * @return true if this call cancelled the context, false if it was already cancelled
     */
    boolean cancel();

    /**
     * Cancels this context and its descendants with {@code cause}.
     *
     * @param cause why; becomes {@link #cause()} of this context and every descendant
     * @return true if this call cancelled the context, false if it was already cancelled
     * @throws NullPointerException if {@code cause} is null
     */
    boolean cancel(Throwable cause);

    /** Cancels this context, as {@link #cancel()} does; does nothing if it is already cancelled. */
    @Override
    void close();
}
