package io.loomkit.jmh.context;

import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A diagnostic, not a benchmark: does a TaskScope fall into {@link ScopeBench}'s slow mode more often
 * than the virtual-thread executor? JMH runs one implementation per fork, so a JVM-wide state that lasts
 * for seconds (the slow mode, docs/benchmarks.md) can favour whichever implementation a fork happened to
 * measure. Here both run in one JVM, alternating in random order, so each pair of runs sees the same
 * state. It prints, per implementation, the median and how many runs were slow, and, over the pairs, how
 * often only one of the two was slow and the median per-pair ratio within each mode. A run is slow when it
 * takes over {@code slowFactor} times its implementation's 10th percentile: a threshold relative to each
 * implementation's own fast mode, so that the one with more work per task is not called slow more often
 * merely for being above a fixed line.
 *
 * <p>{@code java -cp jmh/target/benchmarks.jar io.loomkit.jmh.context.ScopeModes [pairs] [caller]
 * [slowFactor]}: defaults 1000 pairs after 300 for warm-up, caller {@code platform}, slowFactor 1.5.
 */
public final class ScopeModes {
    private static final String LOOMKIT = "loomkit";
    private static final String EXECUTOR = "virtualThreadExecutor";

    private ScopeModes() {}

    /**
     * Runs the pairs and prints the summary.
     *
     * @param args pairs, caller ({@code platform} or {@code virtual}), slow factor
     * @throws Exception if a run fails
     */
    public static void main(String[] args) throws Exception {
        int pairs = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        String caller = args.length > 1 ? args[1] : "platform";
        double slowFactor = args.length > 2 ? Double.parseDouble(args[2]) : 1.5;
        for (int i = 0; i < 300; i++) {
            time(LOOMKIT, caller);
            time(EXECUTOR, caller);
        }
        double[] loomkit = new double[pairs];
        double[] executor = new double[pairs];
        for (int i = 0; i < pairs; i++) {
            if (ThreadLocalRandom.current().nextBoolean()) {
                loomkit[i] = time(LOOMKIT, caller);
                executor[i] = time(EXECUTOR, caller);
            } else {
                executor[i] = time(EXECUTOR, caller);
                loomkit[i] = time(LOOMKIT, caller);
            }
        }
        double loomkitSlow = slowFactor * percentile(loomkit, 0.10);
        double executorSlow = slowFactor * percentile(executor, 0.10);
        System.out.printf("caller=%s pairs=%d slow=over %.2f x the 10th percentile%n", caller, pairs, slowFactor);
        describe(LOOMKIT, loomkit, loomkitSlow);
        describe(EXECUTOR, executor, executorSlow);
        int onlyLoomkit = 0;
        int onlyExecutor = 0;
        double[] fastRatios = new double[pairs];
        double[] slowRatios = new double[pairs];
        int fast = 0;
        int slow = 0;
        for (int i = 0; i < pairs; i++) {
            boolean l = loomkit[i] > loomkitSlow;
            boolean e = executor[i] > executorSlow;
            if (l && !e) {
                onlyLoomkit++;
            } else if (e && !l) {
                onlyExecutor++;
            } else if (l) {
                slowRatios[slow++] = loomkit[i] / executor[i];
            } else {
                fastRatios[fast++] = loomkit[i] / executor[i];
            }
        }
        System.out.printf("pairs slow for loomkit only: %d, for the executor only: %d%n", onlyLoomkit, onlyExecutor);
        System.out.printf("loomkit/executor, both fast (%d pairs): median %.3f%n", fast, median(fastRatios, fast));
        System.out.printf("loomkit/executor, both slow (%d pairs): median %.3f%n", slow, median(slowRatios, slow));
    }

    private static double time(String impl, String caller) throws Exception {
        long t0 = System.nanoTime();
        ScopeBench.run(impl, caller);
        return (System.nanoTime() - t0) / 1e6;
    }

    private static void describe(String impl, double[] millis, double slowMillis) {
        long slow = Arrays.stream(millis).filter(m -> m > slowMillis).count();
        double[] fast = Arrays.stream(millis).filter(m -> m <= slowMillis).toArray();
        System.out.printf("%-22s median %.3f ms, fast-mode median %.3f ms, slow (over %.2f ms) %d of %d%n",
                impl, median(millis, millis.length), median(fast, fast.length), slowMillis, slow, millis.length);
    }

    private static double percentile(double[] values, double p) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[(int) (p * (sorted.length - 1))];
    }

    private static double median(double[] values, int n) {
        if (n == 0) {
            return Double.NaN;
        }
        double[] sorted = Arrays.copyOf(values, n);
        Arrays.sort(sorted);
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
