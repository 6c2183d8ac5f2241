package io.loomkit.context;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.time.Duration;

/*
 * Counting: monotonic counters, changed with getAndAdd (an atomic instruction, not a lock): started, one
 * counter added to by the threads that start tasks, and finished, striped over a few cells (each on a
 * cache line of its own) added to by the tasks' own threads as they end, each in the cell its thread id
 * hashes to. Neither side contends with the other, and the finishing carriers rarely with each other.
 * (ScopeBench, 10,000 trivial tasks, has a slow mode in which both carriers finish tasks at once; one run
 * with a single shared count was slow in 28 of 40 iterations, unmonitored in 0 of 40, but later runs put
 * the unmonitored variant and the executor rival in that mode too: docs/benchmarks.md, session 4. The
 * split is kept for its lack of contention, not as a proven cure.) The live count is
 * started - finished, reading the finished cells first: every finish follows its start, so the
 * difference is never negative, and it is exact when nothing starts or finishes meanwhile.
 * A start needs the live count only to follow the peak and to check alerts, and a lower bound of
 * finished gives an upper bound of the count: each start compares started - finishedSeen (a racy cache
 * of an earlier sum of the finished cells, never above the true total since they only grow) with the
 * peak and the lowest armed threshold (nextAlertAt; Long.MAX_VALUE when none), and only when that bound
 * passes one of them does it sum the finished cells. Peak follows with a CAS-max of that difference, a
 * count the monitor held at some moment between the start's add and its reads (so the peak never
 * overstates). A finish compares the count with rearmAt (the highest level at which a fired alert
 * re-arms; Long.MIN_VALUE when none) only when rearmAt says an alert waits to re-arm, so it reads the
 * other counters only then. Crossing either level takes alertLock, which updates the alerts' armed flags
 * and recomputes both levels; the alert itself runs on a new virtual thread, so the task that crossed
 * the threshold only pays for starting that thread.
 */
/**
 * Counts and lists the tasks started through loomkit ({@link TaskScope} forks and tasks of executors made
 * by {@link Context#wrap}) that have not finished, raises alerts when their number crosses a threshold,
 * and detects cancellable contexts that were dropped without being cancelled. Go's practice of watching
 * {@code runtime.NumGoroutine()} and diffing goroutine dumps, for virtual threads.
 *
 * <pre>{@code
 * TaskMonitor monitor = TaskMonitor.global();
 * monitor.alertAbove(5_000, snapshot -> log.warn("task leak?\n{}", snapshot));
 * TaskSnapshot before = monitor.snapshot();
 * runLoad();
 * System.out.println(TaskSnapshot.diff(before, monitor.snapshot()));   // what appeared and stayed
 * }</pre>
 *
 * <p>Monitoring costs two atomic additions per task and one registration per scope;
 * {@code -Dio.loomkit.context.monitor=off} switches it off.
 *
 * <p>Thread roles: every method is thread-safe. Alerts and lost-cancel reports run on threads of their
 * own (virtual threads, or the JVM's reference-processing thread of this class).
 *
 * <p>Memory consistency effects: a task's start happens-before a {@link #snapshot()} that lists it; a
 * task's finish happens-before a {@link #liveCount()} that no longer counts it.
 */
public final class TaskMonitor {
    private static final TaskMonitor GLOBAL = new TaskMonitor();
    /**
     * {@code -Dio.loomkit.context.monitor=off} stops counting and listing tasks (leak detection then sees
     * none): the escape hatch for whoever measures that monitoring costs too much, and the baseline of the
     * benchmark that measures what it costs.
     */
    static final boolean ENABLED = !"off".equals(System.getProperty("io.loomkit.context.monitor"));
    /** Inheritable, so threads a tracked thread creates by hand are owned too. */
    private static final InheritableThreadLocal<Tracker> OWNER = new InheritableThreadLocal<>();
    /**
     * Set once a tracker was ever bound. Until then no thread can have an owner, and currentOwner() must
     * not read OWNER: reading an InheritableThreadLocal on a thread without one creates its inheritable
     * map, and then every thread that thread starts (every task of every scope it opens) copies the map.
     */
    private static volatile boolean ownersBound;
    private static final VarHandle CELL = MethodHandles.arrayElementVarHandle(long[].class);
    /*
     * The counters live in one long[], 128 bytes apart, away from the read-mostly alert levels: started,
     * the peak and finishedSeen on the starting side's line, then the finished cells. (Padding the single
     * count of earlier versions away from the peak took ScopeBench, virtual caller, from 7.8 ms to 2.6 ms
     * per fork+join of 10,000 tasks.)
     */
    private static final int STARTED = 16;
    private static final int PEAK = 18;
    private static final int FINISHED_SEEN = 20;
    private static final int FINISHED = 32;
    private static final int STRIDE = 16;

