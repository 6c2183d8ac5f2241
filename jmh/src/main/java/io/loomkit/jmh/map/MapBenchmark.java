package io.loomkit.jmh.map;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
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
 *
 * <p>The {@code *VirtualThreads} variants run the same operations on virtual threads: one invocation
 * starts {@value #VIRTUAL_THREADS} virtual threads (on the default scheduler: one carrier per core) that
 * each do {@value #OPS_PER_VIRTUAL_THREAD} operations, and joins them; the score is per operation and
 * includes the threads' start (the same for every rival). Run with {@code -t 1}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
public class MapBenchmark {
    static final int VIRTUAL_THREADS = 64;
    static final int OPS_PER_VIRTUAL_THREAD = 2_000;
    static final int VIRTUAL_OPS = VIRTUAL_THREADS * OPS_PER_VIRTUAL_THREAD;

    @Param({"ReadMostlyMap", "ConcurrentHashMap", "NonBlockingHashMap", "ImmutableMapCow", "GoSyncMap",
            "SynchronizedHashMap", "RwLockHashMap"})
    public String map;

    @Param({"1000", "1000000"})
    public int size;

    /**
     * {@code even}: the keys are 0, 2, 4, ... and the misses 1, 3, 5, ...; {@code random}: distinct random
     * ints, the misses other random ints. Evenly spaced keys are ConcurrentHashMap's best case for misses:
     * it indexes by the low bits of the hash, so every odd key lands in an empty bin; random keys are what
     * hashed identifiers, strings and objects look like to a table.
     */
    @Param({"even", "random"})
    public String keySet;

    Map<Integer, Integer> target;
    Integer[] keys;
    Integer[] absent;

    @Setup(Level.Trial)
    public void setUp() {
        keys = new Integer[size];
        absent = new Integer[size];
        if (keySet.equals("even")) {
            for (int i = 0; i < size; i++) {
                keys[i] = i * 2;
                absent[i] = i * 2 + 1;
            }
        } else if (keySet.equals("random")) {
            SplittableRandom random = new SplittableRandom(42);
            Set<Integer> seen = new HashSet<>(4 * size);
            for (int i = 0; i < 2 * size; ) {
                int k = random.nextInt();
                if (seen.add(k)) {
                    (i < size ? keys : absent)[i < size ? i : i - size] = k;
                    i++;
                }
            }
        } else {
            throw new IllegalArgumentException("keySet: " + keySet);
        }
        target = Rivals.create(map, size);
        Rivals.fill(target, keys);
    }

    /** Per-thread xorshift cursor; multiply-shift maps it onto [0, size) without a division. */
    @State(Scope.Thread)
    public static class Cursor {
        long seed = System.nanoTime() | 1;
        int ops;

        /** JMH's constructor: a per-thread cursor. */
        public Cursor() {}

        Cursor(long seed) {
            this.seed = seed | 1;
        }

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

    @Benchmark
    @OperationsPerInvocation(VIRTUAL_OPS)
    public long readHitVirtualThreads(Cursor c) throws InterruptedException {
        return onVirtualThreads(c, 0);
    }

    @Benchmark
    @OperationsPerInvocation(VIRTUAL_OPS)
    public long read99write1VirtualThreads(Cursor c) throws InterruptedException {
        return onVirtualThreads(c, 100);
    }

    /** Runs VIRTUAL_OPS reads (a write every {@code writeEvery} ops when positive) on virtual threads. */
    private long onVirtualThreads(Cursor c, int writeEvery) throws InterruptedException {
        Thread[] threads = new Thread[VIRTUAL_THREADS];
        long[] found = new long[VIRTUAL_THREADS];
        for (int t = 0; t < VIRTUAL_THREADS; t++) {
            int slot = t;
            Cursor own = new Cursor(c.seed + 0x9E3779B97F4A7C15L * (t + 1));
            threads[t] = Thread.ofVirtual().start(() -> {
                long n = 0;
                for (int op = 0; op < OPS_PER_VIRTUAL_THREAD; op++) {
                    Integer v = writeEvery > 0 ? mixed(own, writeEvery) : target.get(keys[own.next(size)]);
                    n += v == null ? 0 : 1;
                }
                found[slot] = n;
            });
        }
        long total = 0;
        for (int t = 0; t < VIRTUAL_THREADS; t++) {
            threads[t].join();
            total += found[t];
        }
        c.next(size);
        return total;
    }
}
