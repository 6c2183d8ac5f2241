package io.loomkit.channel;

/**
 * A histogram of non-negative longs in power-of-two buckets: bucket {@code b} holds values in
 * {@code [2^(b-1), 2^b - 1]}, bucket 0 holds 0. Recording is a few arithmetic instructions and no
 * allocation; percentiles are exact to within a factor of two (the bucket's upper bound, capped at the
 * largest value seen). Not thread-safe: the owner guards it (the channel's lock, or on the blocking path a
 * lock of its own held for a few instructions).
 */
final class Log2Histogram {
    private final long[] buckets = new long[65];
    private long count;
    private long sum;
    private long max;

    void record(long value) {
        record(value, 1);
    }

    /** Records {@code value} as {@code weight} observations of it: one sampled value standing for several. */
    void record(long value, int weight) {
        buckets[64 - Long.numberOfLeadingZeros(value)] += weight;
        count += weight;
        sum += value * weight;
        if (value > max) {
            max = value;
        }
    }

    /** The live bucket array, for the owner to copy under its guard. */
    long[] buckets() {
        return buckets;
    }

    long count() {
        return count;
    }

    long sum() {
        return sum;
    }

    long max() {
        return max;
    }

    double mean() {
        return count == 0 ? 0.0 : (double) sum / count;
    }

    /** The upper bound of the bucket holding the {@code q}-quantile, capped at the largest value seen. */
    long percentile(double q) {
        return percentile(buckets, count, max, q);
    }

    /** The percentile over log2 {@code buckets} holding {@code count} values of which the largest is {@code max}. */
    static long percentile(long[] buckets, long count, long max, double q) {
        if (count == 0) {
            return 0L;
        }
        long rank = (long) Math.ceil(q * count);
        long seen = 0;
        for (int b = 0; b < buckets.length; b++) {
            seen += buckets[b];
            if (seen >= rank && buckets[b] > 0) {
                long upper = b == 0 ? 0L : b == 64 ? Long.MAX_VALUE : (1L << b) - 1;
                return Math.min(upper, max);
            }
        }
        return max;
    }

    Log2Histogram copy() {
        Log2Histogram c = new Log2Histogram();
        System.arraycopy(buckets, 0, c.buckets, 0, buckets.length);
        c.count = count;
        c.sum = sum;
        c.max = max;
        return c;
    }
}
