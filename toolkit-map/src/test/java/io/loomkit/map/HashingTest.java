package io.loomkit.map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HashingTest {
    @Test
    void tableLengthInEighthsKeepsLoadAtMostThreeEighths() {
        assertEquals(2, Hashing.tableLengthFor(0, 3));
        assertEquals(4, Hashing.tableLengthFor(1, 3));
        assertEquals(8, Hashing.tableLengthFor(3, 3));
        assertEquals(16, Hashing.tableLengthFor(4, 3));
        assertEquals(4096, Hashing.tableLengthFor(1000, 3));
        assertEquals(2048, Hashing.tableLengthFor(768, 3));
        assertEquals(4096, Hashing.tableLengthFor(769, 3));
        assertEquals(4096, Hashing.tableLengthFor(1000, 2));
        assertThrows(IllegalArgumentException.class, () -> Hashing.tableLengthFor(-1, 3));
    }

    @Test
    void tableLengthKeepsLoadAtMostOneHalf() {
        assertEquals(2, Hashing.tableLengthFor(0));
        assertEquals(2, Hashing.tableLengthFor(1));
        assertEquals(4, Hashing.tableLengthFor(2));
        assertEquals(8, Hashing.tableLengthFor(3));
        assertEquals(2048, Hashing.tableLengthFor(1000));
        assertEquals(1024, Hashing.tableLengthFor(512));
    }

    @Test
    void tableLengthRejectsImpossibleSizes() {
        assertThrows(IllegalArgumentException.class, () -> Hashing.tableLengthFor(-1));
        assertThrows(IllegalArgumentException.class, () -> Hashing.tableLengthFor(Integer.MAX_VALUE));
    }

    @Test
    void highBitOnlyDifferencesSpreadOverTheTable() {
        Set<Integer> ints = new HashSet<>();
        Set<Integer> longs = new HashSet<>();
        for (int i = 0; i < 64; i++) {
            ints.add(Hashing.slotOf(i << 20, 64));
            longs.add(Hashing.slotOf((long) i << 40, 64));
        }
        assertTrue(ints.size() > 32, "int slots should spread, got " + ints.size());
        assertTrue(longs.size() > 32, "long slots should spread, got " + longs.size());
    }

    @Test
    void consecutiveKeysRarelyShareASlot() {
        Set<Integer> slots = new HashSet<>();
        for (int i = 0; i < 512; i++) {
            int slot = Hashing.slotOf(Integer.hashCode(i), 1024);
            assertTrue(slot >= 0 && slot < 1024, "slot out of range: " + slot);
            slots.add(slot);
        }
        assertTrue(slots.size() > 500, "512 consecutive keys in 1024 slots took " + slots.size() + " slots");
    }

    @Test
    void aMillionEvenIntegersMostlySitOnTheirHomeSlot() {
        // Regression: folding h >>> 16 in before the multiply broke the spread of arithmetic sequences
        // above 65,536 keys (1.75 probes per hit at this size, ADR 0033); without it, 1.21.
        int n = 1_000_000;
        int slots = Hashing.tableLengthFor(n);
        int[] keyAt = new int[slots];
        Arrays.fill(keyAt, -1);
        long probes = 0;
        for (int i = 0; i < n; i++) {
            int s = Hashing.slotOf(Integer.hashCode(2 * i), slots);
            int p = 1;
            while (keyAt[s] >= 0) {
                s = (s + 1) & (slots - 1);
                p++;
            }
            keyAt[s] = 2 * i;
            probes += p;
        }
        // Inserting in key order, a key's probe count at insert time equals its probe count on a hit.
        double mean = probes / (double) n;
        assertTrue(mean < 1.3, "mean probes per hit: " + mean);
    }

    @Test
    void rebuildLeavesAtMostOneThirdLoad() {
        assertTrue(Hashing.rebuildLengthFor(1000) >= 3000);
        assertEquals(2, Hashing.rebuildLengthFor(0));
    }
}
