package io.loomkit.channel;

/**
 * The resize policy of an adaptive channel (ADR 0024), fed by its {@link TrafficMeter} under the channel's
 * lock with the figures of one epoch ({@link TrafficMeter#EPOCH_NANOS}) at a time, so it acts only on
 * recent traffic (ADR 0027): grow ×2 when at least {@value #STRONG_PERCENT}% of the epoch's sends found the
 * buffer full, or more than 1% in two epochs in a row (so one consumer stall of a few tens of ms, which
 * blocks a handful of sends once, does not double the buffer for good); shrink only after
 * {@link #QUIET_EPOCHS} consecutive epochs with no full send and a peak backlog at most a quarter of the
 * capacity, and then to the larger of twice that quiet run's peak and 2.5 × the consumer's mean batch
 * <em>in that quiet run</em>, and only if that at least halves it. Growing doubles and
 * shrinking needs a peak of a quarter, so a steady load cannot make the capacity oscillate.
 */
final class Adaptation {
    static final int QUIET_EPOCHS = 4;
    /** A full-send share that grows the buffer at once; between 1% and this it takes two epochs in a row. */
    static final int STRONG_PERCENT = 10;

    final int min;
    final int max;
    private int quiet;
    private boolean pressuredBefore;
    private int quietPeak;
    private long quietBatchCount;
    private long quietBatchSum;

    Adaptation(int min, int max) {
        this.min = min;
        this.max = max;
    }

    /**
     * Ends an epoch.
     *
     * @param capacity the current logical capacity
     * @param sends elements sent in the epoch
     * @param full sends that found the buffer full in the epoch
     * @param peak the largest backlog after a send in the epoch
     * @param batchCount consumer batches that ended in the epoch
     * @param batchSum elements in those batches
     * @return the new capacity, or -1 to keep {@code capacity}
     */
    int epochEnded(int capacity, long sends, long full, int peak, long batchCount, long batchSum) {
        int result = -1;
        boolean pressured = full > 0 && full * 100 > sends + full;
        boolean strongly = full * 100 >= STRONG_PERCENT * (sends + full);
        if (pressured) {
            reset();
            if ((strongly || pressuredBefore) && capacity < max) {
                result = (int) Math.min(max, 2L * capacity);
                pressured = false; // the next doubling needs its own evidence
            }
        } else if (full == 0 && (long) peak * 4 <= capacity) {
            quiet++;
            quietPeak = Math.max(quietPeak, peak);
            quietBatchCount += batchCount;
            quietBatchSum += batchSum;
            if (quiet >= QUIET_EPOCHS) {
                double batchMean = quietBatchCount == 0 ? 0.0 : (double) quietBatchSum / quietBatchCount;
                int target = Math.max(min, Math.max(2 * quietPeak, (int) Math.ceil(2.5 * batchMean)));
                if ((long) target * 2 <= capacity) {
                    result = target;
                }
                reset();
            }
        } else {
            reset();
        }
        pressuredBefore = pressured;
        return result;
    }

    private void reset() {
        quiet = 0;
        quietPeak = 0;
        quietBatchCount = 0;
        quietBatchSum = 0;
    }
}
