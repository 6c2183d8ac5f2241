package io.loomkit.jmh.channel;

import io.loomkit.channel.Channel;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The cost of traffic measurement and adaptive capacity in the buffered 1P/1C hand-off (elements per
 * microsecond), against the plain channel in the same run (the baseline; the budget is 10%):
 *
 * <ul>
 *   <li>{@code fixed}: {@code Channel.bounded(capacity)}, no measurement;
 *   <li>{@code measured}: {@code builder(capacity).measured()};
 *   <li>{@code adaptive}: {@code builder(capacity).adaptive(1, 1024)}, free to resize;
 *   <li>{@code adaptivePinned}: {@code adaptive(capacity, capacity)}: the adaptive bookkeeping, no resize.
 * </ul>
 *
 * <p>{@code transfer} is the scenario (two threads, parking, scheduling noise included);
 * {@code uncontended} isolates the per-element instructions: one thread sends a batch of 8 with
 * {@code trySend}, takes them back with {@code tryReceive} and finds the channel empty (which ends a
 * consumer batch), so every counter the meter keeps is exercised and nothing parks. Its
 * {@code threads} parameter means nothing; run it with {@code -p threads=platform}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SizingBench {
    private static final Integer ELEMENT = 42;

    @Param({"fixed", "measured", "adaptive", "adaptivePinned"})
    public String mode;

    @Param({"16"})
    public int capacity;

    @Param({"virtual", "platform"})
    public String threads;

    private Channel<Integer> create() {
        return switch (mode) {
            case "fixed" -> Channel.bounded(capacity);
            case "measured" -> Channel.<Integer>builder(capacity).measured().build();
            case "adaptive" -> Channel.<Integer>builder(capacity).adaptive(1, 1024).build();
            case "adaptivePinned" -> Channel.<Integer>builder(capacity).adaptive(capacity, capacity).build();
            default -> throw new IllegalArgumentException("mode: " + mode);
        };
    }

    private static final int BATCH = 8;

    private Channel<Integer> channel;

    /** The channel for {@link #uncontended()}, one per trial. */
    @Setup
    public void setUp() {
        channel = create();
    }

    /**
     * One thread: send 8, receive 8, find it empty.
     *
     * @return the last element received
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public Integer uncontended() {
        Channel<Integer> ch = channel;
        for (int i = 0; i < BATCH; i++) {
            ch.trySend(ELEMENT);
        }
        Integer last = null;
        for (int i = 0; i < BATCH; i++) {
            last = ch.tryReceive();
        }
        ch.tryReceive();
        return last;
    }

    /**
     * One producer and one consumer move {@link ChannelBench#ELEMENTS} elements.
     *
     * @return the capacity at the end (so adaptive runs cannot be optimised away)
     * @throws InterruptedException never: the threads are not interrupted
     */
    @Benchmark
    @OperationsPerInvocation(ChannelBench.ELEMENTS)
    public int transfer() throws InterruptedException {
        Channel<Integer> ch = create();
        Thread producer = ChannelBench.start(threads, () -> {
            for (int j = 0; j < ChannelBench.ELEMENTS; j++) {
                ch.send(ELEMENT);
            }
        });
        Thread consumer = ChannelBench.start(threads, () -> {
            for (int j = 0; j < ChannelBench.ELEMENTS; j++) {
                ch.receive();
            }
        });
        ChannelBench.joinAll(new Thread[] {producer, consumer});
        return ch.capacity();
    }
}
