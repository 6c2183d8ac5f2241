package io.loomkit.channel;

import java.time.Duration;
import java.util.Locale;

/**
 * A snapshot of a measured channel's traffic, from {@link Channel#stats()}; the input of
 * {@link CapacityAdvisor#advise(ChannelStats)}.
 *
 * <p>Two kinds of figures:
 *
 * <ul>
 *   <li><b>Lifetime totals</b>, counted since the channel was built: {@link #sent()}, {@link #received()},
 *       {@link #sendsFoundFull()}, {@link #sendsBlocked()}, {@link #sendBlockedTotal()},
 *       {@link #receivesWaited()}, {@link #receiveWaitTotal()}.
 *   <li><b>Recent window</b> figures, over the last {@link #window()} (a sliding window of five 2-second
 *       slots: between 8 and 10 s of traffic once the channel is that old): {@link #sentInWindow()},
 *       {@link #receivedInWindow()}, {@link #sendsFoundFullInWindow()}, {@link #sendBlockedInWindow()},
 *       the rates, the backlog distribution, the p99 of blocked and waiting time and the consumer batch.
 *       The advisor judges only these, so a burst or an adaptive channel's growth phase ages out of the
 *       advice within 10 s. After an idle gap longer than the window, the window restarts empty at the
 *       snapshot (the window is then shorter, possibly zero).
 * </ul>
 *
 * <p>Percentiles come from power-of-two histograms: a reported p50/p99 is the upper bound of the bucket
 * that holds it (at most twice the true value), capped at the largest value seen.
 *
 * <p>Counts of blocked sends and waiting receives are exact. Their durations are exact while parks are
 * sparse; while a channel parks more than once per 20 µs on average (a tight producer-consumer pair on
 * virtual threads), one park in eight is timed and stands for eight, so the blocked and waiting times and
 * their p99 are then estimates from a systematic sample of at least 50,000 parks per second.
 *
 * <p>Thread roles: immutable; share it freely.
 *
 * <p>Memory consistency effects: the snapshot is taken under the channel's lock, so it reflects every
 * send and receive that completed before {@link Channel#stats()} was called, and none half-done.
 */
public final class ChannelStats {
    private final int capacity;
    private final long sent;
    private final long received;
    private final long sendsFoundFull;
    private final long sendsBlocked;
    private final Duration sendBlockedTotal;
    private final long receivesWaited;
    private final Duration receiveWaitTotal;
    private final Duration window;
    private final long sentInWindow;
    private final long receivedInWindow;
    private final long sendsFoundFullInWindow;
    private final Duration sendBlockedInWindow;
    private final double sendRate;
    private final double receiveRate;
    private final double backlogMean;
    private final int backlogP50;
    private final int backlogP99;
    private final int backlogMax;
    private final Duration sendBlockedP99;
    private final Duration receiveWaitP99;
    private final double batchMean;
    private final int batchP99;

