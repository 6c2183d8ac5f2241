package io.loomkit.jmh.channel;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * Element hand-off throughput (elements per microsecond) of loomkit's Channel against jox, the JDK queues
 * and a hand-written JCTools queue with parking. Each invocation starts fresh producer and consumer
 * threads of the chosen kind and moves {@link #ELEMENTS} elements, as jox's own benchmarks do.
 *
 * <ul>
 *   <li>{@code transfer}: {@code producers} producers and as many consumers on one channel.
 *   <li>{@code pairs10k}: 10,000 channels, each with its own producer/consumer pair of virtual threads.
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ChannelBench {
    static final int ELEMENTS = 200_000;
    private static final int PAIRS = 10_000;
    /** A cached Integer, so that the benchmark measures the channel's allocation, not boxing. */
    private static final Integer ELEMENT = 42;

    @Param({"loomkit", "jox", "jdk", "ltq", "jctools"})
    public String impl;

    @Param({"0", "16", "100"})
    public int capacity;

    @Param({"virtual", "platform"})
    public String threads;

    @Param({"1"})
    public int producers;

    interface Body {
        void run() throws InterruptedException;
    }

    static Thread start(String kind, Body body) {
        Runnable r = () -> {
            try {
                body.run();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        };
        return kind.equals("virtual") ? Thread.ofVirtual().start(r) : Thread.ofPlatform().start(r);
    }

    static void joinAll(Thread[] ts) throws InterruptedException {
        for (Thread t : ts) {
            t.join();
        }
    }

    @Benchmark
    @OperationsPerInvocation(ELEMENTS)
    public void transfer() throws InterruptedException {
        Pipe pipe = Pipe.create(impl, capacity);
        int per = ELEMENTS / producers;
        Thread[] ts = new Thread[2 * producers];
        for (int i = 0; i < producers; i++) {
            ts[i] = start(threads, () -> {
                for (int j = 0; j < per; j++) {
                    pipe.put(ELEMENT);
                }
            });
            ts[producers + i] = start(threads, () -> {
                for (int j = 0; j < per; j++) {
                    pipe.take();
                }
            });
        }
        joinAll(ts);
    }

    @Benchmark
    @OperationsPerInvocation(ELEMENTS)
    public void pairs10k() throws InterruptedException {
        int per = ELEMENTS / PAIRS;
        Thread[] ts = new Thread[2 * PAIRS];
        for (int i = 0; i < PAIRS; i++) {
            Pipe pipe = Pipe.create(impl, capacity);
            ts[2 * i] = start("virtual", () -> {
                for (int j = 0; j < per; j++) {
                    pipe.put(ELEMENT);
                }
            });
            ts[2 * i + 1] = start("virtual", () -> {
                for (int j = 0; j < per; j++) {
                    pipe.take();
                }
            });
        }
        joinAll(ts);
    }
}
