package io.loomkit.context;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/*
 * Two counters on different cache lines, so that the forking thread and the threads of finishing tasks
 * do not bounce one line per task (ScopeBench, platform caller: the shared counter's CAS was the largest
 * item of fork() in a JFR profile): state, written only by fork() and close(), packs a CLOSED bit and the
 * number of tasks forked so far (62 bits: never overflows); done, in a padded cell written only by
 * finishing tasks, counts tasks finished. running = forked - done. fork() counts itself with one CAS that
 * fails once CLOSED is set, so after close() sets it no new task can start; a fork that counted before is
 * either born cancelled (it links under the scope's context after close() cancelled it) or is linked
 * before, and then the cancel interrupts it. Either way close() waits until done catches up with it, so
 * when close() returns no task of the scope is running. Readers of running read done first, then state:
 * a task is counted in state before it can finish, so done <= forked at any instant, and forked == done
 * read in that order means every task forked before the read of done had finished at that read.
 *
 * Waiting for running to reach zero uses a Treiber stack of parked threads: a waiter pushes itself, then
 * re-reads both counters, then parks; a finishing task adds to done, then reads the waiter stack, and
 * if it is non-empty and done equals forked, swaps the stack out and unparks every waiter. All four
 * accesses are sequentially consistent, so of the waiter's read of done and the finisher's read of the
 * stack at least one sees the other's write. The getAndAdd on done (release) pairs with the waiter's
 * volatile read of done, so a task's result and state are visible once join() or close() returns.
 *
 * Interrupting a task's thread needs the thread and the cancellation to meet: the canceller writes the
 * context's head then reads TaskNode.thread; fork() writes thread, starts it, then reads the head. With
 * both volatile, at least one side sees the other, and a cancel is never missed.
 */
/**
 * Owns every task it starts: a scope forks tasks on their own (virtual) threads, each with a child of the
 * scope's context, and does not let any of them outlive it.
 *
 * <pre>{@code
 * try (TaskScope scope = TaskScope.open(ctx)) {
 *     Task<User> user = scope.fork(c -> users.load(c, id));
 *     Task<List<Order>> orders = scope.fork(c -> orders.load(c, id));
 *     scope.join();                   // waits for both; throws the first failure
 *     return render(user.get(), orders.get());
 * }                                   // close(): cancels and waits for anything still running
 * }</pre>
 *
 * <p>The first task that fails cancels the scope's context with its exception as the cause, so its
 * siblings stop; {@link #join()} then throws a {@link TaskFailedException} with that exception as the
 * cause. Cancelling the scope's context (by the parent, a deadline, a failure or {@link #close()})
 * interrupts the threads of the running tasks, so code blocked in JDK calls wakes up.
 *
 * <p>Thread roles: any thread may fork; {@link #join()} and {@link #close()} may be called from any thread
 * and by several at once, though usually the thread that opened the scope calls them.
 *
 * <p>Memory consistency effects: actions before {@link #fork(ContextTask)} happen-before the task runs;
 * everything a task does happens-before {@link #join()} or {@link #close()} returns.
 */
