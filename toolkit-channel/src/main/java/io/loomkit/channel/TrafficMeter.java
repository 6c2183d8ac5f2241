package io.loomkit.channel;

import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The traffic counters of a measured channel (ADR 0023). Everything except the two wait histograms is
 * written only under the channel's lock, by the send and receive paths that already hold it, so counting
 * costs a few plain stores and no atomics. The clock is read once per {@link #TICK_MASK}+1 buffered sends
 * (to roll the rate window) and around a park, never on the fast path otherwise.
 *
 * <p>The wait histograms are recorded after a park, when the lock is no longer held; they are guarded by
 * their own monitor, held for a few arithmetic instructions (nothing blocks inside it).
 */
final class TrafficMeter {
    /** Roll the window once every 64 buffered sends. */
    static final int TICK_MASK = 63;
    static final int SLOTS = 8;
    static final long SLOT_NANOS = 125_000_000L;

    private final Adaptation adaptation;

    private long sent;
    private long received;
    private long sendsFoundFull;
    private long appends;
    // The backlog histogram is inlined (one array, three fields next to the counters): every send records
    // into it, and fewer objects touched means fewer cache lines moving between producer and consumer cores.
    private final long[] backlogBuckets = new long[33];
    private long backlogSum;
    private int backlogMax;
    private final Log2Histogram batches = new Log2Histogram();
    private int run;

    // Rate window: a ring of (time, sent, received) snapshots, one per slot.
    private final long[] slotTime = new long[SLOTS];
    private final long[] slotSent = new long[SLOTS];
    private final long[] slotReceived = new long[SLOTS];
    private int slot;

    private final Log2Histogram sendBlocked = new Log2Histogram();
    private final Log2Histogram receiveWaited = new Log2Histogram();
    /**
     * Guards both park-time histograms, recorded outside the channel lock after a park; a lock, not
     * {@code synchronized}, because a contended monitor pins a virtual thread's carrier on JDK 21-23.
     */
    private final ReentrantLock parkTimes = new ReentrantLock();

    TrafficMeter(Adaptation adaptation) {
        this.adaptation = adaptation;
        long now = System.nanoTime();
        java.util.Arrays.fill(slotTime, now);
    }

    /** An element entered the buffer (or was handed over) while {@code backlog} elements were buffered. */
    void sentLocked(int backlogAtSend) {
        sent++;
        backlogBuckets[32 - Integer.numberOfLeadingZeros(backlogAtSend)]++;
        backlogSum += backlogAtSend;
        if (backlogAtSend > backlogMax) {
            backlogMax = backlogAtSend;
        }
    }

    /**
     * An element was appended to the buffer by a send that found room; the only place that rolls the
     * window and adapts, because here no sender can be waiting (ADR 0024).
     *
     * @return the new logical capacity, or -1 to keep it
     */
    int appendedLocked(int backlogAtSend, int capacity) {
        sentLocked(backlogAtSend);
        if ((++appends & TICK_MASK) == 0) {
            return tickLocked(System.nanoTime(), capacity, backlogAtSend);
        }
        if (adaptation != null) {
            adaptation.observe(backlogAtSend + 1);
        }
        return -1;
    }

    void foundFullLocked() {
        sendsFoundFull++;
        if (adaptation != null) {
            adaptation.full++;
        }
    }

    void receivedLocked() {
        received++;
        run++;
    }

    /** A receiver found the channel empty: the consumer's current batch ends. */
    void emptyLocked() {
        if (run > 0) {
            batches.record(run);
            run = 0;
        }
    }

    /** Rolls the rate window if a slot has passed; returns a new capacity from the adaptation, or -1. */
    int tickLocked(long now, int capacity, int backlogAtSend) {
        if (adaptation != null) {
            adaptation.observe(backlogAtSend + 1);
        }
        if (now - slotTime[slot] < SLOT_NANOS) {
            return -1;
        }
        slot = slot + 1 == SLOTS ? 0 : slot + 1;
        slotTime[slot] = now;
        slotSent[slot] = sent;
        slotReceived[slot] = received;
        return adaptation == null ? -1 : adaptation.epochEnded(capacity, batches.mean());
    }

    boolean adaptive() {
        return adaptation != null;
    }

    void sendBlocked(long nanos) {
        parkTimes.lock();
        try {
            sendBlocked.record(nanos);
        } finally {
            parkTimes.unlock();
        }
    }

    void receiveWaited(long nanos) {
        parkTimes.lock();
        try {
            receiveWaited.record(nanos);
        } finally {
            parkTimes.unlock();
        }
    }

    /** Takes a snapshot; caller holds the channel's lock. */
    ChannelStats snapshotLocked(int capacity, long now) {
        // The oldest snapshot still inside the window, or else the newest one.
        int best = slot;
        for (int i = 1; i < SLOTS; i++) {
            int s = slot - i < 0 ? slot - i + SLOTS : slot - i;
            if (now - slotTime[s] <= SLOTS * SLOT_NANOS && slotTime[s] - slotTime[best] < 0) {
                best = s;
            }
        }
        long span = Math.max(1L, now - slotTime[best]);
        double sendRate = (sent - slotSent[best]) * 1e9 / span;
        double receiveRate = (received - slotReceived[best]) * 1e9 / span;
        Log2Histogram blocked;
        Log2Histogram waited;
        parkTimes.lock();
        try {
            blocked = sendBlocked.copy();
            waited = receiveWaited.copy();
        } finally {
            parkTimes.unlock();
        }
        return new ChannelStats(capacity, Duration.ofNanos(span), sent, received, sendRate, receiveRate,
                sent == 0 ? 0.0 : (double) backlogSum / sent,
                (int) Log2Histogram.percentile(backlogBuckets, sent, backlogMax, 0.50),
                (int) Log2Histogram.percentile(backlogBuckets, sent, backlogMax, 0.99), backlogMax, sendsFoundFull, blocked.count(), Duration.ofNanos(blocked.sum()),
                Duration.ofNanos(blocked.percentile(0.99)), waited.count(), Duration.ofNanos(waited.sum()),
                Duration.ofNanos(waited.percentile(0.99)), batches.mean(), (int) batches.percentile(0.99));
    }
}
