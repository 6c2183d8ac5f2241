package io.loomkit.context;

/**
 * The handle of an action registered with {@link Context#onCancel(Runnable)}.
 *
 * <p>Memory consistency effects: if {@link #unregister()} returns true, the action never runs; if it
 * returns false, the action has run or is running in the cancelling thread.
 */
public interface Registration {
    /**
     * Prevents the action from running, if it has not started yet (Go's {@code stop}).
     *
     * @return true if this call prevented the run; false if the action already ran, is running, or was
     *     already unregistered
     */
    boolean unregister();
}
