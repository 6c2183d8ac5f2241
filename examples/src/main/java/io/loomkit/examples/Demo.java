package io.loomkit.examples;

import io.loomkit.context.CancellableContext;
import io.loomkit.context.Context;
import io.loomkit.context.ContextKey;
import io.loomkit.context.Task;
import io.loomkit.context.TaskFailedException;
import io.loomkit.context.TaskScope;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The loomkit demo: runs each primitive on a small, real workload and prints what happened. It grows
 * with each module; run it with {@code --help} for its flags.
 */
public final class Demo {
    static final ContextKey<String> REQUEST_ID = ContextKey.named("requestId");

    private Demo() {}

    /**
     * Entry point.
     *
     * @param args command-line flags; {@code --help} lists them
     * @throws Exception if the demo fails
     */
    public static void main(String[] args) throws Exception {
        int fanout = 8;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--help", "-h" -> {
                    System.out.println("""
                            usage: demo [--fanout N]
                              --fanout N   helper tasks per request (default 8)
                              --help       this text""");
                    return;
                }
                case "--fanout" -> fanout = Integer.parseInt(args[++i]);
                default -> {
                    System.err.println("unknown flag: " + args[i] + " (try --help)");
                    System.exit(2);
                }
            }
        }
        run(System.out, fanout);
    }

    /** Runs the demo and returns the number of requests that met their deadline. */
    static int run(PrintStream out, int fanout) throws InterruptedException {
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
