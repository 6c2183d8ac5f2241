package io.loomkit.context;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * One shared timer for every deadline, so deadlines cost no thread per context. The timer thread only
 * starts a virtual thread that cancels the context: listeners, which are user code, never run on it and
 * so can never delay other deadlines. Cancelled timers are removed from its queue at once.
 */
final class Deadlines {
    private Deadlines() {}

    private static final class Timer {
        static final ScheduledThreadPoolExecutor INSTANCE = create();

        private static ScheduledThreadPoolExecutor create() {
            ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, r -> {
                Thread t = new Thread(r, "loomkit-deadlines");
                t.setDaemon(true);
                return t;
            });
            timer.setRemoveOnCancelPolicy(true);
            timer.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
            return timer;
        }
    }

    /** For tests: timers scheduled and neither fired nor cancelled. */
    static int pendingTimers() {
        return Timer.INSTANCE.getQueue().size();
    }

    /** Now plus {@code timeout}, saturating at {@link Instant#MAX} instead of overflowing. */
    static Instant after(Duration timeout) {
        Instant now = Instant.now();
        try {
            return now.plus(timeout);
        } catch (ArithmeticException | java.time.DateTimeException e) {
            return timeout.isNegative() ? Instant.MIN : Instant.MAX;
        }
    }

    static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return d.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }

    /**
     * Cancels the node {@code node} supplies at {@code deadline}: at once (returning null) if it has passed, otherwise from
     * the timer.
     */
    static ScheduledFuture<?> schedule(Supplier<CancelNode> node, Instant deadline) {
        long delay = saturatedNanos(Duration.between(Instant.now(), deadline));
        if (delay <= 0) {
            node.get().expire(deadline);
            return null;
        }
        return Timer.INSTANCE.schedule(() -> {
            CancelNode n = node.get(); // null once a tracked, lost node was collected
            if (n != null) {
                Thread.ofVirtual().name("loomkit-deadline").start(() -> n.expire(deadline));
            }
        }, delay, TimeUnit.NANOSECONDS);
    }
}
