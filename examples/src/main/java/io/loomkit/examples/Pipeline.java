package io.loomkit.examples;

import io.loomkit.channel.CapacityAdvice;
import io.loomkit.channel.CapacityAdvisor;
import io.loomkit.channel.Channel;
import io.loomkit.channel.ChannelClosedException;
import io.loomkit.channel.ChannelStats;
import io.loomkit.context.TaskScope;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The service's pipeline stage: every request publishes an {@link Event} into a measured, adaptive channel
 * (toolkit-channel) and one consumer drains it in batches, as an audit log or metrics writer would. The
 * channel starts small and grows or shrinks with the traffic it measures; {@link #advice()} is the live
 * capacity advice for it.
 */
final class Pipeline {
    /** What a handler reports about one request. */
    record Event(String route, int status, long nanos, long configVersion) {}

    static final int MIN_CAPACITY = 4;
    static final int MAX_CAPACITY = 1024;
    private static final int MAX_BATCH = 64;

    private final Channel<Event> channel =
            Channel.<Event>builder(MIN_CAPACITY).measured().adaptive(MIN_CAPACITY, MAX_CAPACITY).build();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong consumed = new AtomicLong();
    private final AtomicLong batches = new AtomicLong();

    /** Starts the consumer as a task of {@code scope}. */
    Pipeline(TaskScope scope) {
        scope.fork(ctx -> {
            consume();
            return null;
        });
    }

    /** Publishes without holding a request up for long: a full channel for 20 ms drops the event. */
    void publish(Event e) {
        try {
            if (!channel.send(e, Duration.ofMillis(20))) {
                dropped.incrementAndGet();
            }
        } catch (ChannelClosedException closed) {
            dropped.incrementAndGet(); // the service is stopping
        } catch (InterruptedException interrupted) {
            dropped.incrementAndGet();
            Thread.currentThread().interrupt();
        }
    }

    /** Receives one event, then takes whatever else is ready (up to a batch), then writes the batch. */
    private void consume() throws InterruptedException {
        List<Event> batch = new ArrayList<>(MAX_BATCH);
        try {
            while (true) {
                batch.add(channel.receive());
                Event next;
                while (batch.size() < MAX_BATCH && (next = channel.tryReceive()) != null) {
                    batch.add(next);
                }
                write(batch);
                batch.clear();
            }
        } catch (ChannelClosedException drained) {
            write(batch); // closed and drained: write what is left, then end
        }
    }

    /** Stands in for one write of a batch to a store: a fixed cost per batch is why batching pays. */
    private void write(List<Event> batch) throws InterruptedException {
        if (batch.isEmpty()) {
            return;
        }
        Thread.sleep(1);
        consumed.addAndGet(batch.size());
        batches.incrementAndGet();
    }

    /** Stops accepting events; the consumer drains what is buffered and ends. */
    void close() {
        channel.close();
    }

    CapacityAdvice advice() {
        return CapacityAdvisor.advise(channel.stats());
    }

    ChannelStats stats() {
        return channel.stats();
    }

    int capacity() {
        return channel.capacity();
    }

    long consumed() {
        return consumed.get();
    }

    long batches() {
        return batches.get();
    }

    long dropped() {
        return dropped.get();
    }
}
