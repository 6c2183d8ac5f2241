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
    void rebuildLeavesAtMostOneThirdLoad() {
        assertTrue(Hashing.rebuildLengthFor(1000) >= 3000);
        assertEquals(2, Hashing.rebuildLengthFor(0));
    }
}
