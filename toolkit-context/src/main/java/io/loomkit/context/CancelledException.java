package io.loomkit.context;

/**
 * Signals that a {@link Context} was cancelled. It is the {@link Context#cause()} of a plain cancel, and
 * what {@link Context#throwIfCancelled()} and Context-aware blocking calls throw (then with the context's
 * cause as its cause).
 *
 * <p>Memory consistency effects: none of its own; see {@link Context}.
 */
public class CancelledException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception thrown when a cancelled context is noticed, with a stack trace of where.
     *
     * @param message what was cancelled
     * @param cause the context's cause
     */
    public CancelledException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * Creates a cause without a stack trace: a cancel is a normal event and should stay cheap. Pass your
     * own exception to {@link CancellableContext#cancel(Throwable)} to record where and why.
     *
     * @param message what was cancelled
     */
    protected CancelledException(String message) {
        super(message, null, false, false);
    }

    /**
     * The cause of every plain {@link CancellableContext#cancel()}: like Go's {@code context.Canceled}, one
     * shared, stackless and immutable instance, so a cancel allocates nothing for its cause.
     */
    static final CancelledException CANCELLED = new CancelledException("context cancelled");
}
