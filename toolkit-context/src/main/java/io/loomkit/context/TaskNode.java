package io.loomkit.context;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.List;

/**
 * A task of a {@link TaskScope} and its context in one object: a {@link CancelNode} whose cancellation
 * interrupts the task's thread while the task runs.
 */
final class TaskNode<T> extends CancelNode implements Task<T>, Runnable, Tracked {
    private static final VarHandle THREAD;

    static {
        try {
            THREAD = MethodHandles.lookup().findVarHandle(TaskNode.class, "thread", Thread.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final TaskScope scope;
    private final ContextTask<? extends T> body;
    private final long number;
    private long threadId;
    /** When the body began to run (written by the task's thread; 0 until then). */
    private long startNanos;
    /** The task's thread; null before start and once the body has returned, so nothing is interrupted late. */
    private volatile Thread thread;
    /**
     * Null while running: a volatile initializer would cost the forking thread a full fence per fork
     * (the cost of a fork from a platform thread is what decides ScopeBench, see start()).
     */
    private volatile State state;
    private T result;
    private Throwable exception;

    TaskNode(TaskScope scope, ContextTask<? extends T> body, long number, Values values) {
        super(values, null);
        this.scope = scope;
        this.body = body;
        this.number = number;
    }

    /*
     * Starting does as little as it can on the forking thread, and nothing after t.start(): when a
     * platform thread forks trivial tasks faster than the carriers finish them, each fork is cheap; when
     * it forks slower, the carriers keep running dry and each fork pays for waking one (ScopeBench, platform
     * caller). So the clock is read, and the check for a cancel that raced the start is made, by the task's
     * own thread in run(); reading this node from the forker right after start() also cost a cache miss,
     * the task's thread being busy writing it (JFR: a tenth of the forker's samples).
     */
    void start(Thread t) {
        threadId = t.threadId();
        THREAD.setRelease(this, t); // for cancelled() and snapshots; run() publishes it again, volatile
        TaskMonitor.global().started();
        try {
            t.start();
        } catch (Throwable e) {
            thread = null;
            state = State.CANCELLED;
            TaskMonitor.global().finished();
            throw e;
        }
    }

    @Override
    void cancelled(Link stack) {
        Thread t = thread;
        if (t != null) {
            t.interrupt();
        }
    }

    @Override
    public void run() {
        startNanos = System.nanoTime();
        // A Dekker pair with cancel: this volatile write, then the volatile read of the state; cancel
        // changes the state, then cancelled() reads the thread. One side sees the other, so a cancel
        // that came at any time since attach() interrupts this thread, before or after the body starts.
        thread = Thread.currentThread();
        if (isDoneVolatile()) {
            Thread.currentThread().interrupt();
        }
        Binding.bindFresh(this); // a task's thread is new: nothing to save
        TaskMonitor.Tracker owner = scope.owner();
        if (owner != null) {
            TaskMonitor.bindOwner(owner); // tasks this task starts belong to the same owner
        }
        try {
            T r = body.run(this);
            thread = null;
            result = r;
            state = State.SUCCEEDED;
        } catch (Throwable e) {
            thread = null;
            exception = e;
            if (isDone()) {
                state = State.CANCELLED;
                scope.taskCancelled();
            } else {
                state = State.FAILED;
                scope.taskFailed(e);
            }
        } finally {
            try {
                Binding.restore(null);
                if (owner != null) {
                    TaskMonitor.unbindOwner(null);
                }
                TaskMonitor.global().finished();
                cancel(TaskDone.INSTANCE, false); // releases what is linked to this task's context; the scope sweeps
            } finally {
                scope.taskDone(); // whatever failed above, join() and close() must not wait for this task forever
            }
        }
    }

    /** Ends a task that never got a thread: its context was cancelled first, or the thread could not start. */
    void neverStarted() {
        thread = null;
        Throwable cause = causeOrNull();
        exception = new CancelledException("task " + name() + " did not start", cause);
        state = State.CANCELLED;
        scope.taskCancelled();
        cancel(TaskDone.INSTANCE);
    }

    @Override
    public T get() {
        State s = state();
        if (s != State.SUCCEEDED) {
            throw new IllegalStateException("task " + name() + " is " + s
                    + (s == State.RUNNING ? "; call join() first" : ""), exception);
        }
        return result;
    }

    @Override
    public State state() {
        State s = state;
        return s == null ? State.RUNNING : s;
    }

    @Override
    public Throwable exception() {
        State s = state;
        return s == State.FAILED || s == State.CANCELLED ? exception : null;
    }

    @Override
    public String name() {
        return scope.name() + "#" + number;
    }

    @Override
    public long taskId() {
        return threadId;
    }

    @Override
    public String taskName() {
        return name();
    }

    @Override
    public List<String> scopePath() {
        return scope.path();
    }

    @Override
    public Thread runningThread() {
        return thread;
    }

    @Override
    public long startNanos() {
        return startNanos;
    }

    @Override
    public TaskMonitor.Tracker owner() {
        return scope.owner();
    }

    @Override
    public boolean isFinished() {
        return state != null;
    }

    @Override
    public String toString() {
        return "Task[" + name() + ", " + state() + "]";
    }

    /** Cancels a finished task's context: stackless, finishing is a normal event. */
    private static final class TaskDone extends CancelledException {
        private static final long serialVersionUID = 1L;
        static final TaskDone INSTANCE = new TaskDone();

        private TaskDone() {
            super("task finished");
        }
    }
}
