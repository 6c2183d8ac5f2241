package io.loomkit.map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntUnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Probe lengths over the real table after filling it through {@code put}: linear probing collapses if
 * the home slot function maps many keys to a few slots (low-bit indexing of strided keys), so every
 * key set a user is likely to have must keep hits and misses short (ADR 0035).
 */
class ProbeLengthTest {
    @ParameterizedTest(name = "{0} x {1}, presized {2}")
    @CsvSource({
        "1, 1000, false", "2, 1000, true", "2, 100000, true", "3, 100000, false", "64, 1000, true",
        "64, 100000, false", "1024, 1000, false", "1024, 100000, true", "65536, 100000, false",
        "1048576, 1000, true", "0, 1000, true", "0, 100000, false"})
    void stridedSequentialAndRandomKeysKeepShortProbes(int stride, int n, boolean presized) {
        SplittableRandom random = new SplittableRandom(stride * 31L + n);
        // stride 0: random keys
        IntUnaryOperator key = stride == 0 ? i -> random.nextInt() : i -> i * stride;
        ReadMostlyMap<Integer, Integer> map = presized
                ? ReadMostlyMap.builder().initialCapacity(n).build() : ReadMostlyMap.create();
        for (int i = 0; i < n; i++) {
            map.put(key.applyAsInt(i), i);
        }
        Object[] t = map.table;
        long hitProbes = 0;
        long live = 0;
        for (int i = 0; i < Slots.end(t); i += 2) {
            if (Slots.isLive(t[i + 1])) {
                hitProbes += 1 + Slots.displacement(t, i, t[i].hashCode());
                live++;
            }
        }
        long missProbes = 0;
        int misses = 10_000;
        for (int m = 0; m < misses; m++) {
            int absent = stride == 0 ? random.nextInt() : -(m * Math.max(stride, 1)) - 1;
            int p = 1;
            for (int i = Slots.home(t, Integer.hashCode(absent)); t[i + 1] != null; i = Slots.next(t, i)) {
                p++;
            }
            missProbes += p;
        }
        double hit = hitProbes / (double) live;
        double miss = missProbes / (double) misses;
        String what = "stride " + stride + ", " + n + " keys: hit " + hit + ", miss " + miss + " slots; scrambled "
                + Slots.scrambled(t);
        assertTrue(hit < 1.4, what);
        assertTrue(miss < 2.2, what);
    }

    @Test
    void evenKeysKeepLowBitIndexingSoEveryOddKeyMissesOnAnEmptyHomeSlot() {
        ReadMostlyMap<Integer, Integer> map = ReadMostlyMap.builder().initialCapacity(100_000).build();
        for (int i = 0; i < 100_000; i++) {
            map.put(2 * i, i);
        }
        Object[] t = map.table;
        assertFalse(Slots.scrambled(t));
        for (int i = 0; i < 100_000; i++) {
            assertEquals(2 * i, t[Slots.home(t, Integer.hashCode(2 * i))]);
            assertEquals(null, t[Slots.home(t, Integer.hashCode(2 * i + 1)) + 1]);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"platform", "virtual"})
    void readersNeverMissAKeyWhileTheTableSwitchesToFibonacciHashing(String threads) throws Exception {
        ThreadFactory factory = threads.equals("virtual")
                ? Thread.ofVirtual().factory() : Thread.ofPlatform().factory();
        for (int round = 0; round < 200; round++) {
            // A default map has 64 slots (load limit 24): 8 even keys stay on low bits, then the odd keys
            // 1..15 close the gaps into one run of 16 slots, whose last insert rebuilds the table scrambled.
            ReadMostlyMap<Integer, Integer> map = ReadMostlyMap.create();
            for (int i = 0; i < 8; i++) {
                map.put(2 * i, i);
            }
            assertFalse(Slots.scrambled(map.table));
            AtomicBoolean switched = new AtomicBoolean();
            AtomicReference<String> failure = new AtomicReference<>();
            CountDownLatch reading = new CountDownLatch(1);
            Thread reader = factory.newThread(() -> {
                reading.countDown();
                boolean last;
                do {
                    last = switched.get();
                    for (int i = 0; i < 8; i++) {
                        Integer v = map.get(2 * i);
                        if (v == null || v != i) {
                            failure.compareAndSet(null, "key " + 2 * i + " read " + v);
                        }
                    }
                } while (!last);
            });
            reader.start();
            reading.await();
            for (int k = 1; k < 16; k += 2) {
                map.put(k, k);
            }
            switched.set(true);
            reader.join();
            assertNull(failure.get());
            assertTrue(Slots.scrambled(map.table), "round " + round);
            assertEquals(16, map.size());
        }
    }

    @Test
    void consecutiveKeysSwitchToFibonacciHashingAndStayThere() {
        ReadMostlyMap<Integer, Integer> map = ReadMostlyMap.create();
        for (int i = 0; i < 100; i++) {
            map.put(i, i);
        }
        assertTrue(Slots.scrambled(map.table), "one run of 100 slots must have switched the table");
        map.clear();
        map.put(2, 2);
        assertTrue(Slots.scrambled(map.table), "the switch is for good, clear() included");
        assertEquals(2, map.get(2));
    }
}
