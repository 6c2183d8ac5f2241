package io.loomkit.examples;

import io.loomkit.channel.CapacityAdvice;
import io.loomkit.channel.CapacityAdvisor;
import io.loomkit.channel.Channel;
import io.loomkit.context.CancellableContext;
import io.loomkit.context.Context;
import io.loomkit.context.ContextKey;
import io.loomkit.context.Registration;
import io.loomkit.context.Task;
import io.loomkit.context.TaskFailedException;
import io.loomkit.context.TaskMonitor;
import io.loomkit.context.TaskScope;
import io.loomkit.context.TaskSnapshot;
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
        leaks(System.out);
        sizing(System.out);
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
     * A handler that starts a task with no timeout which waits on a channel nobody closes, against the
     * fixed handler; the task monitor's alert and a snapshot diff show the leak with its stack.
     *
     * @return the number of leaked tasks the diff found
     */
    static int leaks(PrintStream out) throws InterruptedException {
        out.println();
        out.println("== Leak detection: a leaky handler and the fixed one ==");
        TaskMonitor monitor = TaskMonitor.global();
        java.util.concurrent.atomic.AtomicInteger alerts = new java.util.concurrent.atomic.AtomicInteger();
        Registration alert = monitor.alertAbove((int) monitor.liveCount() + 4, s -> alerts.incrementAndGet());
        List<TaskScope> leaked = new ArrayList<>();
        TaskSnapshot before = monitor.snapshot();
        for (int i = 0; i < 5; i++) {
            leaked.add(leakyHandler(Channel.rendezvous()));
        }
        for (int i = 0; i < 5; i++) {
            fixedHandler(Channel.rendezvous());
        }
        Thread.sleep(100); // let the tasks reach their wait
        for (int i = 0; i < 100 && alerts.get() == 0; i++) {
            Thread.sleep(20); // the alert runs on its own thread; the first one also starts JFR's event classes
        }
        TaskSnapshot.Diff diff = TaskSnapshot.diff(before, monitor.snapshot());
        for (TaskSnapshot.Group g : diff.groups()) {
            out.printf("%d task(s) leaked, blocked on %s at %s%n", g.count(), g.blockedOn(),
                    g.tasks().get(0).userFrame());
        }
        out.printf("alert fired %d time(s); the fixed handler left %s%n", alerts.get(),
                diff.groups().stream().anyMatch(g -> g.tasks().get(0).name().startsWith("fixed")) ? "tasks" : "none");
        alert.unregister();
        leaked.forEach(TaskScope::close);
        return diff.newTasks();
    }

    /** Leaks: no timeout, the scope is never closed, and nobody ever sends on or closes {@code events}. */
    static TaskScope leakyHandler(Channel<String> events) {
        TaskScope scope = TaskScope.builder(Context.background()).name("leaky").open();
        scope.fork(ctx -> events.receive());
        return scope;
    }

    /** Fixed: a deadline bounds the wait and the scope is closed when the handler returns. */
    static void fixedHandler(Channel<String> events) throws InterruptedException {
        try (CancellableContext ctx = Context.background().withTimeout(Duration.ofMillis(20));
                TaskScope scope = TaskScope.builder(ctx).name("fixed").open()) {
            scope.fork(c -> events.receive(c));
            try {
                scope.join();
            } catch (io.loomkit.context.CancelledException | TaskFailedException expected) {
                // the deadline passed: nothing arrived, and nothing is left behind
            }
        }
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
