package io.loomkit.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loomkit.channel.CapacityAdvice.Verdict;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Old traffic ages out of {@link Channel#stats()}'s window figures, the advice and the adaptation, while
 * the lifetime totals keep counting. Single-threaded on a synthetic clock: deterministic.
 */
class WindowedStatsTest {
    private static final long MS = 1_000_000L;
    private static final long HOUR = 3_600_000L * MS;

    private final AtomicLong clock = new AtomicLong(1_000 * MS);

    private Channel<Integer> measured(int capacity) {
        return new Channel<>(capacity, null, new TrafficMeter(null, clock::get));
    }

    private Channel<Integer> adaptive(int capacity, int min, int max) {
        return new Channel<>(capacity, null, new TrafficMeter(new Adaptation(min, max), clock::get));
    }

    /** {@code rounds} times: send {@code batch}, receive them all, find the channel empty, let time pass. */
    private void batches(Channel<Integer> ch, int rounds, int batch, long nanosPerRound) {
        for (int r = 0; r < rounds; r++) {
            for (int i = 0; i < batch; i++) {
                assertTrue(ch.trySend(i));
            }
            for (int i = 0; i < batch; i++) {
                assertEquals(i, ch.tryReceive());
            }
            assertNull(ch.tryReceive());
            clock.addAndGet(nanosPerRound);
        }
    }

    @Test
    void aBacklogAnHourAgoDoesNotCountInTodaysAdvice() {
        Channel<Integer> ch = measured(1024);
        batches(ch, 5, 500, 100 * MS);
        ChannelStats before = ch.stats();
        assertEquals(499, before.backlogMax());
        assertTrue(CapacityAdvisor.advise(before).recommendedCapacity() >= 500, before.toString());

        clock.addAndGet(HOUR);
        batches(ch, 200, 4, 10 * MS);
        ChannelStats s = ch.stats();
        CapacityAdvice advice = CapacityAdvisor.advise(s);
        assertEquals(2_500 + 800, s.sent(), s.toString()); // lifetime
        assertEquals(2_500 + 800, s.received(), s.toString());
        // The window starts at the first tick after the idle hour (at most 63 sends in).
        assertTrue(s.sentInWindow() > 800 - 64 && s.sentInWindow() <= 800, s.toString());
        assertEquals(3, s.backlogMax(), s.toString());
        assertEquals(4.0, s.batchMean(), 1e-9, s.toString());
        assertEquals(Verdict.OVERSIZED, advice.verdict(), advice.toString());
        assertEquals(10, advice.recommendedCapacity(), advice.toString()); // batch 4 x 2.5
    }

    @Test
    void sendsThatFoundItFullAgeOutWithinTheWindow() {
        Channel<Integer> ch = measured(16);
        for (int r = 0; r < 100; r++) { // 2 s of a producer running into a full buffer
            for (int i = 0; i < 16; i++) {
                assertTrue(ch.trySend(i));
            }
            for (int i = 0; i < 3; i++) {
                assertTrue(!ch.trySend(i));
            }
            for (int i = 0; i < 16; i++) {
                ch.tryReceive();
            }
            assertNull(ch.tryReceive());
            clock.addAndGet(20 * MS);
        }
        ChannelStats burst = ch.stats();
        assertEquals(300, burst.sendsFoundFullInWindow(), burst.toString());
        assertEquals(Verdict.UNDERSIZED, CapacityAdvisor.advise(burst).verdict(), burst.toString());

        batches(ch, 400, 4, 10 * MS); // 4 s of healthy traffic: the burst is still in the window
        ChannelStats mid = ch.stats();
        assertEquals(300, mid.sendsFoundFullInWindow(), mid.toString());

        batches(ch, 800, 4, 10 * MS); // 8 s more: now it is not
        ChannelStats s = ch.stats();
        assertEquals(300, s.sendsFoundFull(), s.toString()); // lifetime
        assertEquals(0, s.sendsFoundFullInWindow(), s.toString());
        assertTrue(s.window().compareTo(Duration.ofSeconds(8)) >= 0, s.toString());
        assertTrue(s.window().compareTo(Duration.ofSeconds(10)) <= 0, s.toString());
        CapacityAdvice advice = CapacityAdvisor.advise(s);
        assertEquals(Verdict.OK, advice.verdict(), advice.toString()); // batch rule 10: 16 is not 2x oversized
    }

    @Test
    void ratesFollowTheRecentTraffic() {
        Channel<Integer> ch = measured(64);
        batches(ch, 2_000, 10, 10 * MS); // 1000 per s for 20 s
        ChannelStats fast = ch.stats();
        assertEquals(1_000.0, fast.sendRate(), 10.0, fast.toString());
        assertEquals(1_000.0, fast.receiveRate(), 10.0, fast.toString());

        batches(ch, 1_200, 2, 10 * MS); // 200 per s for 12 s
        ChannelStats slow = ch.stats();
        assertEquals(200.0, slow.sendRate(), 4.0, slow.toString());
        assertEquals(200.0, slow.receiveRate(), 4.0, slow.toString());
        assertEquals(2.0, slow.batchMean(), 1e-9, slow.toString());
    }

    @Test
    void anIdleGapLongerThanTheWindowEmptiesIt() {
        Channel<Integer> ch = measured(64);
        batches(ch, 100, 8, 10 * MS);
        clock.addAndGet(HOUR);
        ChannelStats s = ch.stats();
        assertEquals(800, s.sent());
        assertEquals(800, s.received());
        assertEquals(0, s.sentInWindow(), s.toString());
        assertEquals(0, s.receivedInWindow(), s.toString());
        assertEquals(0.0, s.sendRate());
        assertEquals(0, s.backlogMax());
        assertEquals(Duration.ZERO, s.window());
        assertEquals(Verdict.NOT_ENOUGH_DATA, CapacityAdvisor.advise(s).verdict());
    }

    @Test
    void adaptiveShrinkFollowsTheRecentBatchNotTheLifetimeMean() {
        Channel<Integer> ch = adaptive(1024, 1, 1024);
        batches(ch, 50, 100, 20 * MS); // 1 s of batches of 100: quiet at 1024, shrinks to 2.5 x 100
        assertEquals(250, ch.capacity());
        // Batches of 4: after four quiet epochs the target is 2.5 x 4 = 10. With the lifetime batch mean
        // (still about 50 after 1 s of this) it would have been ~130.
        batches(ch, 100, 4, 10 * MS);
        assertEquals(10, ch.capacity());
        ChannelStats s = ch.stats();
        assertEquals(5_000 + 400, s.sent());
    }

    @Test
    void adaptiveGrowthPhaseAgesOutOfTheAdvice() {
        Channel<Integer> ch = adaptive(1, 1, 1024);
        for (int r = 0; r < 200; r++) { // bursts of 8 into a small channel: it grows
            for (int i = 0; i < 8; i++) {
                if (!ch.trySend(i)) {
                    break;
                }
            }
            while (ch.tryReceive() != null) {
                // drain
            }
            clock.addAndGet(10 * MS);
        }
        int grown = ch.capacity();
        assertTrue(grown >= 8, "capacity " + grown);
        ChannelStats early = ch.stats();
        assertTrue(early.sendsFoundFullInWindow() > 0, early.toString());
        batches(ch, 1_100, 8, 10 * MS); // 11 s of bursts it absorbs
        ChannelStats s = ch.stats();
        assertEquals(0, s.sendsFoundFullInWindow(), s.toString());
        assertTrue(s.sendsFoundFull() > 0, s.toString());
        CapacityAdvice advice = CapacityAdvisor.advise(s);
        assertTrue(advice.verdict() == Verdict.OK || advice.verdict() == Verdict.OVERSIZED, advice.toString());
    }
}
