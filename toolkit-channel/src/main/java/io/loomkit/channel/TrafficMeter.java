package io.loomkit.channel;

import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * The traffic counters of a measured channel (ADR 0023, ADR 0027).
 *
 * <p>Per element the meter does only plain stores under the channel's lock, which the send path already
 * holds: a send bumps {@code sent}, one backlog bucket, the backlog sum and a running peak. A receive does
 * nothing: received = sent - buffered - drained, and a consumer batch ends when a receiver finds the
 * channel empty (the received count then minus the one at the previous empty). The adaptation's epoch
 * figures are differences of the same counters. The clock is read at a <em>tick</em> (the first append
 * after {@link #TICK_MASK}+1 sends), once per as many found-full or found-empty events, around a park, and
 * in {@link #snapshotLocked(int, int)}; never otherwise.
 *
 * <p>Recent window: at a tick at least {@link #SLOT_NANOS} after the newest {@link Slot}, the meter
 * records a new slot: a copy of every cumulative counter and histogram, and the peak backlog since the
 * previous slot. A snapshot's window figures are the current counters minus the oldest slot at most
 * {@link #WINDOW_NANOS} old. Counters since the last tick whose time is unknown (at most
 * {@link #TICK_MASK} events of each kind) count as recent unless an idle gap made every slot too old: then
 * the snapshot records a slot at its own time and the window starts there, empty.
 *
 * <p>Parks are counted exactly, under the channel lock, when the waiter is queued. Their durations are
 * recorded after the park, when the channel lock is no longer held, into histograms each guarded by its
 * own lock ({@link ParkTimes}), held for a few instructions and never two at once. Lock order: channel
 * lock, then one of them. Timing a park costs two clock reads and that lock, about 60 ns here; in a 1P/1C
 * pair on virtual threads a side parks every second element or so, which made timing every park the
 * largest part of the meter's cost. So while parks come denser than one per {@link #DENSE_PARK_NANOS}
 * (judged at each tick from the parks since the previous one), only one park in {@link #PARK_SAMPLE} is
 * timed and recorded with that weight: the totals and percentiles are then estimates of the same
 * quantities from a systematic sample of at least 50,000 parks per second. Sparser parks, which are the
 * ones long enough to matter one by one, are all timed.
 */
final class TrafficMeter {
    /** A tick every 64 sends, and every 64 found-full or found-empty events. */
    static final int TICK_MASK = 63;
    /** The window is {@link #SLOTS} slots of {@link #SLOT_NANOS}: between 8 and 10 s of recent traffic. */
    static final int SLOTS = 5;
    static final long SLOT_NANOS = 2_000_000_000L;
    static final long WINDOW_NANOS = SLOTS * SLOT_NANOS;
    /** The adaptation decides once per epoch (ADR 0024). */
    static final long EPOCH_NANOS = 125_000_000L;
    private static final int BACKLOG_BUCKETS = 33;
    /** Parks denser than one per this many nanoseconds (a mean over a tick) are timed one in {@link #PARK_SAMPLE}. */
    static final long DENSE_PARK_NANOS = 20_000L;
    static final int PARK_SAMPLE = 8;

    private final Adaptation adaptation;
    private final LongSupplier clock;

    // Per element, under the channel lock.
    private long sent;
    private long nextTick = TICK_MASK + 1;
    private final long[] backlogBuckets = new long[BACKLOG_BUCKETS];
    private long backlogSum;
    private int tickPeak;

    // Per found-full / found-empty event, under the channel lock.
    private long sendsFoundFull;
    private int slowEvents;
    private long receivedAtEmpty;
    private long drained;
    private final Log2Histogram batches = new Log2Histogram();

    // Per tick, under the channel lock.
    private int periodPeak;
    private final Slot[] ring = new Slot[SLOTS];
    private int slot;
    private int epochPeak;
    private long epochStart;
    private long epochSent;
    private long epochFull;
    private long epochBatchCount;
    private long epochBatchSum;

    // Per park, under the channel lock: exact counts, and which parks to time (see the class comment).
    private long sendsBlocked;
    private long receivesWaited;
    private long parks;
    private int parkSampleMask;
    // Per tick, under the channel lock: the park density since the previous tick.
    private long parksAtRoll;
    private long rollTime;

    private final ParkTimes sendBlocked = new ParkTimes();
    private final ParkTimes receiveWaited = new ParkTimes();

    TrafficMeter(Adaptation adaptation) {
        this(adaptation, System::nanoTime);
    }

    /** With a synthetic {@code clock}, for deterministic tests of the window and the adaptation. */
    TrafficMeter(Adaptation adaptation, LongSupplier clock) {
        this.adaptation = adaptation;
        this.clock = clock;
        long now = clock.getAsLong();
        ring[0] = new Slot(now);
        epochStart = now;
        rollTime = now;
    }

    boolean adaptive() {
        return adaptation != null;
    }

    /** An element was handed to a waiting receiver or refilled from a waiting sender, at {@code backlog}. */
    void sentLocked(int backlog) {
        sent++;
        backlogBuckets[32 - Integer.numberOfLeadingZeros(backlog)]++;
        backlogSum += backlog;
        if (backlog > tickPeak) {
            tickPeak = backlog;
        }
    }

    /**
     * An element was appended to the buffer by a send that found room, at {@code backlog}; the only place
     * that may resize, because here no sender can be waiting (ADR 0024).
     *
     * @return the new logical capacity, or -1 to keep it
     */
    int appendedLocked(int backlog, int capacity) {
        backlogBuckets[32 - Integer.numberOfLeadingZeros(backlog)]++;
        backlogSum += backlog;
        if (backlog > tickPeak) {
            tickPeak = backlog;
        }
        // Sends that did not append (hand-offs, refills) also advance sent, so test for a crossing, not a
        // multiple: under a slow consumer most sends are refills, and the appends must still tick.
        if (++sent >= nextTick) {
            return tickLocked(capacity, backlog + 1);
        }
        return -1;
    }

    /** A send found the buffer full, holding {@code buffered} elements. */
    void foundFullLocked(int buffered) {
        sendsFoundFull++;
        if ((++slowEvents & TICK_MASK) == 0) {
            rollIfDueLocked(clock.getAsLong(), buffered);
        }
    }

    /**
     * A receiver found the channel empty: the consumer's current batch ends. Receives are not counted one
     * by one: with nothing buffered, everything sent and not drained has been received.
     */
    void emptyLocked() {
        long received = sent - drained;
        long run = received - receivedAtEmpty;
        if (run > 0) {
            batches.record(run);
            receivedAtEmpty = received;
        }
        if ((++slowEvents & TICK_MASK) == 0) {
            rollIfDueLocked(clock.getAsLong(), 0);
        }
    }

    /** {@code n} buffered elements were taken out by closeWithError: sent, never received. */
    void drainedLocked(int n) {
        drained += n;
    }

    private long received(int buffered) {
        return sent - buffered - drained;
    }

    /** A tick on the append path: roll the window if due, end the adaptation's epoch if due. */
    private int tickLocked(int capacity, int buffered) {
        nextTick = sent + TICK_MASK + 1;
        long now = clock.getAsLong();
        rollIfDueLocked(now, buffered);
        if (adaptation == null || now - epochStart < EPOCH_NANOS) {
            return -1;
        }
        long batchCount = batches.count();
        long batchSum = batches.sum();
        int result = adaptation.epochEnded(capacity, sent - epochSent, sendsFoundFull - epochFull, epochPeak + 1,
                batchCount - epochBatchCount, batchSum - epochBatchSum);
        epochStart = now;
        epochSent = sent;
        epochFull = sendsFoundFull;
        epochBatchCount = batchCount;
        epochBatchSum = batchSum;
        epochPeak = 0;
        return result;
    }

    /**
     * Folds the peak since the last tick into the window's and the epoch's; decides whether parks are dense
     * enough to sample; records a slot if due.
     */
    private void rollIfDueLocked(long now, int buffered) {
        long parksSince = parks - parksAtRoll;
        long elapsed = now - rollTime;
        parkSampleMask = parksSince * DENSE_PARK_NANOS > elapsed ? PARK_SAMPLE - 1 : 0;
        parksAtRoll = parks;
        rollTime = now;
        int peak = tickPeak;
        tickPeak = 0;
        if (peak > periodPeak) {
            periodPeak = peak;
        }
        if (peak > epochPeak) {
            epochPeak = peak;
        }
        if (now - ring[slot].time < SLOT_NANOS) {
            return;
        }
        slot = slot + 1 == SLOTS ? 0 : slot + 1;
        Slot s = ring[slot];
        if (s == null) {
            s = ring[slot] = new Slot(now);
        }
        s.time = now;
        s.peak = periodPeak;
        periodPeak = 0;
        s.sent = sent;
        s.received = received(buffered);
        s.sendsFoundFull = sendsFoundFull;
        s.backlogSum = backlogSum;
        s.backlog = copy(backlogBuckets, s.backlog);
        s.batchCount = batches.count();
        s.batchSum = batches.sum();
        s.batches = copy(batches.buckets(), s.batches);
        Log2Histogram blocked = sendBlocked.copy();
        s.blockedSum = blocked.sum();
        s.blocked = copy(blocked.buckets(), s.blocked);
        s.waited = copy(receiveWaited.copy().buckets(), s.waited);
    }

    /**
     * A sender is about to park. Counts it, and decides whether to time its park.
     *
     * @return the weight to record the park's duration with ({@link #sendBlocked(long, int)}), or 0 not to
     *     time it
     */
    int senderParksLocked() {
        sendsBlocked++;
        return parkWeightLocked();
    }

    /** A receiver is about to park: as {@link #senderParksLocked()}, for {@link #receiveWaited(long, int)}. */
    int receiverParksLocked() {
        receivesWaited++;
        return parkWeightLocked();
    }

    private int parkWeightLocked() {
        int mask = parkSampleMask;
        return (++parks & mask) == 0 ? mask + 1 : 0;
    }

    /** A sender's park timed by {@link #senderParksLocked()} lasted {@code nanos}; it stands for {@code weight} parks. */
    void sendBlocked(long nanos, int weight) {
        sendBlocked.record(nanos, weight);
    }

    /** A receiver's park timed by {@link #receiverParksLocked()} lasted {@code nanos}; it stands for {@code weight} parks. */
    void receiveWaited(long nanos, int weight) {
        receiveWaited.record(nanos, weight);
    }

    /** Takes a snapshot: lifetime totals and the recent window's figures. Caller holds the channel's lock. */
    ChannelStats snapshotLocked(int capacity, int buffered) {
        long now = clock.getAsLong();
        rollIfDueLocked(now, buffered);
        // The slots are in time order going back from the newest; the newest is at most SLOT_NANOS old.
        int base = slot;
        int peak = periodPeak;
        for (int i = 1; i < SLOTS; i++) {
            int s = slot - i < 0 ? slot - i + SLOTS : slot - i;
            if (ring[s] == null || now - ring[s].time > WINDOW_NANOS) {
                break;
            }
            peak = Math.max(peak, ring[base].peak);
            base = s;
        }
        Slot b = ring[base];
        long span = now - b.time;
        long received = received(buffered);
        long sentIn = sent - b.sent;
        long receivedIn = received - b.received;
        long[] backlog = minus(backlogBuckets, b.backlog);
        long[] batchesIn = minus(batches.buckets(), b.batches);
        long batchCountIn = batches.count() - b.batchCount;
        long batchSumIn = batches.sum() - b.batchSum;
        Log2Histogram sendTimes = sendBlocked.copy();
        Log2Histogram waitTimes = receiveWaited.copy();
        long blockedSum = sendTimes.sum();
        long blockedMax = sendTimes.max();
        long waitedSum = waitTimes.sum();
        long waitedMax = waitTimes.max();
        long[] blocked = minus(sendTimes.buckets(), b.blocked);
        long[] waited = minus(waitTimes.buckets(), b.waited);
        double perSecond = span <= 0L ? 0.0 : 1e9 / span;
        return new ChannelStats(capacity, sent, received, sendsFoundFull, sendsBlocked, Duration.ofNanos(blockedSum),
                receivesWaited, Duration.ofNanos(waitedSum),
                Duration.ofNanos(Math.max(0L, span)), sentIn, receivedIn, sendsFoundFull - b.sendsFoundFull,
                Duration.ofNanos(blockedSum - b.blockedSum), sentIn * perSecond, receivedIn * perSecond,
                sentIn == 0 ? 0.0 : (double) (backlogSum - b.backlogSum) / sentIn,
                (int) Log2Histogram.percentile(backlog, sentIn, peak, 0.50),
                (int) Log2Histogram.percentile(backlog, sentIn, peak, 0.99), sentIn == 0 ? 0 : peak,
                Duration.ofNanos(Log2Histogram.percentile(blocked, count(blocked), blockedMax, 0.99)),
                Duration.ofNanos(Log2Histogram.percentile(waited, count(waited), waitedMax, 0.99)),
                batchCountIn == 0 ? 0.0 : (double) batchSumIn / batchCountIn,
                (int) Log2Histogram.percentile(batchesIn, batchCountIn, batches.max(), 0.99));
    }

    private static long[] copy(long[] from, long[] to) {
        long[] dst = to == null ? new long[from.length] : to;
        System.arraycopy(from, 0, dst, 0, from.length);
        return dst;
    }

    /** {@code current - base} bucket by bucket; a null base is all zeros. */
    private static long[] minus(long[] current, long[] base) {
        long[] d = current.clone();
        if (base != null) {
            for (int i = 0; i < d.length; i++) {
                d[i] -= base[i];
            }
        }
        return d;
    }

    private static long count(long[] buckets) {
        long n = 0;
        for (long c : buckets) {
            n += c;
        }
        return n;
    }

    /**
     * The cumulative counters at {@link #time}, and the peak backlog between the previous slot and this
     * one. Arrays are null in the first slot (all zeros) until it is reused.
     */
    private static final class Slot {
        long time;
        int peak;
        long sent;
        long received;
        long sendsFoundFull;
        long backlogSum;
        long[] backlog;
        long batchCount;
        long batchSum;
        long[] batches;
        long blockedSum;
        long[] blocked;
        long[] waited;

        Slot(long time) {
            this.time = time;
        }
    }

    /**
     * A park-time histogram with its own lock, recorded outside the channel lock after a park. One lock per
     * histogram, so a producer and a consumer waking each other never contend (in a 1P/1C pair on virtual
     * threads a side parks every few elements, and a contended lock parks it once more). A lock, not
     * {@code synchronized}: a contended monitor pins a virtual thread's carrier on JDK 21-23.
     */
    private static final class ParkTimes {
        private final ReentrantLock lock = new ReentrantLock();
        private final Log2Histogram histogram = new Log2Histogram();

        void record(long nanos, int weight) {
            lock.lock();
            try {
                histogram.record(nanos, weight);
            } finally {
                lock.unlock();
            }
        }

        /** A consistent copy, taken under the lock. */
        Log2Histogram copy() {
            lock.lock();
            try {
                return histogram.copy();
            } finally {
                lock.unlock();
            }
        }
    }
}
