package io.loomkit.jmh.pool;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * get + use + put against the rivals of issue 5, in one class so every ratio comes from one run.
 *
 * <ul>
 *   <li>{@code getPut}: run with {@code -t 1} and {@code -t 2} platform threads.
 *   <li>{@code leaseClose}: the same with loomkit's {@code Lease} (try-with-resources).
 *   <li>{@code getPut1000VirtualThreads}: one invocation starts 1,000 virtual threads that each do
 *       {@value #CYCLES_PER_VIRTUAL_THREAD} cycles; the score is per cycle and includes the start of the
 *       virtual threads (the same for every rival). Run with {@code -t 1}.
 * </ul>
 *
 * <p>Rivals: {@code new} (allocate and discard: the baseline), {@code commonsPool2} GenericObjectPool,
 * Stormpot 4.0 thread-local ({@code stormpotThreadLocal}) and virtual-thread-safe ({@code stormpotVirtual})
 * taps, Jackson 3's concurrent-deque recycler pool ({@code jacksonDeque}), a ConcurrentLinkedQueue pool
 * ({@code clq}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class PoolBenchmark {
    static final int VIRTUAL_THREADS = 1_000;
    static final int CYCLES_PER_VIRTUAL_THREAD = 200;

    /** Implementation under test. */
    @Param({"loomkit", "new", "commonsPool2", "stormpotThreadLocal", "stormpotVirtual", "jacksonDeque", "clq"})
    public String impl;

    /** Pooled object. */
    @Param({"bytes4k", "buffer64k", "stringBuilder"})
    public String object;

    private PoolRival rival;

    /** Creates the benchmark state; JMH calls it. */
    public PoolBenchmark() {}

    /** Builds the pool under test. */
    @Setup
    public void setUp() {
        rival = PoolRival.create(impl, PooledKind.of(object));
    }

    /**
     * Shuts the pool down.
     *
     * @throws Exception if the rival fails to close
     */
    @TearDown
    public void tearDown() throws Exception {
        rival.shutDown();
    }

    /**
     * One get + use + put on the calling (platform) thread.
     *
     * @return a value from the object, consumed by JMH
     * @throws Exception if the rival throws
     */
    @Benchmark
    public int getPut() throws Exception {
        return rival.cycle();
    }

    /**
     * One lease + use + close on the calling (platform) thread: loomkit's {@code Lease} in
     * try-with-resources (the Lease must not cost an allocation); the same cycle as {@link #getPut()}
     * for the rivals (Stormpot's claim/release already is its handle).
     *
     * @return a value from the object, consumed by JMH
     * @throws Exception if the rival throws
     */
    @Benchmark
    public int leaseClose() throws Exception {
        return rival.leaseCycle();
    }

    /**
     * 1,000 virtual threads sharing the pool.
     *
     * @return a value from the objects, consumed by JMH
     */
    @Benchmark
    @OperationsPerInvocation(VIRTUAL_THREADS * CYCLES_PER_VIRTUAL_THREAD)
    public long getPut1000VirtualThreads() {
        AtomicLong sink = new AtomicLong();
        PoolRival r = rival;
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int t = 0; t < VIRTUAL_THREADS; t++) {
                executor.execute(() -> {
                    long sum = 0;
                    try {
                        for (int i = 0; i < CYCLES_PER_VIRTUAL_THREAD; i++) {
                            sum += r.cycle();
                        }
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    sink.addAndGet(sum);
                });
            }
        }
        return sink.get();
    }
}
