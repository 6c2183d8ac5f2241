package io.loomkit.context;

/**
 * What a live task is waiting for, classified from its stack and park blocker: the questions one asks of
 * a goroutine dump ("blocked in chan receive", "in select", "in sleep").
 *
 * <p>Memory consistency effects: none; an enum.
 */
public enum BlockedOn {
    /** Receiving from a loomkit channel, or taking from a {@code BlockingQueue}. */
    CHANNEL_RECEIVE,
    /** Sending to a loomkit channel, or putting into a {@code BlockingQueue}. */
    CHANNEL_SEND,
    /** In a loomkit {@code Select}. */
    SELECT,
    /** In {@code Thread.sleep} or {@code TimeUnit.sleep}. */
    SLEEP,
    /** Waiting for a lock or monitor: {@code ReentrantLock}, {@code synchronized}, {@code Object.wait}. */
    LOCK,
    /** In socket, file or channel I/O. */
    IO,
    /** In {@link Context#await()}: waiting for a cancellation that may never come. */
    CONTEXT_AWAIT,
    /** In {@link TaskScope#join()} or {@link TaskScope#close()}, waiting for other tasks. */
    JOIN,
    /** Parked or waiting on something else (a latch, a future, a plain park). */
    WAITING,
    /** Running, not blocked. */
    RUNNING;

    /** Classifies a thread from its state, park blocker and stack (top frame first). */
    static BlockedOn classify(Thread.State state, Object blocker, StackTraceElement[] stack) {
        for (StackTraceElement f : stack) {
            BlockedOn b = ofFrame(f.getClassName(), f.getMethodName());
            if (b != null) {
                return b;
            }
        }
        // Locks: a monitor (BLOCKED or Object.wait) or a park on a java.util.concurrent.locks object
        // (ReentrantLock, ReentrantReadWriteLock, a Condition). Latches, semaphores and futures are WAITING.
        if (state == Thread.State.BLOCKED
                || blocker != null && blocker.getClass().getName().startsWith("java.util.concurrent.locks.")) {
            return LOCK;
        }
        for (StackTraceElement f : stack) {
            if (f.getClassName().equals("java.lang.Object") && f.getMethodName().startsWith("wait")) {
                return LOCK;
            }
        }
        return state == Thread.State.RUNNABLE ? RUNNING : WAITING;
    }

    /** The classification of one frame, or null when the frame says nothing (plumbing such as park). */
    private static BlockedOn ofFrame(String cls, String method) {
        if (cls.startsWith("io.loomkit.channel.")) {
            if (cls.contains("Select") || method.startsWith("select")) {
                return SELECT;
            }
            if (method.startsWith("receive") || method.equals("hasNext") || method.equals("next")) {
                return CHANNEL_RECEIVE;
            }
            if (method.startsWith("send")) {
                return CHANNEL_SEND;
            }
            return null;
        }
        if (cls.startsWith("java.util.concurrent.") && (cls.endsWith("Queue") || cls.endsWith("Deque"))) {
            if (method.startsWith("take") || method.startsWith("poll")) {
                return CHANNEL_RECEIVE;
            }
            if (method.startsWith("put") || method.startsWith("offer") || method.equals("transfer")) {
                return CHANNEL_SEND;
            }
            return null;
        }
        if ((cls.equals("java.lang.Thread") || cls.equals("java.util.concurrent.TimeUnit")) && method.startsWith("sleep")
                || cls.equals("java.lang.VirtualThread") && method.equals("sleepNanos")) {
            return SLEEP;
        }
        if (cls.equals("io.loomkit.context.AbstractContext") && method.startsWith("await")) {
            return CONTEXT_AWAIT;
        }
        if (cls.equals("io.loomkit.context.TaskScope") && (method.equals("join") || method.equals("close"))) {
            return JOIN;
        }
        if (cls.startsWith("sun.nio.ch.") || cls.startsWith("java.net.") || cls.startsWith("sun.nio.fs.")
                || cls.startsWith("java.nio.channels.") || cls.equals("java.io.FileInputStream")
                || cls.equals("java.io.RandomAccessFile") || cls.equals("java.io.FileOutputStream")) {
            return IO;
        }
        return null;
    }
}
