package io.loomkit.context;

/**
 * A task forked into a {@link TaskScope}.
 *
 * <p>Memory consistency effects: everything the task did happens-before {@link TaskScope#join()} or
 * {@link TaskScope#close()} returns, and so before {@link #get()} and {@link #exception()} read its
 * outcome after either.
 *
 * @param <T> the result type
 */
public interface Task<T> {
    /** The life of a task. */
    enum State {
        /** Started and not finished. */
        RUNNING,
        /** Returned a result. */
        SUCCEEDED,
        /** Threw while its context was live: the failure cancels its siblings. */
        FAILED,
        /** Ended (or never started) because its context was cancelled. */
        CANCELLED
    }

    /**
     * Returns the task's result.
     *
     * @return what the task returned
     * @throws IllegalStateException if the task has not succeeded (call {@link TaskScope#join()} first);
     *     the task's exception is the cause when it failed or was cancelled
     */
    T get();

    /**
     * Returns the task's state.
     *
     * @return the state now
     */
    State state();

    /**
     * Returns what the task threw.
     *
     * @return the exception of a failed or cancelled task, null otherwise
     */
    Throwable exception();

    /**
     * Returns the task's name: the scope's name and the task's number in it.
     *
     * @return the name
     */
    String name();
}
