package io.loomkit.context;

import java.util.function.Consumer;

/**
 * An entry of the monitor's registry: a scope with running tasks (which lists them from its own context's
 * stack, so a fork costs the registry nothing) or a running wrapped-executor task.
 */
sealed interface MonitorEntry permits TaskScope.Entry, WrappedTask {
    /** Passes each live task of this entry to {@code action}. */
    void collect(Consumer<Tracked> action);

    /** Whether the entry has no live task any more; a dead entry never comes back to life. */
    boolean isDead();

    /** The next older entry of the registry stripe; only that stripe's sweeper changes it. */
    MonitorEntry nextEntry();

    void setNextEntry(MonitorEntry next);
}
