package io.loomkit.channel;

import java.time.Duration;
import java.util.Locale;

/**
 * A snapshot of a measured channel's traffic, from {@link Channel#stats()}; the input of
 * {@link CapacityAdvisor#advise(ChannelStats)}.
 *
 * <p>Counts and distributions cover the channel's whole life; the two rates cover the sliding window
 * ({@link #window()}, about the last second). Percentiles come from power-of-two histograms: a reported
 * p50/p99 is the upper bound of the bucket that holds it (at most twice the true value), capped at the
 * largest value seen.
 *
 * <p>Thread roles: immutable; share it freely.
 *
 * <p>Memory consistency effects: the snapshot is taken under the channel's lock, so it reflects every
 * send and receive that completed before {@link Channel#stats()} was called, and none half-done.
 */
public final class ChannelStats {
    private final int capacity;
    private final Duration window;
    private final long sent;
    private final long received;
    private final double sendRate;
    private final double receiveRate;
    private final double backlogMean;
    private final int backlogP50;
    private final int backlogP99;
    private final int backlogMax;
    private final long sendsFoundFull;
    private final long sendsBlocked;
    private final Duration sendBlockedTotal;
    private final Duration sendBlockedP99;
    private final long receivesWaited;
    private final Duration receiveWaitTotal;
    private final Duration receiveWaitP99;
    private final double batchMean;
    private final int batchP99;

    ChannelStats(int capacity, Duration window, long sent, long received, double sendRate, double receiveRate,
            double backlogMean, int backlogP50, int backlogP99, int backlogMax, long sendsFoundFull,
            long sendsBlocked, Duration sendBlockedTotal, Duration sendBlockedP99, long receivesWaited,
            Duration receiveWaitTotal, Duration receiveWaitP99, double batchMean, int batchP99) {
        this.capacity = capacity;
        this.window = window;
        this.sent = sent;
        this.received = received;
        this.sendRate = sendRate;
        this.receiveRate = receiveRate;
        this.backlogMean = backlogMean;
        this.backlogP50 = backlogP50;
        this.backlogP99 = backlogP99;
        this.backlogMax = backlogMax;
        this.sendsFoundFull = sendsFoundFull;
        this.sendsBlocked = sendsBlocked;
        this.sendBlockedTotal = sendBlockedTotal;
        this.sendBlockedP99 = sendBlockedP99;
        this.receivesWaited = receivesWaited;
        this.receiveWaitTotal = receiveWaitTotal;
        this.receiveWaitP99 = receiveWaitP99;
        this.batchMean = batchMean;
        this.batchP99 = batchP99;
    }

    /**
     * Returns the channel's logical capacity when the snapshot was taken.
     *
     * @return the capacity
     */
    public int capacity() {
        return capacity;
    }

    /**
     * Returns the interval the two rates were measured over.
     *
     * @return the rate window
     */
    public Duration window() {
        return window;
    }

    /**
     * Returns how many elements the channel accepted (buffered or handed to a receiver).
     *
     * @return elements sent
     */
    public long sent() {
        return sent;
    }

    /**
     * Returns how many elements receivers took.
     *
     * @return elements received
     */
    public long received() {
        return received;
    }

    /**
     * Returns elements sent per second over the {@link #window()}.
     *
     * @return the send (arrival) rate
     */
    public double sendRate() {
        return sendRate;
    }

    /**
     * Returns elements received per second over the {@link #window()}.
     *
     * @return the receive (service) rate
     */
    public double receiveRate() {
        return receiveRate;
    }

    /**
     * Returns the mean number of buffered elements a send found.
     *
     * @return the mean backlog at send time
     */
    public double backlogMean() {
        return backlogMean;
    }

    /**
     * Returns the median backlog a send found.
     *
     * @return the backlog p50
     */
    public int backlogP50() {
        return backlogP50;
    }

    /**
     * Returns the 99th percentile of the backlog a send found.
     *
     * @return the backlog p99
     */
    public int backlogP99() {
        return backlogP99;
    }

    /**
     * Returns the largest backlog a send found.
     *
     * @return the peak backlog
     */
    public int backlogMax() {
        return backlogMax;
    }

    /**
     * Returns how many send attempts found the buffer full (and then blocked, timed out or returned false).
     *
     * @return sends that found the channel full
     */
    public long sendsFoundFull() {
        return sendsFoundFull;
    }

    /**
     * Returns how many sends parked waiting for room.
     *
     * @return blocked sends
     */
    public long sendsBlocked() {
        return sendsBlocked;
    }

    /**
     * Returns the total time senders spent parked.
     *
     * @return the total blocked time of senders
     */
    public Duration sendBlockedTotal() {
        return sendBlockedTotal;
    }

    /**
     * Returns the 99th percentile of one blocked send's parked time.
     *
     * @return the p99 of sender blocking
     */
    public Duration sendBlockedP99() {
        return sendBlockedP99;
    }

    /**
     * Returns how many receives parked waiting for an element.
     *
     * @return receives that waited
     */
    public long receivesWaited() {
        return receivesWaited;
    }

    /**
     * Returns the total time receivers spent parked.
     *
     * @return the total wait time of receivers
     */
    public Duration receiveWaitTotal() {
        return receiveWaitTotal;
    }

    /**
     * Returns the 99th percentile of one waiting receive's parked time.
     *
     * @return the p99 of receiver waiting
     */
    public Duration receiveWaitP99() {
        return receiveWaitP99;
    }

    /**
     * Returns the mean consumer batch: how many elements receivers took back-to-back before one found the
     * channel empty. With several receivers the runs interleave; the figure is then per channel.
     *
     * @return the mean batch size, 0 if no batch has ended yet
     */
    public double batchMean() {
        return batchMean;
    }

    /**
     * Returns the 99th percentile of the consumer batch size.
     *
     * @return the batch p99
     */
    public int batchP99() {
        return batchP99;
    }

    /**
     * Returns one line with the figures the advisor uses.
     *
     * @return a readable summary
     */
    @Override
    public String toString() {
        return String.format(Locale.ROOT,
                "ChannelStats[capacity=%d, sent=%d, received=%d, rate in/out=%.0f/%.0f per s (window %d ms),"
                        + " backlog mean/p50/p99/max=%.1f/%d/%d/%d, found full=%d, senders blocked=%d"
                        + " (total %d ms, p99 %d us), receivers waited=%d (total %d ms, p99 %d us),"
                        + " batch mean/p99=%.1f/%d]",
                capacity, sent, received, sendRate, receiveRate, window.toMillis(), backlogMean, backlogP50,
                backlogP99, backlogMax, sendsFoundFull, sendsBlocked, sendBlockedTotal.toMillis(),
                sendBlockedP99.toNanos() / 1000, receivesWaited, receiveWaitTotal.toMillis(),
                receiveWaitP99.toNanos() / 1000, batchMean, batchP99);
    }
}
