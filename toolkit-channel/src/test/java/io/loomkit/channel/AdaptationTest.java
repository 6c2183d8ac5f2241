package io.loomkit.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The resize policy on synthetic epochs: when it grows, when it waits, when it shrinks. */
class AdaptationTest {
    private static final int KEEP = -1;

    @Test
    void strongPressureGrowsAtOnce() {
        Adaptation a = new Adaptation(1, 1024);
        assertEquals(32, a.epochEnded(16, 90, 10, 16, 10, 90)); // 10% of sends found it full
    }

    @Test
    void mildPressureGrowsOnlyInTwoEpochsInARow() {
        Adaptation a = new Adaptation(1, 1024);
        assertEquals(KEEP, a.epochEnded(16, 98, 2, 16, 10, 98)); // 2%: a stall, once
        assertEquals(KEEP, a.epochEnded(16, 100, 0, 8, 10, 100));
        assertEquals(KEEP, a.epochEnded(16, 98, 2, 16, 10, 98));
        assertEquals(32, a.epochEnded(16, 98, 2, 16, 10, 98)); // again: it is the traffic, grow
        assertEquals(KEEP, a.epochEnded(32, 98, 2, 32, 10, 98)); // the next doubling needs its own evidence
        assertEquals(64, a.epochEnded(32, 98, 2, 32, 10, 98));
    }

    @Test
    void onePercentIsNotPressure() {
        Adaptation a = new Adaptation(1, 1024);
        assertEquals(KEEP, a.epochEnded(16, 99, 1, 16, 10, 99));
        assertEquals(KEEP, a.epochEnded(16, 99, 1, 16, 10, 99));
    }

    @Test
    void neverGrowsPastMax() {
        Adaptation a = new Adaptation(1, 24);
        assertEquals(24, a.epochEnded(16, 50, 50, 16, 1, 50));
        assertEquals(KEEP, a.epochEnded(24, 50, 50, 24, 1, 50));
    }

    @Test
    void shrinksAfterFourQuietEpochsToTheQuietRunsFigures() {
        Adaptation a = new Adaptation(1, 1024);
        for (int i = 0; i < Adaptation.QUIET_EPOCHS - 1; i++) {
            assertEquals(KEEP, a.epochEnded(512, 100, 0, 9, 12, 96)); // peak 9, batches of 8
        }
        assertEquals(20, a.epochEnded(512, 100, 0, 9, 12, 96)); // max(2 x 9, 2.5 x 8)
        assertEquals(KEEP, a.epochEnded(20, 100, 0, 9, 12, 96)); // 9 > 20 / 4: not quiet, no oscillation
    }
}
