package io.loomkit.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The meter counts every park exactly and times them all while they are sparse; while they are denser
 * than one per {@link TrafficMeter#DENSE_PARK_NANOS} it times one in {@link TrafficMeter#PARK_SAMPLE},
 * recorded with that weight. Single-threaded on a synthetic clock; a snapshot is a tick, where the meter
 * judges the density.
 */
class ParkSamplingTest {
    private static final long US = 1_000L;
    private final AtomicLong clock = new AtomicLong(1_000_000_000L);
    private final TrafficMeter meter = new TrafficMeter(null, clock::get);

    /** {@code n} sender parks, each {@code gap} apart and lasting {@code length}; returns how many were timed. */
    private int senderParks(int n, long gap, long length) {
        int timed = 0;
        for (int i = 0; i < n; i++) {
            clock.addAndGet(gap);
            int weight = meter.senderParksLocked();
            if (weight != 0) {
                timed++;
                meter.sendBlocked(length, weight);
            }
        }
        return timed;
    }

    @Test
    void sparseParksAreAllTimed() {
        assertEquals(100, senderParks(100, 1_000 * US, 50 * US));
        meter.snapshotLocked(16, 0);
        assertEquals(100, senderParks(100, 1_000 * US, 50 * US));
        ChannelStats s = meter.snapshotLocked(16, 0);
        assertEquals(200, s.sendsBlocked());
        assertEquals(200 * 50 * US, s.sendBlockedTotal().toNanos());
    }

    @Test
    void denseParksAreTimedOneInEightWithWeightEightAndCountedExactly() {
        // Until the first tick every park is timed; the tick then sees 80 parks in 80 us: dense.
        assertEquals(80, senderParks(80, US, 2 * US));
        meter.snapshotLocked(16, 0);
        assertEquals(800 / TrafficMeter.PARK_SAMPLE, senderParks(800, US, 2 * US));
        for (int i = 0; i < 40; i++) {
            clock.addAndGet(US);
            int weight = meter.receiverParksLocked();
            if (weight != 0) {
                assertEquals(TrafficMeter.PARK_SAMPLE, weight);
                meter.receiveWaited(3 * US, weight);
            }
        }
        ChannelStats s = meter.snapshotLocked(16, 0);
        assertEquals(880, s.sendsBlocked());
        assertEquals(40, s.receivesWaited());
        // 80 timed one by one, then 100 timed standing for 8 each: the estimate is exact for equal parks.
        assertEquals(880 * 2 * US, s.sendBlockedTotal().toNanos());
        assertEquals(40 * 3 * US, s.receiveWaitTotal().toNanos());

        // The parks thin out: the next tick sees 1 park in a second, and every park is timed again.
        senderParks(1, 1_000_000 * US, 2 * US);
        meter.snapshotLocked(16, 0);
        assertEquals(10, senderParks(10, 1_000 * US, 2 * US));
    }
}
