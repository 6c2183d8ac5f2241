package io.loomkit.context;

/**
 * Thrown by {@link TaskScope#join()} when a task of the scope failed; the task's exception, with its own
 * stack trace, is the cause.
 *
 * <p>Memory consistency effects: none of its own; see {@link Task}.
 */
public final class TaskFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TaskFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