    private final LiveTasks live = new LiveTasks();
    /**
     * Finished cells, as many as the registry's stripes. An instance field: GLOBAL is built before any
     * non-constant static field is initialized.
     */
    private final int finishedCells = LiveTasks.stripeCount();
    private final long[] cells = new long[FINISHED + finishedCells * STRIDE];
    private volatile long nextAlertAt = Long.MAX_VALUE;
    private volatile long rearmAt = Long.MIN_VALUE;
    private final ReentrantLock alertLock = new ReentrantLock();
    private final List<Alert> alerts = new ArrayList<>(); // guarded by alertLock
    final LostCancels lostCancels = new LostCancels();

    private TaskMonitor() {}

    /**
     * Returns the monitor of every task started through loomkit in this JVM.
     *
     * @return the global monitor
     */
    public static TaskMonitor global() {
        return GLOBAL;
    }

    /**
     * Returns the number of tasks started through loomkit that have not finished. Exact whenever no task
     * is starting or finishing at the same moment.
     *
     * @return the live task count
     */
    public long liveCount() {
        long f = finishedSum(); // first: see the header
        return (long) CELL.getAcquire(cells, STARTED) - f;
    }

    /**
     * Returns the highest live count that a task's start saw since the JVM started: a count the monitor
     * held, never more than the true peak; with other tasks starting and finishing at that moment it may
     * be below it by as many as were in flight.
     *
     * @return the peak live task count
     */
    public long peak() {
        return (long) CELL.getAcquire(cells, PEAK);
    }

    /**
     * Calls {@code alert} with a snapshot each time the live count rises above {@code threshold}: once per
     * crossing, not once per task. The alert re-arms when the count falls back to {@code threshold} minus
     * a tenth of it (at least 1), so a count hovering at the threshold does not fire repeatedly. The alert
     * runs on a new virtual thread; the task whose start crossed the threshold does not wait for it. Each
     * alert is also recorded as a JFR event {@code io.loomkit.TaskCountAlert}.
     *
     * @param threshold the live count above which the alert fires
     * @param alert what to call
     * @return a registration that removes the alert
     * @throws IllegalArgumentException if {@code threshold} is negative
     * @throws NullPointerException if {@code alert} is null
     */
    public Registration alertAbove(int threshold, Consumer<TaskSnapshot> alert) {
        if (threshold < 0) {
            throw new IllegalArgumentException("threshold must be >= 0: " + threshold);
        }
        Objects.requireNonNull(alert, "alert");
        Alert a = new Alert(threshold, alert);
        alertLock.lock();
        try {
            alerts.add(a);
            recomputeLevels();
        } finally {
            alertLock.unlock();
        }
        checkAlerts(liveCount());
        return () -> {
            alertLock.lock();
            try {
                boolean removed = alerts.remove(a);
                recomputeLevels();
                return removed;
            } finally {
                alertLock.unlock();
            }
        };
    }

    /**
     * Lists every live task: name, id, owning scope path, age, thread state, what it is blocked on and its
     * stack.
     *
     * @return a snapshot of the live tasks
     */
    public TaskSnapshot snapshot() {
        return snapshot(null);
    }

    TaskSnapshot snapshot(Tracker owner) {
        List<Tracked> tasks = new ArrayList<>();
        live.forEachLive(t -> {
            if (owner == null || t.owner() == owner) {
                tasks.add(t);
            }
        });
        return TaskSnapshot.of(tasks, liveCount());
    }

    /**
     * Starts tracking the tasks that the current thread starts from now on, and the tasks those start in
     * turn, until {@link Tracker#close()}: the ownership view a test needs to blame exactly the tasks it
     * leaked, even when other tests run in parallel. Used by {@code @VerifyNoLeaks}.
     *
     * @param name a name for reports, such as the test's name
     * @return the tracker, bound to the current thread
     * @throws NullPointerException if {@code name} is null
     */
    public Tracker track(String name) {
        return new Tracker(Objects.requireNonNull(name, "name"));
    }

