package io.loomkit.context;

import java.util.List;

/** A task the {@link TaskMonitor} lists while it runs: a scope's task or a wrapped-executor task. */
sealed interface Tracked permits TaskNode, WrappedTask {
    /** A JVM-unique number: the id of the thread it runs on. */
    long taskId();

    String taskName();

    /** Names of the enclosing scopes, outermost first; empty for a wrapped-executor task. */
    List<String> scopePath();

    /** The thread running it, or null when it has not started or has finished. */
    Thread runningThread();

    /** System.nanoTime() when it began to run; 0 while it has not (a forked task waiting for a carrier). */
    long startNanos();

    /** The {@link TaskMonitor.Tracker} that owns it, or null. */
    TaskMonitor.Tracker owner();

    boolean isFinished();
}
