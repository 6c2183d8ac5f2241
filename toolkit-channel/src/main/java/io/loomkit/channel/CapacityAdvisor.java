package io.loomkit.channel;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * Recommends a channel capacity from its measured traffic ({@link ChannelStats}), judging only the recent
 * window's figures (never the lifetime totals, so old traffic ages out of the advice), by three rules
 * (docs/channel-sizing.md, ADR 0026):
 *
 * <ol>
 *   <li><b>Batch rule</b>: a buffer of 2-3 × the consumer's mean batch lets the producer fill one batch
 *       while the consumer works through the previous one; the advisor uses 2.5 ×.
 *   <li><b>Peak rule</b>: room for the 99th percentile of the backlog that sends found, plus the element
 *       being sent, so bursts the consumer absorbs do not block senders.
 *   <li><b>Little's law</b> (L = λW): with arrival rate λ and a tolerated queueing wait W, a buffer longer
 *       than λ × W only holds elements that will wait longer than W. It caps the other two rules (never
 *       below the batch rule).
 * </ol>
 *
 * <p>Verdicts, in this order: {@code NOT_ENOUGH_DATA} below {@value #MIN_SAMPLES} elements received in the window;
 * {@code CONSUMER_TOO_SLOW} when at least half the sends found the buffer full, or the send rate exceeds
 * the receive rate by more than 10% while the median backlog is at least half the capacity;
 * {@code UNDERSIZED} when more than 1% of sends found it full (grow to 2 × the capacity, capped by
 * Little's law but at least one more slot); {@code OVERSIZED} when the recommendation is at most half the
 * capacity; else {@code OK}.
 *
 * <p>Thread roles: stateless; call it from any thread.
 *
 * <p>Memory consistency effects: none; it reads only its argument.
 */
public final class CapacityAdvisor {
    /** Fewer received elements than this and the advisor does not judge. */
    public static final int MIN_SAMPLES = 100;
    /** The tolerated queueing wait {@link #advise(ChannelStats)} uses for Little's law. */
    public static final Duration DEFAULT_TOLERATED_WAIT = Duration.ofMillis(100);

    /** Bytes per buffer slot: a compressed-oops reference. */
    private static final int SLOT_BYTES = 4;

    private CapacityAdvisor() {}

    /**
     * Advises on {@code stats} with a tolerated queueing wait of {@link #DEFAULT_TOLERATED_WAIT}.
     *
     * @param stats a measured channel's stats
     * @return the advice
     * @throws NullPointerException if {@code stats} is null
     */
    public static CapacityAdvice advise(ChannelStats stats) {
        return advise(stats, DEFAULT_TOLERATED_WAIT);
    }

    /**
     * Advises on {@code stats}, capping the buffer by Little's law at arrival rate × {@code toleratedWait}.
     *
     * @param stats a measured channel's stats
     * @param toleratedWait the longest an element should wait in the buffer
     * @return the advice
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if {@code toleratedWait} is not positive
     */
    public static CapacityAdvice advise(ChannelStats stats, Duration toleratedWait) {
        Objects.requireNonNull(stats, "stats");
        Objects.requireNonNull(toleratedWait, "toleratedWait");
        if (toleratedWait.isNegative() || toleratedWait.isZero()) {
            throw new IllegalArgumentException("toleratedWait must be positive, was " + toleratedWait);
        }
        int capacity = stats.capacity();
        if (stats.receivedInWindow() < MIN_SAMPLES) {
            return new CapacityAdvice(capacity, Math.max(1, capacity), CapacityAdvice.Verdict.NOT_ENOUGH_DATA,
                    "only " + stats.receivedInWindow() + " elements received in the last "
                            + stats.window().toMillis() + " ms, need " + MIN_SAMPLES + " to judge");
        }
        double fullFraction = (double) stats.sendsFoundFullInWindow() / Math.max(1L, stats.sentInWindow());
        boolean arrivalsOutrun = stats.sendRate() > 1.10 * stats.receiveRate()
                && 2L * stats.backlogP50() >= capacity;
        if (fullFraction >= 0.5 || arrivalsOutrun) {
            return new CapacityAdvice(capacity, Math.max(1, capacity), CapacityAdvice.Verdict.CONSUMER_TOO_SLOW,
                    fmt("%s of sends found the buffer full, senders blocked %d ms in the last %d ms, rate in/out"
                            + " %.0f/%.0f per s: a bigger buffer only delays the failure; limit producers to"
                            + " ~%.0f per s (RateLimiter) or speed up the consumer",
                            percent(fullFraction), stats.sendBlockedInWindow().toMillis(), stats.window().toMillis(),
                            stats.sendRate(),
                            stats.receiveRate(), stats.receiveRate()));
        }
        double batch = Math.max(1.0, stats.batchMean());
        int batchRule = (int) Math.ceil(2.5 * batch);
        long little = littleCap(stats.sendRate(), toleratedWait);
        if (fullFraction > 0.01) {
            long grow = Math.max(2L * Math.max(1, capacity), batchRule);
            long rec = Math.max(capacity + 1L, Math.min(grow, little));
            return new CapacityAdvice(capacity, (int) Math.min(Integer.MAX_VALUE, rec),
                    CapacityAdvice.Verdict.UNDERSIZED,
                    fmt("%s of sends found the buffer full and the consumer kept up (rate in/out %.0f/%.0f"
                            + " per s): double it%s", percent(fullFraction), stats.sendRate(), stats.receiveRate(),
                            grow > little ? fmt(", capped by Little's law %.0f/s x %d ms = %d", stats.sendRate(),
                                    toleratedWait.toMillis(), little) : ""));
        }
        int peakRule = stats.backlogP99() + 1;
        long need = Math.max(batchRule, peakRule);
        long rec = Math.max(batchRule, Math.min(need, little));
        String rule;
        if (rec == batchRule && batchRule >= peakRule) {
            rule = fmt("consumer batch %.1f x 2.5 = %d", batch, batchRule);
        } else if (rec < need) {
            rule = fmt("Little's law %.0f/s x %d ms = %d caps peak backlog p99+1 = %d", stats.sendRate(),
                    toleratedWait.toMillis(), little, peakRule);
        } else {
            rule = fmt("peak backlog p99+1 = %d (batch rule %d)", peakRule, batchRule);
        }
        String figures = fmt("; backlog mean/p99/max %.1f/%d/%d, %s of sends found it full", stats.backlogMean(),
                stats.backlogP99(), stats.backlogMax(), percent(fullFraction));
        if (2 * rec <= capacity) {
            return new CapacityAdvice(capacity, (int) rec, CapacityAdvice.Verdict.OVERSIZED,
                    rule + figures);
        }
        return new CapacityAdvice(capacity, Math.max(1, capacity), CapacityAdvice.Verdict.OK,
                "fits: " + rule + figures);
    }

    /** Little's law: elements that arrive within the tolerated wait; unbounded while nothing arrives. */
    private static long littleCap(double arrivalRate, Duration toleratedWait) {
        if (arrivalRate <= 0.0) {
            return Long.MAX_VALUE;
        }
        double l = Math.ceil(arrivalRate * toleratedWait.toNanos() / 1e9);
        return l >= Integer.MAX_VALUE ? Integer.MAX_VALUE : Math.max(1L, (long) l);
    }

    static long bytes(int slots) {
        return (long) slots * SLOT_BYTES;
    }

    private static String percent(double fraction) {
        return fmt("%.1f%%", fraction * 100);
    }

    private static String fmt(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
