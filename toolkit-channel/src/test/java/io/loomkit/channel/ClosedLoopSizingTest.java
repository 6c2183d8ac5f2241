package io.loomkit.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loomkit.channel.CapacityAdvice.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * Real threads at known rates (the closed-loop verification): a producer sends bursts of
 * {@link #BURST} every {@link #BURST_EVERY_NANOS} (λ = 400/s); a consumer wakes every
 * {@link #CONSUMER_EVERY_NANOS} (its work period) and takes up to k elements back-to-back without waiting
 * (μ = k × 100/s). The periods are long (10-20 ms) so that scheduling hiccups of a loaded machine do not
 * look like bursts. No timing assertions: only bounds on where the capacity and the advice end up.
 */
class ClosedLoopSizingTest {
    private static final int BURST = 8;
    private static final long BURST_EVERY_NANOS = 20_000_000L;
    private static final long CONSUMER_EVERY_NANOS = 10_000_000L;
    private static final int K = 8;
    private static final long RUN_NANOS = 1_200_000_000L;

    @Test
    void consumerFasterThanProducerGetsAdviceOfTwoToThreeBatches() throws Exception {
        // μ = 8 per 10 ms = 800/s, twice λ.
        Channel<Integer> fixed = Channel.<Integer>builder(1024).measured().build();
        run(fixed, K, RUN_NANOS, null);
        ChannelStats stats = fixed.stats();
        CapacityAdvice advice = CapacityAdvisor.advise(stats);
        System.out.println("fast consumer, fixed 1024: " + stats + "\n  " + advice);
        assertEquals(Verdict.OVERSIZED, advice.verdict(), advice.toString());
        // The batch rule (2.5 x the measured batch) or, if larger, the burst-absorbing peak rule.
        assertTrue(advice.recommendedCapacity() >= 2 * K && advice.recommendedCapacity() <= 3 * K
                || advice.reason().startsWith("peak backlog") && advice.recommendedCapacity() <= 4 * BURST,
                advice.toString());
    }

    @Test
    void adaptiveChannelSettlesFromAboveAndStays() throws Exception {
        Channel<Integer> adaptive = Channel.<Integer>builder(512).adaptive(1, 1024).build();
        List<Integer> capacities = new ArrayList<>();
        run(adaptive, K, 2 * RUN_NANOS, capacities);
        CapacityAdvice advice = CapacityAdvisor.advise(adaptive.stats());
        System.out.println("fast consumer, adaptive [1, 1024] from 512: capacities " + capacities + "\n  " + advice);
        // Settled within the run: the last half of the samples (the last 1.2 s) all in [2k, 3k], unchanged.
        List<Integer> lastHalf = capacities.subList(capacities.size() / 2, capacities.size());
        int settled = lastHalf.get(0);
        assertTrue(settled >= 2 * K && settled <= 3 * K, "capacities " + capacities);
        assertTrue(lastHalf.stream().allMatch(c -> c == settled), "oscillates: " + capacities);
        assertNotEquals(Verdict.CONSUMER_TOO_SLOW, advice.verdict(), advice.toString());
    }

    @Test
    void adaptiveChannelGrowsToAbsorbBursts() throws Exception {
        Channel<Integer> adaptive = Channel.<Integer>builder(1).adaptive(1, 1024).build();
        List<Integer> capacities = new ArrayList<>();
        run(adaptive, K, RUN_NANOS, capacities);
        CapacityAdvice advice = CapacityAdvisor.advise(adaptive.stats());
        System.out.println("fast consumer, adaptive [1, 1024] from 1: capacities " + capacities + "\n  " + advice);
        // It grows only while sends find it full: to at least one burst, and not past a few. (The advice
        // here still sees the growth phase, which is inside the 10 s window; WindowedStatsTest shows it
        // ageing out on a synthetic clock.)
        assertTrue(adaptive.capacity() >= BURST && adaptive.capacity() <= 4 * BURST, "capacities " + capacities);
        int last = capacities.get(capacities.size() - 1);
        assertTrue(capacities.subList(capacities.size() - 3, capacities.size()).stream().allMatch(c -> c == last),
                "still growing at the end: " + capacities);
    }

    @Test
    void consumerSlowerThanProducerIsCalledOutAndNotGrownPastMax() throws Exception {
        // μ = 2 per 10 ms = 200/s, half of λ.
        Channel<Integer> fixed = Channel.<Integer>builder(16).measured().build();
        run(fixed, 2, RUN_NANOS, null);
        CapacityAdvice advice = CapacityAdvisor.advise(fixed.stats());
        System.out.println("slow consumer, fixed 16: " + fixed.stats() + "\n  " + advice);
        assertEquals(Verdict.CONSUMER_TOO_SLOW, advice.verdict(), advice.toString());

        Channel<Integer> adaptive = Channel.<Integer>builder(4).adaptive(1, 8).build();
        List<Integer> capacities = new ArrayList<>();
        run(adaptive, 2, RUN_NANOS, capacities);
        CapacityAdvice adaptiveAdvice = CapacityAdvisor.advise(adaptive.stats());
        System.out.println("slow consumer, adaptive [1, 8] from 4: capacities " + capacities + "\n  "
                + adaptiveAdvice);
        assertTrue(capacities.stream().allMatch(c -> c <= 8), "capacities " + capacities);
        assertEquals(Verdict.CONSUMER_TOO_SLOW, adaptiveAdvice.verdict(), adaptiveAdvice.toString());
    }

    /**
     * Runs the producer and the consumer on virtual threads for {@code runNanos}; checks FIFO. If
     * {@code capacities} is not null, the consumer records the capacity every 100 ms.
     */
    private static void run(Channel<Integer> ch, int k, long runNanos, List<Integer> capacities)
            throws Exception {
        AtomicBoolean failed = new AtomicBoolean();
        Thread producer = Thread.ofVirtual().start(() -> {
            long start = System.nanoTime();
            long next = start;
            int v = 0;
            try {
                while (System.nanoTime() - start < runNanos) {
                    for (int i = 0; i < BURST; i++) {
                        ch.send(v++);
                    }
                    next += BURST_EVERY_NANOS;
                    long sleep = next - System.nanoTime();
                    if (sleep > 0) {
                        LockSupport.parkNanos(sleep);
                    } else {
                        // Late (a loaded machine did not run us): start the schedule again from now rather
                        // than catch up with back-to-back bursts, which would be bigger bursts than b.
                        next = System.nanoTime();
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
            long start = System.nanoTime();
            long nextSample = start;
            try {
                while (true) {
                    Integer e;
                    for (int taken = 0; taken < k && (e = ch.tryReceive()) != null; taken++) {
                        if (e != expected++) {
                            failed.set(true);
                        }
                    }
                    if (capacities != null && System.nanoTime() - nextSample >= 0) {
                        capacities.add(ch.capacity());
                        nextSample += 100_000_000L;
                    }
                    LockSupport.parkNanos(CONSUMER_EVERY_NANOS);
                }
            } catch (ChannelClosedException e) {
                // closed and drained: the run is over
            }
        });
        producer.join();
        consumer.join();
        assertTrue(!failed.get(), "FIFO broken or a thread failed");
    }
}
