package io.loomkit.context;

/**
 * A task forked into a {@link TaskScope}: it receives its own context, a child of the scope's, and
 * should stop when that context is cancelled.
 *
 * @param <T> the result type
 */
@FunctionalInterface
public interface ContextTask<T> {
    /**
     * Runs the task.
     *
     * @param ctx the task's context; cancelled when the scope is cancelled, closed or a sibling fails
     * @return the result
     * @throws Exception if the task fails
     */
    T run(Context ctx) throws Exception;
}
