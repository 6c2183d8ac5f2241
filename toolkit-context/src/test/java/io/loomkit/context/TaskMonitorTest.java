package io.loomkit.context;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Leak detection on the classic leaks: each leaky shape is caught, classified and reported with the
 * leaking line, and its fixed version reports nothing.
 */
class TaskMonitorTest {
    private static final Duration SHORT = Duration.ofMillis(200);

    @Test
    void aTaskDrainingAQueueNobodyClosesIsAChannelReceiveLeak() throws Exception {
        LinkedBlockingQueue<String> queue = new LinkedBlockingQueue<>();
        TaskScope scope;
        TaskSnapshot leaked;
        try (TaskMonitor.Tracker tracker = TaskMonitor.global().track("queue-leak")) {
            scope = TaskScope.builder(Context.background()).name("drainer").open();
            scope.fork(ctx -> drainForever(queue));
            leaked = tracker.awaitLeaks(SHORT, t -> false);
        }
        try {
            assertEquals(1, leaked.tasks().size(), leaked.toString());
            TaskSnapshot.TaskInfo t = leaked.tasks().get(0);
            assertEquals(BlockedOn.CHANNEL_RECEIVE, t.blockedOn(), leaked.toString());
            assertEquals(List.of("drainer"), t.scopePath());
            assertEquals("drainer#1", t.name());
            StackTraceElement frame = t.userFrame();
            assertNotNull(frame, leaked.toString());
            assertEquals("drainForever", frame.getMethodName(), leaked.toString());
            assertTrue(leaked.toString().contains("TaskMonitorTest.drainForever"), leaked.toString());
            assertTrue(leaked.toJson().contains("\"blockedOn\":\"CHANNEL_RECEIVE\""), leaked.toJson());
        } finally {
            scope.close();
        }
    }

    private static Void drainForever(LinkedBlockingQueue<String> queue) throws InterruptedException {
        while (true) {
            queue.take(); // the leak: nobody ever sends a last element or closes the queue
        }
    }

    @Test
    void theFixedDrainerStopsAtAPoisonPillAndReportsNothing() throws Exception {
        LinkedBlockingQueue<String> queue = new LinkedBlockingQueue<>();
        try (TaskMonitor.Tracker tracker = TaskMonitor.global().track("queue-fixed");
                TaskScope scope = TaskScope.open(Context.background())) {
            scope.fork(ctx -> {
                while (!queue.take().equals("EOF")) {
                    // consume
                }
                return null;
            });
            queue.add("a");
            queue.add("EOF");
            scope.join();
            assertTrue(tracker.awaitLeaks(SHORT, t -> false).tasks().isEmpty());
        }
    }

    @Test
    void aTaskWaitingForACancellationThatNeverComesIsAContextAwaitLeak() throws Exception {
        TaskScope scope;
        TaskSnapshot leaked;
        try (TaskMonitor.Tracker tracker = TaskMonitor.global().track("await-leak")) {
            scope = TaskScope.builder(Context.background()).name("watcher").open();
            scope.fork(ctx -> {
                ctx.await(); // a select-like wait on the context alone: nobody cancels it
                return null;
            });
            leaked = tracker.awaitLeaks(SHORT, t -> false);
        }
        try {
            assertEquals(1, leaked.tasks().size(), leaked.toString());
            assertEquals(BlockedOn.CONTEXT_AWAIT, leaked.tasks().get(0).blockedOn(), leaked.toString());
            assertTrue(leaked.toString().contains("TaskMonitorTest.lambda$aTaskWaitingForACancellationThatNeverComes"),
                    leaked.toString());
        } finally {
            scope.close();
        }
    }

    @Test
    void theFixedWatcherWaitsUnderADeadlineAndReportsNothing() throws Exception {
        try (TaskMonitor.Tracker tracker = TaskMonitor.global().track("await-fixed")) {
            try (CancellableContext ctx = Context.background().withTimeout(Duration.ofMillis(20));
                    TaskScope scope = TaskScope.builder(ctx).name("watcher").open()) {
                scope.fork(c -> {
                    c.await(); // the same wait, now bounded by the deadline
                    return null;
                });
                try {
                    scope.join();
                } catch (CancelledException deadlineBeforeFork) {
                    // on a loaded machine the 20 ms can pass before fork(): the task is born cancelled
                }
            }
            assertTrue(tracker.awaitLeaks(SHORT, t -> false).tasks().isEmpty());
        }
    }

    @Test
    void aRequestHandlerForkingWithoutATimeoutLeaksASleeper() throws Exception {
        TaskSnapshot leaked;
        List<TaskScope> forgotten = new ArrayList<>();
        try (TaskMonitor.Tracker tracker = TaskMonitor.global().track("handler-leak")) {
            forgotten.add(leakyHandler());
            leaked = tracker.awaitLeaks(SHORT, t -> false);
        }
        try {
            assertEquals(1, leaked.tasks().size(), leaked.toString());
            TaskSnapshot.TaskInfo t = leaked.tasks().get(0);
            assertEquals(BlockedOn.SLEEP, t.blockedOn(), leaked.toString());
            assertEquals(List.of("handler"), t.scopePath());
            assertTrue(leaked.toString().contains("TaskMonitorTest.lambda$leakyHandler"), leaked.toString());
        } finally {
            forgotten.forEach(TaskScope::close);
        }
    }

