package io.loomkit.jmh.map;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * ReadMostlyMap against its rivals on one map of {@code size} stable Integer keys: 100% reads that hit,
 * 100% reads that miss, 99/1 and 90/10 read/write (a write replaces the value of an existing key: the
 * read-mostly use case), and computeIfAbsent on present keys. Keys are drawn at random, so 1,000,000
 * keys measure cache misses. Run with {@code -t 1} and {@code -t 2}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
public class MapBenchmark {
    @Param({"ReadMostlyMap", "ConcurrentHashMap", "NonBlockingHashMap", "ImmutableMapCow", "GoSyncMap",
            "SynchronizedHashMap", "RwLockHashMap"})
    public String map;

    @Param({"1000", "1000000"})
    public int size;

    Map<Integer, Integer> target;
    Integer[] keys;
    Integer[] absent;

    @Setup(Level.Trial)
    public void setUp() {
        keys = new Integer[size];
        absent = new Integer[size];
        for (int i = 0; i < size; i++) {
            keys[i] = i * 2;
            absent[i] = i * 2 + 1;
        }
        target = Rivals.create(map, size);
        Rivals.fill(target, keys);
    }

    /** Per-thread xorshift cursor; multiply-shift maps it onto [0, size) without a division. */
    @State(Scope.Thread)
    public static class Cursor {
        long seed = System.nanoTime() | 1;
        int ops;

        int next(int bound) {
            long x = seed;
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
            seed = x;
            return (int) (((x >>> 32) * bound) >>> 32);
        }
    }

    @Benchmark
    public Integer readHit(Cursor c) {
        return target.get(keys[c.next(size)]);
    }

    @Benchmark
    public Integer readMiss(Cursor c) {
        return target.get(absent[c.next(size)]);
    }

    @Benchmark
    public Integer read99write1(Cursor c) {
        return mixed(c, 100);
    }

    @Benchmark
    public Integer read90write10(Cursor c) {
        return mixed(c, 10);
    }

    @Benchmark
    public Integer computeIfAbsentPresent(Cursor c) {
        return target.computeIfAbsent(keys[c.next(size)], k -> 0);
    }

    private Integer mixed(Cursor c, int writeEvery) {
        int i = c.next(size);
        if (++c.ops == writeEvery) {
            c.ops = 0;
            return target.put(keys[i], i);
        }
        return target.get(keys[i]);
    }
}
