package io.loomkit.channel;

/**
 * The resize policy of an adaptive channel (ADR 0024), fed by its {@link TrafficMeter} under the channel's
 * lock. Per epoch (one rate-window slot): grow ×2 when more than 1% of the epoch's sends found the buffer
 * full; shrink only after {@link #QUIET_EPOCHS} consecutive epochs with no full send and a peak backlog at
 * most a quarter of the capacity, and then to the larger of twice that peak and 2.5 × the consumer's
 * mean batch, and only if that at least halves it. Growing doubles and shrinking needs a peak of a
 * quarter, so a steady load cannot make the capacity oscillate.
 */
final class Adaptation {
    static final int QUIET_EPOCHS = 4;

    final int min;
    final int max;
    int full;
    private int appends;
    private int epochPeak;
    private int quiet;
    private int quietPeak;

    Adaptation(int min, int max) {
        this.min = min;
        this.max = max;
    }

    /** A send appended to the buffer, leaving {@code backlog} elements in it. */
    void observe(int backlog) {
        appends++;
        if (backlog > epochPeak) {
            epochPeak = backlog;
        }
    }

    /** Ends an epoch; returns the new capacity or -1 to keep {@code capacity}. */
    int epochEnded(int capacity, double batchMean) {
        int result = -1;
        boolean pressured = full > 0 && (long) full * 100 > (long) appends + full;
        if (pressured) {
            quiet = 0;
            quietPeak = 0;
            if (capacity < max) {
                result = (int) Math.min(max, 2L * capacity);
            }
        } else if (full == 0 && (long) epochPeak * 4 <= capacity) {
            quiet++;
            quietPeak = Math.max(quietPeak, epochPeak);
            if (quiet >= QUIET_EPOCHS) {
                int target = Math.max(min, Math.max(2 * quietPeak, (int) Math.ceil(2.5 * batchMean)));
                if ((long) target * 2 <= capacity) {
                    result = target;
                }
                quiet = 0;
                quietPeak = 0;
            }
        } else {
            quiet = 0;
            quietPeak = 0;
        }
        full = 0;
        appends = 0;
        epochPeak = 0;
        return result;
    }
}
