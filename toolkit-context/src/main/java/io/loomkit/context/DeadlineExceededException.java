package io.loomkit.context;

import java.time.Instant;

/**
 * The {@link Context#cause()} of a context whose deadline passed (Go's {@code DeadlineExceeded}).
 *
 * <p>Memory consistency effects: none of its own; see {@link Context}.
 */
public final class DeadlineExceededException extends CancelledException {
    private static final long serialVersionUID = 1L;

    DeadlineExceededException(Instant deadline) {
        super("context deadline exceeded (" + deadline + ")");
    }
}
