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
 * random.
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
}
