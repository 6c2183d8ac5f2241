package io.loomkit.channel;

/**
 * What {@link CapacityAdvisor} recommends for a channel: a capacity, a {@link Verdict}, and the reason
 * (the rule that produced the number and the figures behind it). {@link #toString()} is one line a person
 * can act on, for example
 * {@code OVERSIZED: shrink capacity 1024 -> 40 (saves ~3936 bytes) — consumer batch 16 x 2.5 = 40 ...}.
 *
 * <p>Thread roles: immutable; share it freely.
 *
 * <p>Memory consistency effects: none beyond those of the {@link ChannelStats} it was computed from.
 */
public final class CapacityAdvice {
    /** The advisor's judgement of a channel's capacity. */
    public enum Verdict {
        /** The capacity fits the measured traffic: keep it. */
        OK,
        /** The buffer stays mostly empty: shrink to the recommended capacity and save memory. */
        OVERSIZED,
        /** Senders block on bursts that the consumer then absorbs: grow to the recommended capacity. */
        UNDERSIZED,
        /**
         * Producers offer more than the consumer takes over the window: a bigger buffer only delays the
         * failure; rate-limit the producers or speed up the consumer.
         */
        CONSUMER_TOO_SLOW,
        /** Too little traffic has been measured to judge; the recommended capacity is the current one. */
        NOT_ENOUGH_DATA
    }

    private final int currentCapacity;
    private final int recommendedCapacity;
    private final Verdict verdict;
    private final String reason;

    CapacityAdvice(int currentCapacity, int recommendedCapacity, Verdict verdict, String reason) {
        this.currentCapacity = currentCapacity;
        this.recommendedCapacity = recommendedCapacity;
        this.verdict = verdict;
        this.reason = reason;
    }

    /**
     * Returns the capacity the advisor recommends; the current one for {@link Verdict#OK},
     * {@link Verdict#CONSUMER_TOO_SLOW} and {@link Verdict#NOT_ENOUGH_DATA}.
     *
     * @return the recommended capacity, at least 1
     */
    public int recommendedCapacity() {
        return recommendedCapacity;
    }

    /**
     * Returns the verdict.
     *
     * @return the verdict
     */
    public Verdict verdict() {
        return verdict;
    }

    /**
     * Returns the rule that produced the recommendation and the measured figures behind it.
     *
     * @return the reason, one sentence
     */
    public String reason() {
        return reason;
    }

    /**
     * Returns the advice as one line: verdict, action, reason.
     *
     * @return for example {@code UNDERSIZED: grow capacity 8 -> 16 — 12.5% of sends found the buffer full ...}
     */
    @Override
    public String toString() {
        String action = switch (verdict) {
            case OVERSIZED -> "shrink capacity " + currentCapacity + " -> " + recommendedCapacity
                    + " (saves ~" + CapacityAdvisor.bytes(currentCapacity - recommendedCapacity) + " bytes)";
            case UNDERSIZED -> "grow capacity " + currentCapacity + " -> " + recommendedCapacity;
            case CONSUMER_TOO_SLOW -> "keep capacity " + currentCapacity
                    + "; rate-limit producers or speed up the consumer";
            case OK, NOT_ENOUGH_DATA -> "keep capacity " + currentCapacity;
        };
        return verdict + ": " + action + " — " + reason;
    }
}
