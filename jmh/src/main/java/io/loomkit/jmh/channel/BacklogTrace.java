package io.loomkit.jmh.channel;

import io.loomkit.channel.CapacityAdvisor;
import io.loomkit.channel.Channel;
import io.loomkit.channel.ChannelClosedException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;

/**
 * Traces backlog and capacity over time for a fixed, oversized channel and an adaptive one carrying the
 * same bursty traffic, and draws the chart in docs/channel-sizing.md.
 *
 * <p>Workload, on virtual threads, the same for both channels and run on both at once: a producer sends
 * bursts of 64 every 16 ms for {@link #PHASE_A_NANOS}, then bursts of 8 every 2 ms (4000 elements/s in both
 * phases) until {@link #RUN_NANOS}; a consumer takes up to 16 elements back-to-back, then works 1 ms. A
 * platform thread samples {@code size()} and {@code capacity()} of both channels every
 * {@link #SAMPLE_NANOS}.
 *
 * <pre>
 * java -cp jmh/target/benchmarks.jar io.loomkit.jmh.channel.BacklogTrace docs/img docs/results
 * </pre>
 *
 * writes {@code docs/results/channel-backlog.csv} (every sample), {@code docs/results/channel-backlog.txt}
 * (each channel's stats and advice at the phase change and at the end) and {@code docs/img/channel-backlog.svg}.
 */
public final class BacklogTrace {
    static final long MS = 1_000_000L;
    static final long PHASE_A_NANOS = 4_000 * MS;
    /** Longer than phase A plus the stats window (10 s), so the final advice sees only phase B. */
    static final long RUN_NANOS = 16_000 * MS;
    static final long WARMUP_NANOS = 1_000 * MS;
    static final long SAMPLE_NANOS = 2 * MS;
    static final int CONSUMER_BATCH = 16;
    static final long CONSUMER_WORK_NANOS = MS;
    static final int FIXED_CAPACITY = 1024;
    static final int ADAPTIVE_MIN = 1;
    static final int ADAPTIVE_MAX = 1024;
    static final int ADAPTIVE_INITIAL = 4;

    private BacklogTrace() {}

    /** One sample of both channels. */
    record Sample(long nanos, int fixedSize, int fixedCapacity, int adaptiveSize, int adaptiveCapacity) {}

