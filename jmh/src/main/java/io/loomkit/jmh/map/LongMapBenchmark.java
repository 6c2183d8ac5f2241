package io.loomkit.jmh.map;

import io.loomkit.map.LongReadMostlyMap;
import java.util.concurrent.ConcurrentHashMap;
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
 * Reads of primitive long keys: LongReadMostlyMap.get(long) against ConcurrentHashMap&lt;Long, V&gt;.get,
 * which boxes the key per read (the user's hand-written baseline). Keys are spread longs (ids), drawn at
 * random. {@code read99write1} replaces a present key's value every 100th operation.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
public class LongMapBenchmark {
    @Param({"LongReadMostlyMap", "ConcurrentHashMap"})
    public String map;

    @Param({"1000", "1000000"})
    public int size;

    LongReadMostlyMap<String> longMap;
    ConcurrentHashMap<Long, String> chm;
    long[] keys;
    boolean loomkit;

    @Setup(Level.Trial)
    public void setUp() {
        keys = new long[size];
        loomkit = map.equals("LongReadMostlyMap");
        longMap = LongReadMostlyMap.create();
        chm = new ConcurrentHashMap<>(size);
        for (int i = 0; i < size; i++) {
            keys[i] = i * 0x9E3779B97F4A7C15L;
            if (loomkit) {
                longMap.put(keys[i], "v");
            } else {
                chm.put(keys[i], "v");
            }
        }
    }

    @Benchmark
    public String readHit(MapBenchmark.Cursor c) {
        long key = keys[c.next(size)];
        return loomkit ? longMap.get(key) : chm.get(key);
    }

    /** 99% reads, 1% writes replacing the value of a present key, as MapBenchmark.read99write1. */
    @Benchmark
    public String read99write1(MapBenchmark.Cursor c) {
        long key = keys[c.next(size)];
        if (++c.ops == 100) {
            c.ops = 0;
            return loomkit ? longMap.put(key, "w") : chm.put(key, "w");
        }
        return loomkit ? longMap.get(key) : chm.get(key);
    }
}
