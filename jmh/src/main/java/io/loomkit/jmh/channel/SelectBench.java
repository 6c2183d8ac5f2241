package io.loomkit.jmh.channel;

import io.loomkit.channel.Channel;
import io.loomkit.channel.Select;
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
 * Select over two channels: two producers each send into their own channel, one consumer selects a
 * receive from either. loomkit's Select against jox's (the JDK queues have no select; a hand-written
 * alternative would poll, which is not the same contract). Elements per microsecond.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SelectBench {
    private static final int ELEMENTS = 100_000;
    private static final Integer ELEMENT = 42;

    @Param({"loomkit", "jox"})
    public String impl;

    @Param({"0", "16"})
    public int capacity;

    @Param({"virtual", "platform"})
    public String threads;

    @Benchmark
    @OperationsPerInvocation(ELEMENTS)
    public void select2() throws InterruptedException {
        int per = ELEMENTS / 2;
        Thread[] ts = new Thread[3];
        if (impl.equals("loomkit")) {
            Channel<Integer> a = Channel.bounded(capacity);
            Channel<Integer> b = Channel.bounded(capacity);
            ts[0] = ChannelBench.start(threads, () -> {
                for (int j = 0; j < per; j++) {
                    a.send(ELEMENT);
                }
            });
            ts[1] = ChannelBench.start(threads, () -> {
                for (int j = 0; j < per; j++) {
                    b.send(ELEMENT);
                }
            });
            ts[2] = ChannelBench.start(threads, () -> {
                for (int j = 0; j < 2 * per; j++) {
                    Select.select(a.onReceive(x -> x), b.onReceive(x -> x));
                }
            });
        } else {
            com.softwaremill.jox.Channel<Integer> a = newJox(capacity);
            com.softwaremill.jox.Channel<Integer> b = newJox(capacity);
            ts[0] = ChannelBench.start(threads, () -> {
                for (int j = 0; j < per; j++) {
                    a.send(ELEMENT);
                }
            });
            ts[1] = ChannelBench.start(threads, () -> {
                for (int j = 0; j < per; j++) {
                    b.send(ELEMENT);
                }
            });
            ts[2] = ChannelBench.start(threads, () -> {
                for (int j = 0; j < 2 * per; j++) {
                    com.softwaremill.jox.Select.select(a.receiveClause(), b.receiveClause());
                }
            });
        }
        ChannelBench.joinAll(ts);
    }

    private static com.softwaremill.jox.Channel<Integer> newJox(int capacity) {
        return capacity == 0
                ? com.softwaremill.jox.Channel.newRendezvousChannel()
                : com.softwaremill.jox.Channel.newBufferedChannel(capacity);
    }
}
