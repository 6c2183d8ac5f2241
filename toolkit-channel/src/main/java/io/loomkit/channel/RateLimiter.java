package io.loomkit.channel;

import io.loomkit.context.CancelledException;
import io.loomkit.context.Context;
import io.loomkit.context.Registration;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A token-bucket rate limiter for producers that outrun their consumer, the fix the advisor's
 * {@link CapacityAdvice.Verdict#CONSUMER_TOO_SLOW} calls for: a bigger buffer only delays the failure,
 * a limit on the arrival rate removes it. Wrap it around a send:
 *
 * <pre>{@code
 * RateLimiter limiter = RateLimiter.perSecond(stats.receiveRate() * 0.9, 16);
 * limiter.acquire(context);
 * channel.send(context, element);
 * }</pre>
 *
 * <p>The bucket holds up to {@code burst} permits and refills at {@code permitsPerSecond}; it starts
 * full. A caller that finds it empty parks until the next permit is due (or its {@link Context} is
 * cancelled, or it is interrupted), then tries again; it takes no permit unless it returns normally.
 * Waiters are not queued, so under contention the order in which they get permits is not FIFO.
 *
 * <p>Thread roles: any number of threads, platform or virtual. The lock guards a few arithmetic
 * instructions; nobody parks while holding it.
 *
 * <p>Memory consistency effects: actions before a permit is returned to one thread happen-before
 * actions after a later acquisition returns in another thread (they are ordered by the limiter's lock).
 */
public final class RateLimiter {
    private final ReentrantLock lock = new ReentrantLock();
    private final double permitsPerNano;
    private final int burst;
    private double tokens;
    private long refilledAt;

    private RateLimiter(double permitsPerSecond, int burst) {
        this.permitsPerNano = permitsPerSecond / 1e9;
        this.burst = burst;
        this.tokens = burst;
        this.refilledAt = System.nanoTime();
    }

    /**
     * Creates a limiter that lets through {@code permitsPerSecond} on average and up to {@code burst}
     * at once.
     *
     * @param permitsPerSecond the sustained rate, positive and finite
     * @param burst the bucket size, at least 1
     * @return a new limiter with a full bucket
     * @throws IllegalArgumentException if an argument is out of range
     */
    public static RateLimiter perSecond(double permitsPerSecond, int burst) {
        if (!(permitsPerSecond > 0.0) || Double.isInfinite(permitsPerSecond)) {
            throw new IllegalArgumentException("permitsPerSecond must be positive and finite, was "
                    + permitsPerSecond);
        }
        if (burst < 1) {
            throw new IllegalArgumentException("burst must be >= 1, was " + burst);
        }
        return new RateLimiter(permitsPerSecond, burst);
    }

    /**
     * Takes a permit if one is available now.
     *
     * @return true if a permit was taken
     */
    public boolean tryAcquire() {
        return tryAcquire0() == 0L;
    }

    /**
     * Takes a permit, waiting until one is due.
     *
     * @throws InterruptedException if interrupted while waiting; no permit was taken
     */
    public void acquire() throws InterruptedException {
        acquire0(null);
    }

    /**
     * Takes a permit, waiting until one is due or {@code context} is cancelled. A context that is already
     * cancelled fails the call at once.
     *
     * @param context the context whose cancellation ends the wait
     * @throws CancelledException if {@code context} is cancelled first; no permit was taken
     * @throws InterruptedException if interrupted while waiting; no permit was taken
     * @throws NullPointerException if {@code context} is null
     */
    public void acquire(Context context) throws InterruptedException {
        Objects.requireNonNull(context, "context");
        acquire0(context);
    }

    private void acquire0(Context context) throws InterruptedException {
        if (context != null && context.isCancelled()) {
            throw new CancelledException("acquire cancelled on " + this, context.cause());
        }
        long wait = tryAcquire0();
        if (wait == 0L) {
            return;
        }
        Thread self = Thread.currentThread();
        Registration registration = context == null ? null : context.onCancel(() -> LockSupport.unpark(self));
        try {
            do {
                if (Thread.interrupted()) {
                    throw new InterruptedException("acquire interrupted on " + this);
                }
                if (context != null && context.isCancelled()) {
                    throw new CancelledException("acquire cancelled on " + this, context.cause());
                }
                LockSupport.parkNanos(this, wait);
                wait = tryAcquire0();
            } while (wait != 0L);
        } finally {
            if (registration != null) {
                registration.unregister();
            }
        }
    }

    /** Takes a permit and returns 0, or returns the nanoseconds until the next one is due. */
    private long tryAcquire0() {
        lock.lock();
        try {
            long now = System.nanoTime();
            tokens = Math.min(burst, tokens + (now - refilledAt) * permitsPerNano);
            refilledAt = now;
            if (tokens >= 1.0) {
                tokens -= 1.0;
                return 0L;
            }
            return Math.max(1L, (long) Math.ceil((1.0 - tokens) / permitsPerNano));
        } finally {
            lock.unlock();
        }
    }

    /**
     * Returns the sustained rate.
     *
     * @return permits per second
     */
    public double permitsPerSecond() {
        return permitsPerNano * 1e9;
    }

    /**
     * Describes the limiter.
     *
     * @return for example {@code RateLimiter[900.0 per s, burst 16]}
     */
    @Override
    public String toString() {
        return String.format(Locale.ROOT, "RateLimiter[%.1f per s, burst %d]", permitsPerSecond(), burst);
    }
}
