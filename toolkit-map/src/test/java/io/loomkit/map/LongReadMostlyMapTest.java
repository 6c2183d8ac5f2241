package io.loomkit.map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LongReadMostlyMapTest {

    @Test
    void readmeExample() {
        LongReadMostlyMap<String> users = LongReadMostlyMap.create();
        users.put(42L, "ada");
        String name = users.get(42L);
        users.computeIfAbsent(7L, id -> "user-" + id);
        LongReadMostlyMap.Snapshot<String> frozen = users.snapshot();
        users.remove(42L);
        assertEquals("ada", name);
        assertEquals(2, frozen.size());
        assertEquals("ada", frozen.get(42L));
        assertEquals("user-7", users.get(7L));
        assertNull(users.get(42L));
    }

    @Test
    void extremeKeysAndZeroAreOrdinaryKeys() {
        LongReadMostlyMap<String> map = LongReadMostlyMap.create();
        long[] keys = {0L, -1L, Long.MIN_VALUE, Long.MAX_VALUE, 1L << 40};
        for (long k : keys) {
            map.put(k, "v" + k);
        }
        for (long k : keys) {
            assertEquals("v" + k, map.get(k));
        }
        long[] snapshotKeys = map.snapshot().keys();
        Arrays.sort(snapshotKeys);
        long[] sorted = keys.clone();
        Arrays.sort(sorted);
        assertArrayEquals(sorted, snapshotKeys);
    }

    @Test
    void nullValueIsRejectedBeforeAnyChange() {
        LongReadMostlyMap<String> map = LongReadMostlyMap.create();
        assertEquals("value", assertThrows(NullPointerException.class, () -> map.put(1L, null)).getMessage());
        assertTrue(map.isEmpty());
    }

    @Test
    void computeIfAbsentRunsOnceAndNotForPresentKeys() {
        LongReadMostlyMap<String> map = LongReadMostlyMap.create();
        AtomicInteger calls = new AtomicInteger();
        assertEquals("x", map.computeIfAbsent(5L, k -> {
            calls.incrementAndGet();
            return "x";
        }));
        assertEquals("x", map.computeIfAbsent(5L, k -> {
            throw new AssertionError("called for a present key");
        }));
        assertEquals(1, calls.get());
        assertThrows(IllegalStateException.class, () -> map.computeIfAbsent(6L, k -> map.put(7L, "y")));
    }

    @Test
    void snapshotDoesNotSeeLaterWritesAndTableIsCompactedAfterChurn() {
        LongReadMostlyMap<Long> map = LongReadMostlyMap.create();
        for (long i = 0; i < 10_000; i++) {
            map.put(i, i);
        }
        LongReadMostlyMap.Snapshot<Long> snap = map.snapshot();
        for (long i = 0; i < 10_000; i++) {
            map.remove(i);
        }
        assertEquals(10_000, snap.size());
        assertEquals(9_999L, snap.get(9_999L));
        assertEquals(0, map.size());
        for (long round = 0; round < 200; round++) {
            map.put(round, round);
            map.remove(round);
        }
        assertEquals("{}", map.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"platform", "virtual"})
    void concurrentComputeIfAbsentAgreesOnOneValue(String threads) throws Exception {
        ThreadFactory factory = threads.equals("virtual")
                ? Thread.ofVirtual().factory() : Thread.ofPlatform().factory();
        LongReadMostlyMap<Object> map = LongReadMostlyMap.create();
        AtomicInteger calls = new AtomicInteger();
        int keys = 2_000;
        Object[][] seen = new Object[4][keys];
        List<Thread> all = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int id = t;
            all.add(factory.newThread(() -> {
                for (int k = 0; k < keys; k++) {
                    seen[id][k] = map.computeIfAbsent(k, key -> {
                        calls.incrementAndGet();
                        return new Object();
                    });
                }
            }));
        }
        all.forEach(Thread::start);
        for (Thread t : all) {
            t.join();
        }
        assertEquals(keys, calls.get());
        assertEquals(keys, map.size());
        for (int k = 0; k < keys; k++) {
            for (int t = 1; t < 4; t++) {
                assertTrue(seen[0][k] == seen[t][k], "key " + k);
            }
        }
    }
}
