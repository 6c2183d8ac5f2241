package io.loomkit.map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.spi.ToolProvider;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ReadMostlyMapTest {

    @Test
    void readmeExample() {
        ReadMostlyMap<String, Integer> ports = ReadMostlyMap.builder().insertionOrdered().build();
        ports.put("http", 80);
        ports.computeIfAbsent("https", k -> 443);       // lock-free when present; runs once when absent
        Map<String, Integer> frozen = ports.snapshot(); // O(1), immutable, one point in time
        ports.merge("http", 8000, (old, v) -> old + v); // atomic, like ConcurrentHashMap
        assertEquals("{http=80, https=443}", frozen.toString());
        assertEquals(8080, ports.get("http"));
        assertEquals(2, ports.size());
    }

    @Test
    void nullsAreRejectedNamingTheArgument() {
        ReadMostlyMap<String, String> map = ReadMostlyMap.create();
        assertEquals("key", assertThrows(NullPointerException.class, () -> map.put(null, "v")).getMessage());
        assertEquals("value", assertThrows(NullPointerException.class, () -> map.put("k", null)).getMessage());
        assertEquals("key", assertThrows(NullPointerException.class, () -> map.get(null)).getMessage());
        assertTrue(map.isEmpty(), "a rejected put must not change the map");
    }

    @Test
    void builderRejectsNegativeCapacityNamingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ReadMostlyMap.builder().initialCapacity(-3));
        assertTrue(e.getMessage().contains("initialCapacity") && e.getMessage().contains("-3"), e.getMessage());
    }

    @Test
    void computeIfAbsentOnPresentKeyDoesNotCallTheFunction() {
        ReadMostlyMap<String, Integer> map = ReadMostlyMap.create();
        map.put("a", 1);
        assertEquals(1, map.computeIfAbsent("a", k -> {
            throw new AssertionError("called for a present key");
        }));
        assertEquals(2, map.computeIfAbsent("b", k -> 2));
        assertNull(map.computeIfAbsent("c", k -> null));
        assertFalse(map.containsKey("c"));
    }

    @Test
    void computeFunctionThatWritesTheMapIsARecursiveUpdate() {
        ReadMostlyMap<String, Integer> map = ReadMostlyMap.create();
        assertThrows(IllegalStateException.class, () -> map.computeIfAbsent("a", k -> map.put("b", 2)));
        assertTrue(map.isEmpty());
        map.put("x", 1);
        assertEquals(1, map.size(), "the lock must be free again after the failed compute");
    }

    @Test
    void throwingFunctionLeavesTheMapUnchanged() {
        ReadMostlyMap<String, Integer> map = ReadMostlyMap.create();
        map.put("a", 1);
        assertThrows(IllegalArgumentException.class, () -> map.compute("a", (k, v) -> {
            throw new IllegalArgumentException("boom");
        }));
        assertEquals(Map.of("a", 1), map);
    }

    @Test
    void insertionOrderIsFirstInsertionAndReinsertionMovesToTheEnd() {
        ReadMostlyMap<Integer, String> map = ReadMostlyMap.builder().insertionOrdered().build();
        for (int i = 100; i > 0; i--) {
            map.put(i, "v" + i);
        }
        map.put(50, "again");
        map.remove(70);
        map.put(70, "back");
        List<Integer> keys = new ArrayList<>(map.keySet());
        List<Integer> expected = new ArrayList<>();
        for (int i = 100; i > 0; i--) {
            if (i != 70) {
                expected.add(i);
            }
        }
        expected.add(70);
        assertEquals(expected, keys);
        assertEquals("again", map.get(50));
    }

    @Test
    void snapshotIsFrozenAndUnaffectedByLaterWrites() {
        ReadMostlyMap<String, Integer> map = ReadMostlyMap.create();
        map.put("a", 1);
        map.put("b", 2);
        Map<String, Integer> snap = map.snapshot();
        map.put("a", 10);
        map.remove("b");
        map.put("c", 3);
        assertEquals(Map.of("a", 1, "b", 2), snap);
        assertEquals(Map.of("a", 10, "c", 3), map);
        assertThrows(UnsupportedOperationException.class, () -> snap.put("d", 4));
    }

    @Test
    void snapshotsWithoutWritesInBetweenAreTheSameObject() {
        ReadMostlyMap<String, Integer> map = ReadMostlyMap.create();
        map.put("a", 1);
        assertSame(map.snapshot(), map.snapshot());
    }

    /** A key whose hash code is chosen by the test; equal keys are distinct objects. */
    private record Key(int id, int hash) {
        @Override
        public int hashCode() {
            return hash;
        }
    }

    @Test
    void equalButDistinctKeysAndCollidingHashCodesAreFoundThroughGrowthAndRemoval() {
        // Exercises every branch of the probe: identity hit, hash-equal equals hit, hash-equal
        // non-equal key, hash-different neighbour, tombstones, and the hashes carried into a rebuild.
        ReadMostlyMap<Key, Integer> map = ReadMostlyMap.create();
        for (int i = 0; i < 200; i++) {
            map.put(new Key(i, i % 7), i);
        }
        for (int i = 0; i < 200; i++) {
            assertEquals(i, map.get(new Key(i, i % 7)), "key " + i);
            assertNull(map.get(new Key(i + 1_000, i % 7)), "absent key with a colliding hash " + i);
            assertNull(map.get(new Key(i, i % 7 + 1)), "same id, other hash " + i);
        }
        for (int i = 0; i < 200; i += 2) {
            assertEquals(i, map.remove(new Key(i, i % 7)));
        }
        for (int i = 0; i < 200; i++) {
            assertEquals(i % 2 == 0 ? null : i, map.get(new Key(i, i % 7)), "after removal, key " + i);
        }
        assertEquals(100, map.size());
        assertEquals(100, map.snapshot().size());
        assertEquals(1, map.snapshot().get(new Key(1, 1)));
    }

    @Test
    void identicalKeysAreFoundPastCollisionsAndNotAfterRemoval() {
        // The identity pass of the probe (ADR 0034): stored key objects looked up with themselves, in
        // one long run of colliding hash codes, with a removed key in the middle of the run.
        ReadMostlyMap<Key, Integer> map = ReadMostlyMap.create();
        List<Key> keys = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            Key k = new Key(i, 3);
            keys.add(k);
            map.put(k, i);
        }
        for (int i = 0; i < 50; i++) {
            assertEquals(i, map.get(keys.get(i)), "key " + i);
        }
        Key removed = keys.get(10);
        assertEquals(10, map.remove(removed));
        assertNull(map.get(removed));
        assertNull(map.get(new Key(10, 3)));
        assertEquals(49, map.get(keys.get(49)));
        map.put(removed, 99);
        assertEquals(99, map.get(removed));
        assertEquals(99, map.get(new Key(10, 3)));
    }

    /** A key whose equals calls are counted on both objects compared; the hash code is the test's. */
    private static final class CountingKey {
        final int id;
        final int hash;
        int equalsCalls;

        CountingKey(int id, int hash) {
            this.id = id;
            this.hash = hash;
        }

        @Override
        public boolean equals(Object o) {
            equalsCalls++;
            if (o instanceof CountingKey k) {
                k.equalsCalls++;
                return k.id == id;
            }
            return false;
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    @Test
    void equalsIsCalledOnlyOnStoredKeysWhoseTagMatches() {
        // ADR 0038: past the identity pass the probe compares one-byte tags (from the hash code) and
        // touches a stored key only where they match. Twelve keys share home slot 5 of the default
        // 64-slot table (hash codes 5 + j * 64: same low bits, no clustering switch), all with distinct
        // tags, so a lookup walking that run must not compare the keys it passes.
        ReadMostlyMap<CountingKey, Integer> map = ReadMostlyMap.create();
        List<CountingKey> stored = new ArrayList<>();
        for (int j = 0; j < 13; j++) {
            for (int i = 0; i < j; i++) {
                assertTrue(Slots.tagOf(5 + (i << 6)) != Slots.tagOf(5 + (j << 6)), "tags " + i + ", " + j);
            }
        }
        for (int j = 0; j < 12; j++) {
            CountingKey k = new CountingKey(j, 5 + (j << 6));
            stored.add(k);
            map.put(k, j);
        }
        assertFalse(Slots.scrambled(map.table), "the run must stay on its low-bit home slot");
        assertEquals(64, map.slotCount());
        stored.forEach(k -> k.equalsCalls = 0);
        assertNull(map.get(new CountingKey(100, 5 + (12 << 6))), "absent key, same home slot");
        assertEquals(11, map.get(new CountingKey(11, 5 + (11 << 6))), "equal, not identical, last of the run");
        for (int j = 0; j < 11; j++) {
            assertEquals(0, stored.get(j).equalsCalls, "key " + j + " was compared");
        }
        assertEquals(1, stored.get(11).equalsCalls, "the key whose tag matches is compared");
    }

    @Test
    void writePathIsTooBigToInline() throws Exception {
        // ADR 0041: every key-level write goes through one method that stays out of its callers'
        // compiled code; C2 never inlines a method of more than FreqInlineSize (325) bytes of bytecode.
        // Splitting write() up would let the JIT inline it again and cost read-mostly callers 10-15%.
        ToolProvider javap = ToolProvider.findFirst("javap").orElseThrow();
        StringWriter out = new StringWriter();
        String classes = Path.of(ReadMostlyMap.class.getProtectionDomain().getCodeSource()
                .getLocation().toURI()).toString();
        int status = javap.run(new PrintWriter(out), new PrintWriter(out),
                "-c", "-p", "-cp", classes, ReadMostlyMap.class.getName());
        assertEquals(0, status, out.toString());
        int lastOffset = -1;
        boolean inWrite = false;
        for (String line : out.toString().split("\\R")) {
            if (line.startsWith("  ") && !line.startsWith("   ") && line.contains("(")) {
                inWrite = line.contains(" write(");
            } else if (inWrite && line.matches("\\s+\\d+: .*")) {
                lastOffset = Integer.parseInt(line.trim().substring(0, line.trim().indexOf(':')));
            }
        }
        assertTrue(lastOffset >= 325, "write() is " + (lastOffset + 1) + "+ bytes of bytecode; must exceed 325");
    }

    @Test
    void defaultMapRebuildsOnItsFortyNinthEntry() {
        // jcstress PutRacingGetTest relies on this to race a read with a table rebuild.
        ReadMostlyMap<Integer, Integer> map = ReadMostlyMap.create();
        for (int i = 0; i < 48; i++) {
            map.put(i, i);
        }
        int before = map.slotCount();
        map.put(48, 48);
        assertTrue(map.slotCount() > before, "slots " + before + " -> " + map.slotCount());
    }

    @Test
    void tableShrinksAfterChurn() {
        ReadMostlyMap<Integer, Integer> map = ReadMostlyMap.create();
        for (int i = 0; i < 100_000; i++) {
            map.put(i, i);
        }
        int grown = map.slotCount();
        for (int i = 0; i < 100_000; i++) {
            map.remove(i);
        }
        assertTrue(map.slotCount() < grown / 100, "slots after churn: " + map.slotCount() + " of " + grown);
        for (int round = 0; round < 100; round++) {
            for (int i = 0; i < 1_000; i++) {
                map.put(round * 1_000 + i, i);
            }
            for (int i = 0; i < 1_000; i++) {
                map.remove(round * 1_000 + i);
            }
        }
        assertTrue(map.slotCount() <= 4096, "tombstones must be reclaimed, slots: " + map.slotCount());
        assertTrue(map.isEmpty());
    }

    @ParameterizedTest
    @ValueSource(strings = {"platform", "virtual"})
    void readersAlwaysSeeStableKeysWhileWritersChurnOthers(String threads) throws Exception {
        ThreadFactory factory = threads.equals("virtual")
                ? Thread.ofVirtual().factory() : Thread.ofPlatform().factory();
        ReadMostlyMap<Integer, Integer> map = ReadMostlyMap.create();
        int stable = 64;
        for (int i = 0; i < stable; i++) {
            map.put(i, i);
        }
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<String> failure = new AtomicReference<>();
        AtomicInteger writes = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(4);
        List<Thread> all = new ArrayList<>();
        for (int r = 0; r < 2; r++) {
            all.add(factory.newThread(() -> {
                try {
                    // Bounded, so the test never depends on virtual threads being scheduled fairly.
                    for (int pass = 0; pass < 20_000 && !stop.get(); pass++) {
                        for (int i = 0; i < stable; i++) {
                            Integer v = map.get(i);
                            if (v == null || (v != i && v != -i)) {
                                failure.compareAndSet(null, "key " + i + " read " + v);
                            }
                        }
                        int size = map.size();
                        if (size < stable) {
                            failure.compareAndSet(null, "size " + size + " below the stable keys");
                        }
                        Thread.yield();
                    }
                } finally {
                    done.countDown();
                }
            }));
        }
        for (int w = 0; w < 2; w++) {
            int base = 1_000_000 * (w + 1);
            all.add(factory.newThread(() -> {
                try {
                    for (int n = 0; n < 20_000; n++) {
                        map.put(base + n, n);
                        map.replace(n % stable, n % stable, -(n % stable));
                        map.replace(n % stable, -(n % stable), n % stable);
                        if (n % 3 == 0) {
                            map.snapshot();
                        }
                        map.remove(base + n);
                        writes.incrementAndGet();
                    }
                } finally {
                    done.countDown();
                }
            }));
        }
        all.forEach(Thread::start);
        all.get(2).join();
        all.get(3).join();
        stop.set(true);
        done.await();
        assertNull(failure.get());
        assertEquals(40_000, writes.get());
        assertEquals(stable, map.size());
    }
}
