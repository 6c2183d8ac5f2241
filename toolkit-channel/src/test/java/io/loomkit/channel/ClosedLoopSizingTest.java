package io.loomkit.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loomkit.channel.CapacityAdvice.Verdict;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * Real threads at known rates: a producer sends bursts of {@link #BURST} every {@link #BURST_EVERY_NANOS}
 * (4000/s) and a consumer takes up to {@link #BATCH} at once and then works for a fixed time per batch.
 * No timing assertions: only generous bounds on where the capacity and the advice end up.
 */
class ClosedLoopSizingTest {
    private static final int BURST = 8;
    private static final long BURST_EVERY_NANOS = 2_000_000L;
    private static final int BATCH = 8;
    private static final long RUN_NANOS = 1_200_000_000L;

    @Test
    void consumerFasterThanProducerShrinksAnOversizedChannel() throws Exception {
        // Consumer: up to 8 per 1 ms = up to 8000/s, twice the arrival rate.
        Channel<Integer> fixed = Channel.<Integer>builder(1024).measured().build();
        run(fixed, BATCH, 1_000_000L);
        CapacityAdvice advice = CapacityAdvisor.advise(fixed.stats());
        System.out.println("fast consumer, fixed 1024: " + fixed.stats() + "\n  " + advice);
        assertEquals(Verdict.OVERSIZED, advice.verdict(), advice.toString());
        assertTrue(advice.recommendedCapacity() >= 2 && advice.recommendedCapacity() <= 4 * BATCH,
                advice.toString());

        Channel<Integer> adaptive = Channel.<Integer>builder(512).adaptive(1, 1024).build();
        run(adaptive, BATCH, 1_000_000L);
        System.out.println("fast consumer, adaptive [1, 1024] from 512: capacity " + adaptive.capacity()
                + "\n  " + CapacityAdvisor.advise(adaptive.stats()));
        assertTrue(adaptive.capacity() >= 2 && adaptive.capacity() <= 8 * BATCH, adaptive.stats().toString());
    }

    @Test
    void adaptiveChannelGrowsToAbsorbBursts() throws Exception {
        Channel<Integer> adaptive = Channel.<Integer>builder(1).adaptive(1, 1024).build();
        run(adaptive, BATCH, 1_000_000L);
        CapacityAdvice advice = CapacityAdvisor.advise(adaptive.stats());
        System.out.println("fast consumer, adaptive [1, 1024] from 1: capacity " + adaptive.capacity()
                + "\n  " + advice);
        assertTrue(adaptive.capacity() >= 2 && adaptive.capacity() <= 8 * BATCH, adaptive.stats().toString());
        assertNotEquals(Verdict.CONSUMER_TOO_SLOW, advice.verdict(), advice.toString());
    }

    @Test
    void consumerSlowerThanProducerIsCalledOutAndNotGrownPastMax() throws Exception {
        // Consumer: 1 per 1 ms = 1000/s, a quarter of the arrival rate.
        Channel<Integer> fixed = Channel.<Integer>builder(16).measured().build();
        run(fixed, 1, 1_000_000L);
        CapacityAdvice advice = CapacityAdvisor.advise(fixed.stats());
        System.out.println("slow consumer, fixed 16: " + fixed.stats() + "\n  " + advice);
        assertEquals(Verdict.CONSUMER_TOO_SLOW, advice.verdict(), advice.toString());

        Channel<Integer> adaptive = Channel.<Integer>builder(4).adaptive(1, 64).build();
        run(adaptive, 1, 1_000_000L);
        CapacityAdvice adaptiveAdvice = CapacityAdvisor.advise(adaptive.stats());
        System.out.println("slow consumer, adaptive [1, 64]: capacity " + adaptive.capacity() + "\n  "
                + adaptiveAdvice);
        assertTrue(adaptive.capacity() <= 64);
        assertEquals(Verdict.CONSUMER_TOO_SLOW, adaptiveAdvice.verdict(), adaptiveAdvice.toString());
    }

    /** Runs the producer and the consumer on virtual threads for {@link #RUN_NANOS}; checks FIFO. */
    private static void run(Channel<Integer> ch, int batch, long workPerBatchNanos) throws Exception {
        AtomicBoolean failed = new AtomicBoolean();
        Thread producer = Thread.ofVirtual().start(() -> {
            long start = System.nanoTime();
            long next = start;
            int v = 0;
            try {
                while (System.nanoTime() - start < RUN_NANOS) {
                    for (int i = 0; i < BURST; i++) {
                        ch.send(v++);
                    }
                    next += BURST_EVERY_NANOS;
                    long sleep = next - System.nanoTime();
                    if (sleep > 0) {
                        LockSupport.parkNanos(sleep);
                    }
                }
            } catch (InterruptedException e) {
                failed.set(true);
            } finally {
                ch.close();
            }
        });
        Thread consumer = Thread.ofVirtual().start(() -> {
            int expected = 0;
            try {
                for (Integer first : ch) {
                    int taken = 1;
                    if (first != expected++) {
                        failed.set(true);
                    }
                    Integer e;
                    while (taken < batch && (e = ch.tryReceive()) != null) {
                        taken++;
                        if (e != expected++) {
                            failed.set(true);
                        }
                    }
                    LockSupport.parkNanos(workPerBatchNanos);
                }
            } catch (ChannelClosedException e) {
                // closed between hasNext and tryReceive: the loop ends at the next hasNext
                failed.set(true);
            }
        });
        producer.join();
        consumer.join();
        assertTrue(!failed.get(), "FIFO broken or a thread failed");
    }
}
