package io.loomkit.map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HashingTest {
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
    void highBitOnlyDifferencesReachTheLowBits() {
        Set<Integer> buckets = new HashSet<>();
        for (int i = 0; i < 64; i++) {
            buckets.add(Hashing.mix(i << 20) & 63);
            buckets.add(Hashing.mix((long) i << 40) & 63);
        }
        assertTrue(buckets.size() > 32, "low bits should spread, got " + buckets.size() + " buckets");
    }
}