    /** A handler that starts background work with no deadline and returns without closing its scope. */
    private static TaskScope leakyHandler() {
        TaskScope scope = TaskScope.builder(Context.background()).name("handler").open();
        scope.fork(ctx -> {
            Thread.sleep(Long.MAX_VALUE); // "refresh later": never finishes
            return null;
        });
        return scope;
    }

    @Test
    void theFixedHandlerUsesATimeoutAndClosesItsScope() throws Exception {
        try (TaskMonitor.Tracker tracker = TaskMonitor.global().track("handler-fixed")) {
            try (CancellableContext ctx = Context.background().withTimeout(Duration.ofMillis(20));
                    TaskScope scope = TaskScope.builder(ctx).name("handler").open()) {
                scope.fork(c -> {
                    Thread.sleep(Long.MAX_VALUE);
                    return null;
                });
            }
            assertTrue(tracker.awaitLeaks(SHORT, t -> false).tasks().isEmpty());
        }
    }

    @Test
    void aTaskThatIgnoresCancellationIsStillListed() throws Exception {
        CancellableContext parent = Context.background().withCancel();
        CountDownLatch release = new CountDownLatch(1);
        try (TaskMonitor.Tracker tracker = TaskMonitor.global().track("stubborn")) {
            TaskScope owned = TaskScope.builder(parent).name("stubborn").open();
            owned.fork(ctx -> {
                while (true) {
                    try {
                        release.await(); // swallows the interrupt the cancel sends: a bug worth seeing
                        return null;
                    } catch (InterruptedException ignored) {
                        // keeps waiting
                    }
                }
            });
            parent.cancel();
            TaskSnapshot leaked = tracker.awaitLeaks(SHORT, t -> false);
            assertEquals(1, leaked.tasks().size(), leaked.toString());
            assertEquals(List.of("stubborn"), leaked.tasks().get(0).scopePath());
            release.countDown();
            owned.close();
        }
    }

    @Test
    void ignoreRulesDropTasksByNameOrFrame() throws Exception {
        TaskScope scope;
        TaskSnapshot leaked;
        try (TaskMonitor.Tracker tracker = TaskMonitor.global().track("ignored")) {
            scope = TaskScope.builder(Context.background()).name("poller").open();
            scope.fork(ctx -> {
                ctx.await();
                return null;
            });
            leaked = tracker.awaitLeaks(Duration.ZERO, t -> t.name().startsWith("poller"));
        }
        scope.close();
        assertTrue(leaked.tasks().isEmpty(), leaked.toString());
    }

    @Test
    void diffGroupsNewTasksByStackLargestFirst() throws Exception {
        TaskMonitor monitor = TaskMonitor.global();
        TaskSnapshot before = monitor.snapshot();
        CountDownLatch release = new CountDownLatch(1);
        try (TaskScope scope = TaskScope.builder(Context.background()).name("diff").open()) {
            for (int i = 0; i < 3; i++) {
                scope.fork(ctx -> {
                    release.await();
                    return null;
                });
            }
            scope.fork(ctx -> {
                Thread.sleep(60_000);
                return null;
            });
            TaskSnapshot.Diff diff;
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            do {
                diff = TaskSnapshot.diff(before, monitor.snapshot());
            } while ((diff.newTasks() < 4 || diff.groups().get(0).blockedOn() != BlockedOn.WAITING
                    || diff.groups().size() < 2 || diff.groups().get(1).blockedOn() != BlockedOn.SLEEP)
                    && System.nanoTime() < end);
            assertEquals(4, diff.newTasks(), diff.toString());
            assertEquals(2, diff.groups().size(), diff.toString());
            assertEquals(3, diff.groups().get(0).count(), diff.toString());
            assertEquals(BlockedOn.WAITING, diff.groups().get(0).blockedOn(), diff.toString());
            assertEquals(1, diff.groups().get(1).count());
            assertEquals(BlockedOn.SLEEP, diff.groups().get(1).blockedOn());
            assertTrue(diff.toString().startsWith("4 task(s) appeared"), diff.toString());
            assertTrue(diff.toJson().contains("\"newTasks\":4"), diff.toJson());
            release.countDown();
        }
    }

