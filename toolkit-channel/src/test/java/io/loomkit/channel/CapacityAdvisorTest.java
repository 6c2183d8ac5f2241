package io.loomkit.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loomkit.channel.CapacityAdvice.Verdict;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The advisor on synthetic stats: each verdict and the boundaries between them. */
class CapacityAdvisorTest {

    /** A steady, healthy channel: rates in = out, nothing found full. */
    private static Traffic traffic(int capacity) {
        return new Traffic(capacity);
    }

    private static final class Traffic {
        int capacity;
        long sent = 10_000;
        long received = 10_000;
        long full;
        double sendRate = 1_000;
        double receiveRate = 1_000;
        int p50 = 7;
        int p99 = 15;
        int max = 20;
        double batch = 16;

        Traffic(int capacity) {
            this.capacity = capacity;
        }

        ChannelStats stats() {
            // Lifetime totals far larger than the window's: the advisor must judge the window only.
            return new ChannelStats(capacity, 1_000_000 + sent, 1_000_000 + received, 900_000 + full,
                    900_000 + full, Duration.ofSeconds(900), 0, Duration.ZERO, Duration.ofSeconds(10), sent,
                    received, full, Duration.ofMillis(full), sendRate, receiveRate, p50 / 2.0, p50, p99, max,
                    Duration.ofMillis(1), Duration.ZERO, batch, (int) (batch * 2));
        }

        CapacityAdvice advise() {
            return CapacityAdvisor.advise(stats());
        }
    }

    @Test
    void notEnoughDataBelowTheSampleThreshold() {
        Traffic t = traffic(1024);
        t.received = CapacityAdvisor.MIN_SAMPLES - 1;
        CapacityAdvice a = t.advise();
        assertEquals(Verdict.NOT_ENOUGH_DATA, a.verdict());
        assertEquals(1024, a.recommendedCapacity());
        t.received = CapacityAdvisor.MIN_SAMPLES;
        assertEquals(Verdict.OVERSIZED, t.advise().verdict());
    }

    @Test
    void oversizedShrinksToTheBatchRule() {
        CapacityAdvice a = traffic(1024).advise();
        assertEquals(Verdict.OVERSIZED, a.verdict());
        assertEquals(40, a.recommendedCapacity()); // 16 x 2.5, above the peak rule 15 + 1
        assertTrue(a.reason().contains("batch 16.0 x 2.5 = 40"), a.reason());
        assertTrue(a.toString().startsWith("OVERSIZED: shrink capacity 1024 -> 40 (saves ~3936 bytes) — "),
                a.toString());
        assertFalse(a.toString().contains("\n"));
    }

    @Test
    void oversizedBoundaryIsHalfTheCapacity() {
        assertEquals(Verdict.OVERSIZED, traffic(80).advise().verdict()); // 40 x 2 <= 80
        CapacityAdvice ok = traffic(79).advise();
        assertEquals(Verdict.OK, ok.verdict());
        assertEquals(79, ok.recommendedCapacity());
        assertTrue(ok.toString().startsWith("OK: keep capacity 79 — fits: "), ok.toString());
    }

    @Test
    void peakRuleWinsOverASmallBatch() {
        Traffic t = traffic(1024);
        t.batch = 1;
        t.p99 = 63;
        t.max = 70;
        CapacityAdvice a = t.advise();
        assertEquals(Verdict.OVERSIZED, a.verdict());
        assertEquals(64, a.recommendedCapacity());
        assertTrue(a.reason().startsWith("peak backlog p99+1 = 64"), a.reason());
    }

    @Test
    void littlesLawCapsThePeakRule() {
        Traffic t = traffic(1024);
        t.p99 = 511;
        CapacityAdvice a = t.advise(); // 1000/s x 100 ms = 100 < 512
        assertEquals(Verdict.OVERSIZED, a.verdict());
        assertEquals(100, a.recommendedCapacity());
        assertTrue(a.reason().startsWith("Little's law 1000/s x 100 ms = 100"), a.reason());
        assertEquals(256, CapacityAdvisor.advise(t.stats(), Duration.ofMillis(256)).recommendedCapacity());
    }

    @Test
    void undersizedAboveOnePercentFull() {
        Traffic t = traffic(64);
        t.full = 100; // exactly 1% of 10 000 sends: not yet undersized
        assertEquals(Verdict.OK, t.advise().verdict());
        t.full = 101;
        CapacityAdvice a = t.advise();
        assertEquals(Verdict.UNDERSIZED, a.verdict());
        assertEquals(100, a.recommendedCapacity()); // 2 x 64 = 128, capped by Little's law at 100
        assertTrue(a.toString().startsWith("UNDERSIZED: grow capacity 64 -> 100 — 1.0% of sends"), a.toString());
        t.capacity = 16;
        assertEquals(40, t.advise().recommendedCapacity()); // 2 x 16 = 32 < batch rule 40
    }

    @Test
    void undersizedAlwaysGrowsByAtLeastOne() {
        Traffic t = traffic(200);
        t.full = 1_000; // 10%, but Little's law allows only 100
        CapacityAdvice a = t.advise();
        assertEquals(Verdict.UNDERSIZED, a.verdict());
        assertEquals(201, a.recommendedCapacity());
    }

    @Test
    void consumerTooSlowWhenHalfTheSendsFoundItFull() {
        Traffic t = traffic(64);
        t.full = 4_999;
        assertEquals(Verdict.UNDERSIZED, t.advise().verdict());
        t.full = 5_000;
        CapacityAdvice a = t.advise();
        assertEquals(Verdict.CONSUMER_TOO_SLOW, a.verdict());
        assertEquals(64, a.recommendedCapacity());
        assertTrue(a.toString().startsWith("CONSUMER_TOO_SLOW: keep capacity 64; rate-limit producers or speed"
                + " up the consumer — 50.0% of sends found the buffer full"), a.toString());
    }

    @Test
    void consumerTooSlowWhenArrivalsOutrunService() {
        Traffic t = traffic(64);
        t.p50 = 32; // half the capacity
        t.sendRate = 1_100; // exactly +10%: not yet
        assertEquals(Verdict.OK, t.advise().verdict());
        t.sendRate = 1_101;
        assertEquals(Verdict.CONSUMER_TOO_SLOW, t.advise().verdict());
        t.p50 = 31; // the backlog is not building up: the excess is a transient
        assertEquals(Verdict.OK, t.advise().verdict());
    }

    @Test
    void argumentsAreChecked() {
        assertThrows(NullPointerException.class, () -> CapacityAdvisor.advise(null));
        ChannelStats s = traffic(8).stats();
        assertThrows(NullPointerException.class, () -> CapacityAdvisor.advise(s, null));
        assertThrows(IllegalArgumentException.class, () -> CapacityAdvisor.advise(s, Duration.ZERO));
    }
}