    /**
     * Switches detection of lost cancels on or off: a {@link CancellableContext} made by
     * {@code withCancel}, {@code withTimeout} or {@code withDeadline} while detection is on, that becomes
     * unreachable without having been cancelled or closed, is reported to the listeners of
     * {@link #onLostCancel} (or, when there are none, to the {@code io.loomkit.context} system logger) and
     * as a JFR event {@code io.loomkit.TaskLeak}. Go's {@code vet lostcancel}, at run time.
     *
     * <p>Off (the default), it costs one volatile read per context. On, each tracked context costs a weak
     * reference, its parent and timer hold it only weakly (so a lost context is collected and its own
     * {@code onCancel} actions do not run: that is the bug being reported), and with
     * {@code recordCreationSite} its creation stack trace.
     *
     * @param on whether to detect lost cancels
     * @param recordCreationSite whether to record where each context was created, for the report
     */
    public void detectLostCancels(boolean on, boolean recordCreationSite) {
        lostCancels.configure(on, recordCreationSite);
    }

    /**
     * Adds a listener for lost cancels (see {@link #detectLostCancels}).
     *
     * @param listener called with each report, on the thread that processes collected contexts
     * @return a registration that removes the listener
     * @throws NullPointerException if {@code listener} is null
     */
    public Registration onLostCancel(Consumer<? super LostCancel> listener) {
        return lostCancels.addListener(Objects.requireNonNull(listener, "listener"));
    }

