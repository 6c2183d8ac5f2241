package io.loomkit.examples;

import io.loomkit.channel.CapacityAdvice;
import io.loomkit.channel.CapacityAdvisor;
import io.loomkit.channel.Channel;
import io.loomkit.context.CancellableContext;
import io.loomkit.context.Context;
import io.loomkit.context.ContextKey;
import io.loomkit.context.Task;
import io.loomkit.context.TaskFailedException;
import io.loomkit.context.TaskScope;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The loomkit demo: a context fan-out under a deadline, channel sizing from measured traffic, and then a
 * small HTTP service built on all four modules ({@link DemoService}) driven by a load generator, with a
 * leak found and cleaned up and a summary at the end. Run it with {@code --help} for its flags.
 */
public final class Demo {
    static final ContextKey<String> REQUEST_ID = ContextKey.named("requestId");
    static final int LEAK_PROBES = 5;
    static final Duration CONFIG_UPDATE_EVERY = Duration.ofMillis(100);

    private Demo() {}

    /**
     * Entry point.
     *
     * @param args command-line flags; {@code --help} lists them
     * @throws Exception if the demo fails
     */
    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage() + " (try --help)");
            System.exit(2);
            return;
        }
        if (options.help()) {
            System.out.println(Options.USAGE);
            return;
        }
        fanOut(System.out, options.fanout());
        sizing(System.out);
        run(options, System.out).print(System.out);
    }

    /**
     * The service section: starts {@link DemoService}, drives it with {@link LoadGenerator}, probes the
     * leaky and the fixed endpoint under a {@link LeakWatch}, cleans the leak up and stops the service.
     *
     * @return what the run measured; {@link Summary#print} prints it
     */
    static Summary run(Options options, PrintStream out) throws IOException, InterruptedException {
        out.println();
        out.println("== A service on all four primitives: HTTP on virtual threads, under load ==");
        DemoService service = DemoService.start(options.fanout(), CONFIG_UPDATE_EVERY);
        try {
            out.printf("service on %s: %s fans out to up to %d shard lookups under a 50 ms deadline; %s and %s"
                    + " wait for a notification%n", service.uri(""), DemoService.LOOKUP, options.fanout(),
                    DemoService.FIXED, DemoService.LEAKY);
            LeakWatch watch = new LeakWatch();
            Map<String, LoadGenerator.EndpointResult> endpoints;
            long loadRequests;
            LeakWatch.Report leaks;
            boolean cleanedUp;
            try (LoadGenerator load = new LoadGenerator(service, out)) {
                loadRequests = load.run(options);
                watch.arm(LEAK_PROBES, out);
                load.probe(DemoService.LEAKY, LEAK_PROBES); // each hit leaks one task ...
                load.probe(DemoService.FIXED, LEAK_PROBES); // ... and these leak none
                leaks = watch.report(out);
                service.releaseLeakedTasks();
                cleanedUp = watch.awaitBaseline(Duration.ofSeconds(5));
                out.printf("clean-up: closed the channel the leaked tasks waited on; live count %s%n",
                        cleanedUp ? "back to " + watch.baseline() : "still above " + watch.baseline());
                endpoints = load.results();
            }
            service.close(); // drains the pipeline, so its counts below are final
            Pipeline p = service.pipeline();
            return new Summary(endpoints, loadRequests, service.serverErrors(), service.poolStats(), p.advice(),
                    p.capacity(), p.consumed(), p.batches(), p.dropped(), service.configUpdates(),
                    service.versionsServed().size(), leaks, cleanedUp);
        } finally {
            service.close();
        }
    }

    /**
     * A bursty producer and a batching consumer on a measured channel that starts far too big, and an
     * adaptive one that starts at 1: the live capacity advice and where the adaptive capacity settles.
     *
     * @return the final advice for the oversized channel
     */
    static CapacityAdvice sizing(PrintStream out) throws InterruptedException {
        out.println();
        out.println("== Channel sizing: live advice from measured traffic ==");
        Channel<Integer> fixed = Channel.<Integer>builder(4096).measured().build();
        Channel<Integer> adaptive = Channel.<Integer>builder(1).measured().adaptive(1, 4096).build();
        CapacityAdvice advice = null;
        for (Channel<Integer> ch : List.of(fixed, adaptive)) {
            Thread producer = Thread.ofVirtual().start(() -> {
                try {
                    for (int burst = 0; burst < 200; burst++) {
                        for (int i = 0; i < 8; i++) {
                            ch.send(i); // bursts of 8 ...
                        }
                        Thread.sleep(2); // ... every 2 ms
                    }
                    ch.close();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            int received = 0;
            for (Integer ignored : ch) { // the consumer keeps up, taking what a burst left
                received++;
            }
            producer.join();
            CapacityAdvice a = CapacityAdvisor.advise(ch.stats());
            out.printf("%s channel, capacity now %d, %d received: %s%n", ch == fixed ? "fixed 4096" : "adaptive 1..4096",
                    ch.capacity(), received, a);
            if (ch == fixed) {
                advice = a;
            }
        }
        return advice;
    }

    /**
     * Three requests fan out to helper tasks under a deadline; the third's deadline is shorter than its
     * slowest helper, so the scope cancels the helpers.
     *
     * @return the number of requests that met their deadline
     */
    static int fanOut(PrintStream out, int fanout) throws InterruptedException {
        out.println("== Context and TaskScope: fan-out under a deadline ==");
        int ok = 0;
        for (int request = 1; request <= 3; request++) {
            // Request 3 gets a deadline shorter than its slowest helper: the scope cancels the helpers.
            Duration budget = Duration.ofMillis(request == 3 ? 30 : 500);
            try (CancellableContext ctx = Context.background().with(REQUEST_ID, "req-" + request).withTimeout(budget);
                    TaskScope scope = TaskScope.builder(ctx).name("req-" + request).open()) {
                List<Task<Integer>> parts = new ArrayList<>();
                for (int i = 0; i < fanout; i++) {
                    int delayMs = 5 + 10 * i;
                    parts.add(scope.fork(c -> {
                        Thread.sleep(delayMs); // interrupted when the deadline passes
                        return delayMs;
                    }));
                }
                long start = System.nanoTime();
                try {
                    scope.join();
                    int sum = parts.stream().mapToInt(Task::get).sum();
                    ok++;
                    out.printf("%s: %d helpers done in %d ms, sum %d%n", ctx.get(REQUEST_ID), fanout,
                            (System.nanoTime() - start) / 1_000_000, sum);
                } catch (TaskFailedException | io.loomkit.context.CancelledException e) {
                    long cancelled = parts.stream().filter(t -> t.state() == Task.State.CANCELLED).count();
                    out.printf("%s: stopped after %d ms (%s); %d helpers cancelled, none left running%n",
                            ctx.get(REQUEST_ID), (System.nanoTime() - start) / 1_000_000,
                            e.getCause().getClass().getSimpleName(), cancelled);
                }
            }
        }
        return ok;
    }
}