    /**
     * Entry point.
     *
     * @param args the chart folder and the results folder
     * @throws Exception if a thread fails or a file cannot be written
     */
    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: BacklogTrace <chart folder> <results folder>");
            System.exit(2);
        }
        // Warm up the JIT and the virtual-thread scheduler on throwaway channels, so that start-up stalls
        // do not show as a backlog.
        run(Channel.<Integer>builder(FIXED_CAPACITY).measured().build(),
                Channel.<Integer>builder(ADAPTIVE_INITIAL).adaptive(ADAPTIVE_MIN, ADAPTIVE_MAX).build(),
                WARMUP_NANOS, new ArrayList<>(), new StringBuilder());
        Channel<Integer> fixed = Channel.<Integer>builder(FIXED_CAPACITY).measured().build();
        Channel<Integer> adaptive = Channel.<Integer>builder(ADAPTIVE_INITIAL)
                .adaptive(ADAPTIVE_MIN, ADAPTIVE_MAX).build();
        List<Sample> samples = new ArrayList<>();
        StringBuilder report = new StringBuilder();
        run(fixed, adaptive, RUN_NANOS, samples, report);
        System.out.print(report);

        Path charts = Path.of(args[0]);
        Path results = Path.of(args[1]);
        Files.createDirectories(charts);
        Files.createDirectories(results);
        StringBuilder csv = new StringBuilder("t_ms,fixed_size,fixed_capacity,adaptive_size,adaptive_capacity\n");
        for (Sample s : samples) {
            csv.append(String.format(Locale.ROOT, "%.3f,%d,%d,%d,%d%n", s.nanos() / 1e6, s.fixedSize(),
                    s.fixedCapacity(), s.adaptiveSize(), s.adaptiveCapacity()));
        }
        Files.writeString(results.resolve("channel-backlog.csv"), csv);
        Files.writeString(results.resolve("channel-backlog.txt"), report);
        Files.writeString(charts.resolve("channel-backlog.svg"), BacklogChart.svg(samples, RUN_NANOS, PHASE_A_NANOS));
        System.out.println("wrote " + charts.resolve("channel-backlog.svg") + ", "
                + results.resolve("channel-backlog.csv") + " (" + samples.size() + " samples)");
    }

    /** Runs the workload on both channels for {@code runNanos}, sampling; advice at the phase change and the end. */
    private static void run(Channel<Integer> fixed, Channel<Integer> adaptive, long runNanos, List<Sample> samples,
            StringBuilder report) throws InterruptedException {
        long start = System.nanoTime();
        List<Thread> threads = new ArrayList<>();
        for (Channel<Integer> ch : List.of(fixed, adaptive)) {
            threads.add(Thread.ofVirtual().start(() -> produce(ch, start, runNanos)));
            threads.add(Thread.ofVirtual().start(() -> consume(ch)));
        }
        boolean phaseReported = false;
        for (long next = start; next - start <= runNanos; next += SAMPLE_NANOS) {
            long wait = next - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            long t = System.nanoTime() - start;
            samples.add(new Sample(t, fixed.size(), fixed.capacity(), adaptive.size(), adaptive.capacity()));
            if (!phaseReported && t >= PHASE_A_NANOS) {
                phaseReported = true;
                advice(report, String.format(Locale.ROOT, "at %.1f s", t / 1e9), fixed, adaptive);
            }
        }
        for (Thread t : threads) {
            t.join();
        }
        advice(report, String.format(Locale.ROOT, "at %.1f s", (System.nanoTime() - start) / 1e9), fixed,
                adaptive);
    }

    private static void advice(StringBuilder report, String when, Channel<Integer> fixed, Channel<Integer> adaptive) {
        report.append(when).append(", fixed ").append(FIXED_CAPACITY).append(": ").append(fixed.stats())
                .append("\n  ").append(CapacityAdvisor.advise(fixed.stats())).append('\n');
        report.append(when).append(", adaptive(").append(ADAPTIVE_MIN).append(", ").append(ADAPTIVE_MAX)
                .append(") from ").append(ADAPTIVE_INITIAL).append(": ").append(adaptive.stats()).append("\n  ")
                .append(CapacityAdvisor.advise(adaptive.stats())).append('\n');
    }

    /**
     * Bursts of 64 every 16 ms, then of 8 every 2 ms; closes the channel at the end. A producer that falls
     * more than a period behind (a pause elsewhere) skips the missed bursts rather than sending them at once.
     */
    private static void produce(Channel<Integer> ch, long start, long runNanos) {
        long next = start;
        int v = 0;
        try {
            while (System.nanoTime() - start < runNanos) {
                boolean phaseA = next - start < PHASE_A_NANOS;
                int burst = phaseA ? 64 : 8;
                long period = phaseA ? 16 * MS : 2 * MS;
                for (int i = 0; i < burst; i++) {
                    ch.send(v++);
                }
                next += period;
                long sleep = next - System.nanoTime();
                if (sleep > 0) {
                    LockSupport.parkNanos(sleep);
                } else if (sleep < -period) {
                    next = System.nanoTime();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            ch.close();
        }
    }

    /** Takes up to {@link #CONSUMER_BATCH} back-to-back, then works {@link #CONSUMER_WORK_NANOS}. */
    private static void consume(Channel<Integer> ch) {
        try {
            for (Integer first : ch) {
                int taken = 1;
                while (taken < CONSUMER_BATCH && ch.tryReceive() != null) {
                    taken++;
                }
                LockSupport.parkNanos(CONSUMER_WORK_NANOS);
            }
        } catch (ChannelClosedException e) {
            // closed and drained between hasNext() and tryReceive(): the trace is complete
        }
    }
}