    @Test
    void liveCountIsExactAfter100kConcurrentVirtualThreadTasks() throws Exception {
        TaskMonitor monitor = TaskMonitor.global();
        long base = monitor.liveCount();
        CountDownLatch release = new CountDownLatch(1);
        int n = 100_000;
        try (TaskScope scope = TaskScope.open(Context.background())) {
            ExecutorService forkers = Executors.newVirtualThreadPerTaskExecutor();
            for (int f = 0; f < 4; f++) {
                forkers.submit(() -> {
                    for (int i = 0; i < n / 4; i++) {
                        scope.fork(ctx -> {
                            release.await();
                            return null;
                        });
                    }
                    return null;
                });
            }
            forkers.close();
            assertTrue(monitor.liveCount() >= base + n, "all forked tasks are live: " + monitor.liveCount());
            assertTrue(monitor.peak() >= base + n);
            release.countDown();
            scope.join();
        }
        assertEquals(base, monitor.liveCount());
        assertTrue(monitor.linkedEntries() < base + 10_000, "finished tasks are swept: " + monitor.linkedEntries());
    }

    @Test
    void scopesDroppedWithoutCloseDoNotPileUpInTheRegistry() {
        TaskMonitor monitor = TaskMonitor.global();
        for (int i = 1; i <= 200_000; i++) {
            TaskScope.open(Context.background()); // never closed, never forked: garbage at once
            if (i % 20_000 == 0) {
                System.gc();
            }
        }
        assertTrue(monitor.linkedEntries() < 60_000,
                "collected scopes must be swept from the registry: " + monitor.linkedEntries());
    }

    @Test
    void wrappedExecutorTasksAreCountedWhileTheyRun() throws Exception {
        TaskMonitor monitor = TaskMonitor.global();
        long base = monitor.liveCount();
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (ExecutorService pool = Executors.newFixedThreadPool(1)) {
            Context.background().wrap(pool).execute(() -> {
                running.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            running.await();
            assertEquals(base + 1, monitor.liveCount());
            assertTrue(monitor.snapshot().tasks().stream().anyMatch(t -> t.name().startsWith("wrapped:")));
            release.countDown();
        }
        assertEquals(base, monitor.liveCount());
    }

    @Test
    void alertFiresOncePerUpwardCrossingWithHysteresis() throws Exception {
        TaskMonitor monitor = TaskMonitor.global();
        int threshold = (int) monitor.liveCount() + 50;
        List<TaskSnapshot> alerts = new CopyOnWriteArrayList<>();
        Registration reg = monitor.alertAbove(threshold, alerts::add);
        try {
            for (int round = 1; round <= 2; round++) {
                CountDownLatch release = new CountDownLatch(1);
                try (TaskScope scope = TaskScope.open(Context.background())) {
                    for (int i = 0; i < 80; i++) {
                        scope.fork(ctx -> {
                            release.await();
                            return null;
                        });
                    }
                    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                    while (alerts.size() < round && System.nanoTime() < end) {
                        Thread.sleep(5);
                    }
                    assertEquals(round, alerts.size(), "one alert per crossing, not one per task");
                    assertTrue(alerts.get(round - 1).liveCount() > threshold);
                    release.countDown();
                    scope.join();
                }
            }
        } finally {
            assertTrue(reg.unregister());
        }
        assertEquals(2, alerts.size());
        assertThrows(IllegalArgumentException.class, () -> monitor.alertAbove(-1, s -> { }));
        assertThrows(NullPointerException.class, () -> monitor.alertAbove(1, null));
    }

    @Test
    void aTrackerMustBeClosedByTheThreadThatOpenedIt() throws Exception {
        try (TaskMonitor.Tracker tracker = TaskMonitor.global().track("owner")) {
            assertTrue(tracker.liveTasks().tasks().isEmpty());
            assertThrows(IllegalStateException.class, () -> {
                Thread t = Thread.ofVirtual().unstarted(tracker::close);
                Throwable[] thrown = new Throwable[1];
                t.setUncaughtExceptionHandler((th, e) -> thrown[0] = e);
                t.start();
                t.join();
                if (thrown[0] instanceof RuntimeException e) {
                    throw e;
                }
            });
        }
    }

    @Test
    void aTrackerOwnsScopesOpenedByThreadsItsThreadStarts() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (TaskMonitor.Tracker tracker = TaskMonitor.global().track("inherits")) {
            Thread raw = Thread.ofPlatform().start(() -> {
                TaskScope scope = TaskScope.builder(Context.background()).name("from-raw-thread").open();
                scope.fork(ctx -> {
                    release.await();
                    return null;
                });
            });
            raw.join();
            TaskSnapshot owned = tracker.liveTasks();
            assertEquals(1, owned.tasks().size(), owned.toString());
            assertEquals(List.of("from-raw-thread"), owned.tasks().get(0).scopePath());
        } finally {
            release.countDown();
        }
        try (TaskMonitor.Tracker other = TaskMonitor.global().track("other")) {
            Thread raw = Thread.ofPlatform().start(() -> TaskScope.open(Context.background()).fork(ctx -> null));
            raw.join();
            assertTrue(other.awaitLeaks(SHORT, t -> false).tasks().isEmpty());
        }
    }
}