public final class TaskScope implements AutoCloseable {
    private static final long CLOSED = 1L << 62;
    private static final long SAFETY_PARK_NANOS = 50_000_000L;
    private static final long FORKED_MASK = CLOSED - 1;
    /** The index of state (fork side) in {@code cells}: 64 bytes from the array's start. */
    private static final int STATE = 8;
    /** The index of done (finish side) in {@code cells}: 128 bytes past state, 64 from the array's end. */
    private static final int DONE = 24;
    private static final ContextKey<TaskScope> SCOPE = ContextKey.named("loomkit.scope");
    private static final ThreadFactory VIRTUAL = Thread.ofVirtual().factory();
    private static final VarHandle FAILURE;
    private static final VarHandle WAITERS;
    private static final VarHandle CELL = MethodHandles.arrayElementVarHandle(long[].class);

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            FAILURE = l.findVarHandle(TaskScope.class, "failure", Throwable.class);
            WAITERS = l.findVarHandle(TaskScope.class, "waiters", Waiter.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final String name;
    private final TaskScope parentScope;
    private final ScopeNode node;
    private final AbstractContext context;
    private final ThreadFactory threadFactory;
    private final TaskMonitor.Tracker owner = TaskMonitor.currentOwner();
    /** This scope's entry in the monitor's registry, from open until closed and idle (or collected). */
    private final Entry entry;
    /**
     * The two counters (see the header): state at STATE, done at DONE, each on its own cache line and
     * away from this object's fields, which the forking thread reads on every fork.
     */
    private final long[] cells = new long[DONE + 8];
    @SuppressWarnings("unused") // accessed through FAILURE
    private volatile Throwable failure;
    private volatile boolean someCancelled;
    @SuppressWarnings("unused") // accessed through WAITERS
    private volatile Waiter waiters;

    private TaskScope(Context parent, String name, ThreadFactory threadFactory) {
        this.name = name;
        this.parentScope = parent.get(SCOPE);
        this.node = new ScopeNode((AbstractContext) parent);
        node.attach((AbstractContext) parent, null);
        this.context = (AbstractContext) node.with(SCOPE, this);
        this.threadFactory = threadFactory;
        this.entry = new Entry(this);
        entry.stripe = TaskMonitor.global().register(entry);
    }

    /**
     * Opens a scope named "scope" whose tasks run on new virtual threads.
     *
     * @param parent the context the scope's context is a child of
     * @return the open scope
     * @throws NullPointerException if {@code parent} is null
     */
    public static TaskScope open(Context parent) {
        return builder(parent).open();
    }

    /**
     * Returns a builder for a scope under {@code parent}.
     *
     * @param parent the context the scope's context is a child of
     * @return a builder
     * @throws NullPointerException if {@code parent} is null
     */
    public static Builder builder(Context parent) {
        return new Builder(Objects.requireNonNull(parent, "parent"));
    }

    /** Configures and opens a {@link TaskScope}. Not thread-safe; use it from one thread. */
    public static final class Builder {
        private final Context parent;
        private String name = "scope";
        private ThreadFactory threadFactory;

        private Builder(Context parent) {
            this.parent = parent;
        }

        /**
         * Names the scope; the name appears in task names, leak reports and exceptions.
         *
         * @param name the scope's name
         * @return this builder
         * @throws NullPointerException if {@code name} is null
         * @throws IllegalArgumentException if {@code name} is blank
         */
        public Builder name(String name) {
            Objects.requireNonNull(name, "name");
            if (name.isBlank()) {
                throw new IllegalArgumentException("name must not be blank: \"" + name + "\"");
            }
            this.name = name;
            return this;
        }

        /**
         * Sets the factory for task threads (default: a new virtual thread per task). It must return a new,
         * unstarted thread on every call.
         *
         * @param threadFactory the factory
         * @return this builder
         * @throws NullPointerException if {@code threadFactory} is null
         */
        public Builder threadFactory(ThreadFactory threadFactory) {
            this.threadFactory = Objects.requireNonNull(threadFactory, "threadFactory");
            return this;
        }

        /**
         * Opens the scope.
         *
         * @return the open scope
         */
        public TaskScope open() {
            return new TaskScope(parent, name, threadFactory == null ? VIRTUAL : threadFactory);
        }
    }

    /**
     * Returns the scope's context: a child of the parent, cancelled by {@link #close()}, by the first
     * failure of a task, or by the parent.
     *
     * @return the scope's context
     */
    public Context context() {
        return context;
    }

    /**
     * Returns the scope's name.
     *
     * @return the name given to the builder, "scope" by default
     */
    public String name() {
        return name;
    }

    /** The names of the enclosing scopes, outermost first, ending with this one. */
    List<String> path() {
        List<String> path = new ArrayList<>();
        for (TaskScope s = this; s != null; s = s.parentScope) {
            path.add(s.name);
        }
        Collections.reverse(path);
        return path;
    }

    /**
     * Starts {@code task} on a new thread with a child of the scope's context, bound as
     * {@link Context#current()} while it runs. If the scope's context is already cancelled, the task does
     * not start and ends {@link Task.State#CANCELLED}.
     *
     * @param task what to run
     * @param <T> the result type
     * @return the forked task
     * @throws NullPointerException if {@code task} is null
     * @throws IllegalStateException if the scope is closed
     */
    public <T> Task<T> fork(ContextTask<? extends T> task) {
        Objects.requireNonNull(task, "task");
        long s;
        do {
            s = (long) CELL.getAcquire(cells, STATE);
            if ((s & CLOSED) != 0) {
                throw new IllegalStateException("fork on closed scope \"" + name + "\"");
            }
        } while (!CELL.compareAndSet(cells, STATE, s, s + 1));
        TaskNode<T> t = new TaskNode<>(this, task, (s & FORKED_MASK) + 1, context.values);
        try {
            t.attach(context, null);
            if (t.isDone()) {
                t.neverStarted();
                taskDone();
                return t;
            }
            Thread thread = threadFactory.newThread(t);
            if (thread == null) {
                throw new NullPointerException("threadFactory returned null");
            }
            t.start(thread);
        } catch (Throwable e) {
            t.neverStarted();
            taskDone();
            throw e;
        }
        return t;
    }

    /**
     * Waits until every task forked so far has finished.
     *
     * @throws TaskFailedException if a task failed; its exception is the cause
     * @throws CancelledException if the scope was cancelled (not by a failure) and a task ended cancelled;
     *     the scope's cause is the cause
     * @throws InterruptedException if the thread is interrupted while waiting; the tasks keep running
     */
    public void join() throws InterruptedException {
        awaitIdle(true);
        node.trySweep(); // finished tasks do not unlink themselves: drop them from the scope's stack now
        Throwable f = (Throwable) FAILURE.getAcquire(this);
        if (f != null) {
            throw new TaskFailedException("a task of scope \"" + name + "\" failed: " + f, f);
        }
        if (someCancelled && node.isDone()) {
            throw new CancelledException("scope \"" + name + "\" was cancelled", node.causeOrNull());
        }
    }

    /**
     * Closes the scope: no more forks, the scope's context is cancelled (interrupting running tasks), and
     * this call waits until every task has finished. Idempotent. If the thread is interrupted while
     * waiting, it keeps waiting and returns with the interrupt flag set.
     */
    @Override
    public void close() {
        long s;
        do {
            s = (long) CELL.getAcquire(cells, STATE);
        } while ((s & CLOSED) == 0 && !CELL.compareAndSet(cells, STATE, s, s | CLOSED));
        boolean closedHere = (s & CLOSED) == 0;
        node.cancel(ScopeClosed.INSTANCE);
        try {
            awaitIdle(false);
        } catch (InterruptedException impossible) {
            throw new AssertionError(impossible);
        }
        if (closedHere) {
            TaskMonitor.global().unregister(entry.stripe); // closed and idle: the entry is dead now
        }
    }

    /** The tracker that owned the thread which opened this scope: it owns the scope's tasks. */
    TaskMonitor.Tracker owner() {
        return owner;
    }

    /** Whether {@link #close()} has been called. */
    boolean isClosed() {
        return ((long) CELL.getAcquire(cells, STATE) & CLOSED) != 0;
    }

    /** The number of tasks forked and not finished. */
    long running() {
        long d = (long) CELL.getAcquire(cells, DONE); // done first: see the header
        return ((long) CELL.getAcquire(cells, STATE) & FORKED_MASK) - d;
    }

    /** running() with sequentially consistent reads, for the Dekker pair with {@link #taskDone()}. */
    private long runningVolatile() {
        long d = (long) CELL.getVolatile(cells, DONE);
        return ((long) CELL.getVolatile(cells, STATE) & FORKED_MASK) - d;
    }

    private void awaitIdle(boolean interruptible) throws InterruptedException {
        if (running() == 0) {
            return;
        }
        boolean interrupted = false;
        Waiter self = new Waiter(Thread.currentThread());
        Waiter h;
        do {
            h = (Waiter) WAITERS.getAcquire(this);
            self.next = h;
        } while (!WAITERS.compareAndSet(this, h, self));
        // A volatile (not acquire) read after the push: with taskDone's decrement-then-swap it forms a
        // Dekker pair, and only sequentially consistent accesses guarantee one side sees the other.
        // The park is bounded as a safety net: under JMH on JDK 25 a joiner was seen parked past the last
        // task's unpark (count 0, waiter stack already swapped; cause not yet found, see ADR 0004), and a
        // bounded park turns such a missed wake-up into a short delay instead of a hang.
        while (runningVolatile() != 0) {
            LockSupport.parkNanos(this, SAFETY_PARK_NANOS);
            if (Thread.interrupted()) {
                if (interruptible) {
                    throw new InterruptedException();
                }
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    void taskDone() {
        long d = (long) CELL.getAndAdd(cells, DONE, 1L) + 1;
        // Skip the swap when nobody waits: a volatile read, paired with the waiter's volatile re-read of
        // done after its push, so a waiter is either seen here or sees the count this add made. state is
        // read only when someone waits, so while forks go on the finishing threads never touch its line.
        if (WAITERS.getVolatile(this) != null && d == ((long) CELL.getVolatile(cells, STATE) & FORKED_MASK)) {
            for (Waiter w = (Waiter) WAITERS.getAndSet(this, (Waiter) null); w != null; w = w.next) {
                LockSupport.unpark(w.thread);
            }
        }
    }

    void taskFailed(Throwable e) {
        if (FAILURE.compareAndSet(this, (Throwable) null, e)) {
            node.cancel(e);
        }
    }

    void taskCancelled() {
        someCancelled = true;
    }

    @Override
    public String toString() {
        return "TaskScope[" + String.join("/", path()) + ", running " + running() + (isClosed() ? ", closed" : "") + "]";
    }

    /**
     * This scope in the monitor's registry, from open until it is closed and idle. It holds the scope
     * weakly: a scope dropped without close() and with no running task (whose threads would keep it
     * reachable) is collected, and its entry dies with it. So opening a scope costs one registration and a
     * fork costs the registry nothing; the scope lists its tasks from its own context's stack.
     */
    static final class Entry extends java.lang.ref.WeakReference<TaskScope> implements MonitorEntry {
        int stripe = -1;
        private MonitorEntry next; // plain: see CancelNode

        Entry(TaskScope scope) {
            super(scope);
        }

        @Override
        public void collect(Consumer<Tracked> action) {
            TaskScope scope = get();
            if (scope != null) {
                scope.node.forEachTask(l -> {
                    if (l instanceof TaskNode<?> t && !t.isFinished()) {
                        action.accept(t);
                    }
                });
            }
        }

        @Override
        public boolean isDead() {
            TaskScope scope = get();
            return scope == null || scope.isClosed() && scope.running() == 0;
        }

        @Override
        public MonitorEntry nextEntry() {
            return next;
        }

        @Override
        public void setNextEntry(MonitorEntry next) {
            this.next = next;
        }
    }

    /**
     * The scope's context. It keeps the stack its cancellation swapped out, so tasks that ignore the
     * cancellation and keep running are still listed in snapshots: those are the leaks worth seeing.
     */
    private static final class ScopeNode extends CancelNode {
        private volatile Link fired;

        ScopeNode(AbstractContext parent) {
            super(parent.values, effectiveDeadline(parent, null));
        }

        @Override
        void cancelled(Link stack) {
            fired = stack;
        }

        void forEachTask(Consumer<Link> action) {
            if (isDone()) {
                forEach(fired, action);
            } else {
                forEachEntry(action);
            }
        }
    }

    private static final class Waiter {
        final Thread thread;
        Waiter next;

        Waiter(Thread thread) {
            this.thread = thread;
        }
    }

    /** The cause a closed scope cancels its context with: stackless, a close is a normal event. */
    private static final class ScopeClosed extends CancelledException {
        private static final long serialVersionUID = 1L;
        static final ScopeClosed INSTANCE = new ScopeClosed();

        private ScopeClosed() {
            super("task scope closed");
        }
    }
}
