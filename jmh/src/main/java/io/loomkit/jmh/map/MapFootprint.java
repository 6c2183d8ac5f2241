package io.loomkit.jmh.map;

import io.loomkit.map.LongReadMostlyMap;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Heap bytes per entry of each map, keys and values excluded (they are allocated before the map and
 * shared): used heap after a full GC with the map built, minus before, divided by the entry count. Also
 * checks that ReadMostlyMap gives memory back after churn. Run:
 * {@code java -cp jmh/target/benchmarks.jar io.loomkit.jmh.map.MapFootprint}.
 */
public final class MapFootprint {
    private MapFootprint() {}

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        Integer[] keys = new Integer[n];
        for (int i = 0; i < n; i++) {
            keys[i] = i * 2;
        }
        for (String name : new String[] {"ReadMostlyMap", "ConcurrentHashMap", "NonBlockingHashMap", "GoSyncMap"}) {
            long before = usedAfterGc();
            Map<Integer, Integer> map = Rivals.create(name, 16);
            for (int i = 0; i < n; i++) {
                map.put(keys[i], keys[i]);
            }
            if (map instanceof GoSyncMap) {
                for (int i = 0; i < n; i++) {
                    map.get(keys[i]);
                }
            }
            long after = usedAfterGc();
            System.out.printf("%-20s %6.1f bytes/entry (%d entries, grown from default capacity)%n",
                    name, (after - before) / (double) n, n);
            if (name.equals("ReadMostlyMap") || name.equals("NonBlockingHashMap")) {
                for (int i = 0; i < n; i++) {
                    map.remove(keys[i]);
                }
                map.put(keys[0], keys[0]);
                System.out.printf("%-20s %6.1f MB retained after removing all but one entry%n",
                        name, (usedAfterGc() - before) / 1e6);
            }
            map = null;
        }
        long before = usedAfterGc();
        LongReadMostlyMap<Integer> longMap = LongReadMostlyMap.create();
        for (int i = 0; i < n; i++) {
            longMap.put(i * 0x9E3779B97F4A7C15L, keys[i]);
        }
        long after = usedAfterGc();
        System.out.printf("%-20s %6.1f bytes/entry%n", "LongReadMostlyMap", (after - before) / (double) n);
        before = usedAfterGc();
        ConcurrentHashMap<Long, Integer> boxed = new ConcurrentHashMap<>();
        for (int i = 0; i < n; i++) {
            boxed.put(i * 0x9E3779B97F4A7C15L, keys[i]);
        }
        after = usedAfterGc();
        System.out.printf("%-20s %6.1f bytes/entry (including the boxed Long keys)%n", "CHM<Long,V>",
                (after - before) / (double) n);
        Map<Integer, Integer> readMostly = Rivals.create("ReadMostlyMap", n);
        Rivals.fill(readMostly, keys);
        long[] longKeys = new long[n];
        for (int i = 0; i < n; i++) {
            longKeys[i] = i * 0x9E3779B97F4A7C15L;
        }
        System.out.printf("%-20s %6.3f bytes allocated per get (after warm-up)%n", "ReadMostlyMap",
                allocatedPerRead(() -> readMostly.get(keys[(int) (pick() % n)]) != null));
        System.out.printf("%-20s %6.3f bytes allocated per get(long)%n", "LongReadMostlyMap",
                allocatedPerRead(() -> longMap.get(longKeys[(int) (pick() % n)]) != null));
        System.out.printf("%-20s %6.3f bytes allocated per get(Long)%n", "CHM<Long,V>",
                allocatedPerRead(() -> boxed.get(longKeys[(int) (pick() % n)]) != null));
    }

    private static long seed = 1;

    private static long pick() {
        seed = seed * 6364136223846793005L + 1442695040888963407L;
        return seed >>> 33;
    }

    /** Bytes this thread allocates per read, measured over 20M reads after 20M warm-up reads. */
    private static double allocatedPerRead(java.util.function.BooleanSupplier read) {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        int reads = 20_000_000;
        int hits = 0;
        for (int i = 0; i < reads; i++) {
            hits += read.getAsBoolean() ? 1 : 0;
        }
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < reads; i++) {
            hits += read.getAsBoolean() ? 1 : 0;
        }
        long after = threads.getCurrentThreadAllocatedBytes();
        if (hits != 2 * reads) {
            throw new AssertionError("every read must hit, hits: " + hits);
        }
        return (after - before) / (double) reads;
    }

    private static long usedAfterGc() {
        MemoryMXBean mx = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return mx.getHeapMemoryUsage().getUsed();
    }
}
