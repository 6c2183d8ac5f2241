package io.loomkit.examples;

import io.loomkit.context.BlockedOn;
import io.loomkit.context.Registration;
import io.loomkit.context.TaskMonitor;
import io.loomkit.context.TaskSnapshot;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Go's leak workflow on the demo service: a {@link TaskMonitor} snapshot before the load, an alert armed
 * just above the live count before the leak probes, and a {@link TaskSnapshot#diff snapshot diff} after,
 * whose groups are told apart by the scope that owns them ("leaky", "fixed", anything else).
 */
final class LeakWatch {
    /**
     * What the diff found.
     *
     * @param leaky tasks of the leaky endpoint still alive
     * @param fixed tasks of the fixed endpoint still alive
     * @param other any other new task still alive
     * @param blockedOn what the leaky tasks wait for, or null when there are none
     * @param leakFrame the leaking line (the leaky tasks' first user frame), or null
     * @param alerts how many times the alert fired
     */
    record Report(int leaky, int fixed, int other, BlockedOn blockedOn, StackTraceElement leakFrame, int alerts) {}

    private final TaskMonitor monitor = TaskMonitor.global();
    private final TaskSnapshot before = monitor.snapshot();
    private final AtomicInteger alerts = new AtomicInteger();
    private final AtomicLong liveAtAlert = new AtomicLong();
    private Registration alert;
    private long baseline;
    private int threshold;

    /** Arms an alert that fires once {@code expectedLeaks} more tasks than now stay alive. */
    void arm(int expectedLeaks, PrintStream out) {
        baseline = monitor.liveCount();
        threshold = (int) baseline + expectedLeaks - 1;
        alert = monitor.alertAbove(threshold, snapshot -> {
            liveAtAlert.set(snapshot.liveCount());
            alerts.incrementAndGet();
        });
        out.printf("leak probe: %d live task(s) after the load; TaskMonitor.alertAbove(%d) armed%n", baseline,
                threshold);
    }

    /** Waits until the alert fired and the new tasks are parked (2 s at most), then diffs and prints. */
    Report report(PrintStream out) throws InterruptedException {
        TaskSnapshot.Diff diff = TaskSnapshot.diff(before, monitor.snapshot());
        for (int i = 0; i < 100 && !(alerts.get() > 0 && parked(diff)); i++) {
            Thread.sleep(20); // the alert runs on its own thread; a leaked task may not have reached its wait
            diff = TaskSnapshot.diff(before, monitor.snapshot());
        }
        alert.unregister();
        if (alerts.get() > 0) {
            out.printf("ALERT: TaskMonitor live count %d > %d%n", liveAtAlert.get(), threshold);
        } else {
            out.printf("no alert: live count %d <= %d%n", monitor.liveCount(), threshold);
        }
        int leaky = 0;
        int fixed = 0;
        int other = 0;
        BlockedOn blockedOn = null;
        StackTraceElement frame = null;
        for (TaskSnapshot.Group g : diff.groups()) {
            TaskSnapshot.TaskInfo first = g.tasks().get(0);
            List<String> scope = first.scopePath();
            String kind = scope.contains("leaky") ? "leaky" : scope.contains("fixed") ? "fixed" : "other";
            switch (kind) {
                case "leaky" -> leaky += g.count();
                case "fixed" -> fixed += g.count();
                default -> other += g.count();
            }
            if (kind.equals("leaky") && frame == null) {
                blockedOn = g.blockedOn();
                frame = first.userFrame();
            }
            long oldest = g.tasks().stream().mapToLong(t -> t.age().toMillis()).max().orElse(0);
            out.printf("LEAK: %d task(s) of scope \"%s\" outlived their request, blocked on %s (oldest %d ms):%n",
                    g.count(), String.join("/", scope), g.blockedOn(), oldest);
            printTrimmed(out, g.stack(), first.userFrame());
        }
        out.printf("snapshot diff: leaky endpoint left %d task(s), fixed endpoint %d, other %d%n", leaky, fixed,
                other);
        return new Report(leaky, fixed, other, blockedOn, frame, alerts.get());
    }

    private static boolean parked(TaskSnapshot.Diff diff) {
        return diff.groups().stream().noneMatch(g -> g.blockedOn() == BlockedOn.RUNNING);
    }

    /** Prints the frames from the first loomkit frame down to the leaking line, and what it left out. */
    private static void printTrimmed(PrintStream out, List<StackTraceElement> stack, StackTraceElement userFrame) {
        int from = 0;
        while (from < stack.size() && !stack.get(from).getClassName().startsWith("io.loomkit.")) {
            from++;
        }
        int to = userFrame == null ? stack.size() - 1 : stack.indexOf(userFrame);
        if (from > to) {
            from = 0;
        }
        for (int i = from; i <= to; i++) {
            boolean leakingLine = i == to && userFrame != null;
            out.printf("        at %s%s%n", stack.get(i), leakingLine ? "   <-- the leaking line" : "");
        }
        out.printf("        (%d JDK frames above and %d frames below omitted)%n", from, stack.size() - 1 - to);
    }

    /** After the clean-up: waits until the live count is back to what it was before the probes. */
    boolean awaitBaseline(Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (monitor.liveCount() > baseline && System.nanoTime() - end < 0) {
            Thread.sleep(10);
        }
        return monitor.liveCount() <= baseline;
    }

    long baseline() {
        return baseline;
    }
}