    /**
     * A {@link CancellableContext} that became unreachable without being cancelled.
     *
     * @param context what the context was ({@code toString()} at creation)
     * @param creationSite where it was created, outermost call last; empty unless creation sites are recorded
     */
    public record LostCancel(String context, List<StackTraceElement> creationSite) {
        /**
         * Validates and copies the components.
         *
         * @param context what the context was
         * @param creationSite where it was created
         */
        public LostCancel {
            Objects.requireNonNull(context, "context");
            creationSite = List.copyOf(creationSite);
        }

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder("lost cancel: ").append(context)
                    .append(" became unreachable without cancel() or close()");
            if (creationSite.isEmpty()) {
                sb.append(" (switch creation-site recording on to see where it was made)");
            }
            for (StackTraceElement e : creationSite) {
                sb.append("\n\tat ").append(e);
            }
            return sb.toString();
        }
    }

    /**
     * Owns the tasks started by the thread that created it (and by their descendants) while it is open.
     * Close it on the thread that created it.
     *
     * <p>Memory consistency effects: as for {@link TaskMonitor}.
     */
    public static final class Tracker implements AutoCloseable {
        private final String name;
        private final Thread thread = Thread.currentThread();
        private final Tracker previous = OWNER.get();
        private boolean closed;

        private Tracker(String name) {
            this.name = name;
            ownersBound = true;
            OWNER.set(this);
        }

        /**
         * Returns the name given to {@link TaskMonitor#track(String)}.
         *
         * @return the name
         */
        public String name() {
            return name;
        }

        /**
         * Lists the live tasks this tracker owns.
         *
         * @return a snapshot of the owned live tasks
         */
        public TaskSnapshot liveTasks() {
            return GLOBAL.snapshot(this);
        }

        /**
         * Waits up to {@code linger} for the owned tasks to finish, polling with backoff, and returns the
         * ones still alive and not ignored; each is also recorded as a JFR event {@code io.loomkit.TaskLeak}.
         *
         * @param linger how long tasks may take to finish after their owner is done
         * @param ignore which tasks not to count as leaks
         * @return the leaked tasks; empty when there are none
         * @throws InterruptedException if interrupted while waiting
         * @throws NullPointerException if an argument is null
         */
        public TaskSnapshot awaitLeaks(Duration linger, Predicate<TaskSnapshot.TaskInfo> ignore)
                throws InterruptedException {
            Objects.requireNonNull(linger, "linger");
            Objects.requireNonNull(ignore, "ignore");
            long end = System.nanoTime() + Deadlines.saturatedNanos(linger);
            long pauseMillis = 5;
            while (true) {
                TaskSnapshot leaked = liveTasks().without(ignore);
                long left = end - System.nanoTime();
                if (leaked.tasks().isEmpty() || left <= 0) {
                    for (TaskSnapshot.TaskInfo t : leaked.tasks()) {
                        Events.leak("leaked-task", t.name(), String.join("/", t.scopePath()), t.blockedOn().name(),
                                t.stack().toString());
                    }
                    return leaked;
                }
                Thread.sleep(Math.min(pauseMillis, Math.max(1, left / 1_000_000)));
                pauseMillis = Math.min(pauseMillis * 2, 200);
            }
        }

        /**
         * Stops owning new tasks; tasks already owned stay owned. Idempotent.
         *
         * @throws IllegalStateException if called from another thread than the one that created it
         */
        @Override
        public void close() {
            if (Thread.currentThread() != thread) {
                throw new IllegalStateException("tracker \"" + name + "\" must be closed by " + thread
                        + ", not " + Thread.currentThread());
            }
            if (!closed) {
                closed = true;
                if (OWNER.get() == this) {
                    unbindOwner(previous);
                }
            }
        }

        @Override
        public String toString() {
            return "Tracker[" + name + "]";
        }
    }

    /** The tracker owning what the current thread starts, or null. */
    static Tracker currentOwner() {
        return ownersBound ? OWNER.get() : null;
    }

    /** Makes {@code owner} own what the current thread starts; returns the previous owner. */
    static Tracker bindOwner(Tracker owner) {
        if (!ownersBound) {
            return null; // owner is null too: a non-null one comes from a tracker, which sets the flag first
        }
        Tracker previous = OWNER.get();
        if (previous != owner) {
            OWNER.set(owner);
        }
        return previous;
    }

    static void unbindOwner(Tracker previous) {
        if (previous == null) {
            OWNER.remove();
        } else {
            OWNER.set(previous);
        }
    }

    /** Counts a starting task (two atomic instructions per task in all: this and {@link #finished}). */
    void started() {
        if (!ENABLED) {
            return;
        }
        long s = (long) CELL.getAndAdd(cells, STARTED, 1L) + 1;
        long bound = s - (long) CELL.getOpaque(cells, FINISHED_SEEN);
        if (bound > (long) CELL.getOpaque(cells, PEAK) || bound > nextAlertAt) {
            long f = finishedSum();
            CELL.setOpaque(cells, FINISHED_SEEN, f); // racy: any sum the cells had is a lower bound
            long n = s - f;
            if (n > (long) CELL.getOpaque(cells, PEAK)) {
                raisePeak(n);
            }
            if (n > nextAlertAt) {
                checkAlerts(n);
            }
        }
    }

    private void raisePeak(long n) {
        long p;
        while (n > (p = (long) CELL.getOpaque(cells, PEAK)) && !CELL.weakCompareAndSet(cells, PEAK, p, n)) {
            Thread.onSpinWait();
        }
    }

    void finished() {
        if (!ENABLED) {
            return;
        }
        int cell = FINISHED + STRIDE * LiveTasks.currentStripe(finishedCells);
        CELL.getAndAdd(cells, cell, 1L);
        long rearm = rearmAt;
        if (rearm != Long.MIN_VALUE) {
            long n = liveCount();
            if (n <= rearm) {
                checkAlerts(n);
            }
        }
    }

    /** The finished cells' sum, each read with acquire: a lower bound of the finishes so far. */
    private long finishedSum() {
        long f = 0;
        for (int i = FINISHED; i < cells.length; i += STRIDE) {
            f += (long) CELL.getAcquire(cells, i);
        }
        return f;
    }

    /** Lists {@code e} in snapshots until it dies; returns its stripe for {@link #unregister}, or -1. */
    int register(MonitorEntry e) {
        return ENABLED ? live.add(e) : -1;
    }

    void unregister(int stripe) {
        if (stripe >= 0) {
            live.died(stripe);
        }
    }

    private void checkAlerts(long n) {
        List<Alert> fire = new ArrayList<>();
        alertLock.lock();
        try {
            for (Alert a : alerts) {
                if (a.armed && n > a.threshold) {
                    a.armed = false;
                    fire.add(a);
                } else if (!a.armed && n <= a.rearmAt) {
                    a.armed = true;
                }
            }
            recomputeLevels();
        } finally {
            alertLock.unlock();
        }
        for (Alert a : fire) {
            Thread.ofVirtual().name("loomkit-task-alert").start(() -> {
                TaskSnapshot snapshot = snapshot();
                Events.countAlert(a.threshold, snapshot.liveCount());
                a.action.accept(snapshot);
            });
        }
    }

    private void recomputeLevels() {
        long next = Long.MAX_VALUE;
        long rearm = Long.MIN_VALUE;
        for (Alert a : alerts) {
            if (a.armed) {
                next = Math.min(next, a.threshold);
            } else {
                rearm = Math.max(rearm, a.rearmAt);
            }
        }
        nextAlertAt = next;
        rearmAt = rearm;
    }

    /** For tests: registry entries linked, finished or not. */
    int linkedEntries() {
        return live.linked();
    }

    private static final class Alert {
        final int threshold;
        final long rearmAt;
        final Consumer<TaskSnapshot> action;
        boolean armed = true; // guarded by alertLock

        Alert(int threshold, Consumer<TaskSnapshot> action) {
            this.threshold = threshold;
            this.rearmAt = threshold - Math.max(1, threshold / 10);
            this.action = action;
        }
    }
}