    // Lifetime totals first, then the window's figures.
    ChannelStats(int capacity, long sent, long received, long sendsFoundFull, long sendsBlocked,
            Duration sendBlockedTotal, long receivesWaited, Duration receiveWaitTotal, Duration window,
            long sentInWindow, long receivedInWindow, long sendsFoundFullInWindow, Duration sendBlockedInWindow,
            double sendRate, double receiveRate, double backlogMean, int backlogP50, int backlogP99,
            int backlogMax, Duration sendBlockedP99, Duration receiveWaitP99, double batchMean, int batchP99) {
        this.capacity = capacity;
        this.sent = sent;
        this.received = received;
        this.sendsFoundFull = sendsFoundFull;
        this.sendsBlocked = sendsBlocked;
        this.sendBlockedTotal = sendBlockedTotal;
        this.receivesWaited = receivesWaited;
        this.receiveWaitTotal = receiveWaitTotal;
        this.window = window;
        this.sentInWindow = sentInWindow;
        this.receivedInWindow = receivedInWindow;
        this.sendsFoundFullInWindow = sendsFoundFullInWindow;
        this.sendBlockedInWindow = sendBlockedInWindow;
        this.sendRate = sendRate;
        this.receiveRate = receiveRate;
        this.backlogMean = backlogMean;
        this.backlogP50 = backlogP50;
        this.backlogP99 = backlogP99;
        this.backlogMax = backlogMax;
        this.sendBlockedP99 = sendBlockedP99;
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
     * Returns the recent window the window figures cover: from the oldest slot at most 10 s old to the
     * snapshot.
     *
     * @return the window's length
     */
    public Duration window() {
        return window;
    }

    /**
     * Returns how many elements the channel accepted (buffered or handed to a receiver), lifetime.
     *
     * @return elements sent
     */
    public long sent() {
        return sent;
    }

    /**
     * Returns how many elements receivers took, lifetime.
     *
     * @return elements received
     */
    public long received() {
        return received;
    }

    /**
     * Returns how many elements the channel accepted in the {@link #window()}.
     *
     * @return elements sent recently
     */
    public long sentInWindow() {
        return sentInWindow;
    }

    /**
     * Returns how many elements receivers took in the {@link #window()}.
     *
     * @return elements received recently
     */
    public long receivedInWindow() {
        return receivedInWindow;
    }

    /**
     * Returns how many send attempts found the buffer full in the {@link #window()}.
     *
     * @return recent sends that found the channel full
     */
    public long sendsFoundFullInWindow() {
        return sendsFoundFullInWindow;
    }

    /**
     * Returns the time senders spent parked, for the parks that ended in the {@link #window()}.
     *
     * @return recent blocked time of senders
     */
    public Duration sendBlockedInWindow() {
        return sendBlockedInWindow;
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
     * Returns the mean number of buffered elements a send found, in the window.
     *
     * @return the mean backlog at send time
     */
    public double backlogMean() {
        return backlogMean;
    }

    /**
     * Returns the median backlog a send found, in the window.
     *
     * @return the backlog p50
     */
    public int backlogP50() {
        return backlogP50;
    }

    /**
     * Returns the 99th percentile of the backlog a send found, in the window.
     *
     * @return the backlog p99
     */
    public int backlogP99() {
        return backlogP99;
    }

    /**
     * Returns the largest backlog a send found in the window.
     *
     * @return the peak backlog
     */
    public int backlogMax() {
        return backlogMax;
    }

    /**
     * Returns how many send attempts found the buffer full (and then blocked, timed out or returned false),
     * lifetime.
     *
     * @return sends that found the channel full
     */
    public long sendsFoundFull() {
        return sendsFoundFull;
    }

    /**
     * Returns how many sends parked waiting for room, lifetime.
     *
     * @return blocked sends
     */
    public long sendsBlocked() {
        return sendsBlocked;
    }

    /**
     * Returns the total time senders spent parked, lifetime.
     *
     * @return the total blocked time of senders
     */
    public Duration sendBlockedTotal() {
        return sendBlockedTotal;
    }

    /**
     * Returns the 99th percentile of one blocked send's parked time, over the sends that ended their park in
     * the window.
     *
     * @return the p99 of sender blocking
     */
    public Duration sendBlockedP99() {
        return sendBlockedP99;
    }

    /**
     * Returns how many receives parked waiting for an element, lifetime.
     *
     * @return receives that waited
     */
    public long receivesWaited() {
        return receivesWaited;
    }

    /**
     * Returns the total time receivers spent parked, lifetime.
     *
     * @return the total wait time of receivers
     */
    public Duration receiveWaitTotal() {
        return receiveWaitTotal;
    }

    /**
     * Returns the 99th percentile of one waiting receive's parked time, over the receives that ended their
     * park in the window.
     *
     * @return the p99 of receiver waiting
     */
    public Duration receiveWaitP99() {
        return receiveWaitP99;
    }

    /**
     * Returns the mean consumer batch in the window: how many elements receivers took back-to-back before
     * one found the channel empty (batches that ended in the window). With several receivers the runs
     * interleave; the figure is then per channel.
     *
     * @return the mean batch size, 0 if no batch has ended yet
     */
    public double batchMean() {
        return batchMean;
    }

    /**
     * Returns the 99th percentile of the consumer batch size, in the window.
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
                "ChannelStats[capacity=%d, lifetime: sent=%d, received=%d, found full=%d, senders blocked=%d"
                        + " (total %d ms), receivers waited=%d (total %d ms); last %d ms: sent=%d, received=%d,"
                        + " rate in/out=%.0f/%.0f per s, found full=%d, backlog mean/p50/p99/max=%.1f/%d/%d/%d,"
                        + " senders blocked %d ms (p99 %d us), receivers' wait p99 %d us, batch mean/p99=%.1f/%d]",
                capacity, sent, received, sendsFoundFull, sendsBlocked, sendBlockedTotal.toMillis(), receivesWaited,
                receiveWaitTotal.toMillis(), window.toMillis(), sentInWindow, receivedInWindow, sendRate,
                receiveRate, sendsFoundFullInWindow, backlogMean, backlogP50, backlogP99, backlogMax,
                sendBlockedInWindow.toMillis(), sendBlockedP99.toNanos() / 1000, receiveWaitP99.toNanos() / 1000,
                batchMean, batchP99);
    }
}
