package io.loomkit.context;

import java.util.List;
import java.util.function.Consumer;

/** A task of an executor made by {@link Context#wrap}: counted and listed by the monitor while it runs. */
final class WrappedTask implements Tracked, MonitorEntry, Runnable {
    private final AbstractContext context;
    private final Runnable task;
    private final TaskMonitor.Tracker owner = TaskMonitor.currentOwner();
    private volatile Thread thread;
    private volatile boolean finished;
    private long threadId;
    private long startNanos;
    private MonitorEntry next; // plain: see CancelNode

    WrappedTask(AbstractContext context, Runnable task) {
        this.context = context;
        this.task = task;
    }

    @Override
    public void run() {
        Thread self = Thread.currentThread();
        threadId = self.threadId();
        startNanos = System.nanoTime();
        thread = self;
        TaskMonitor monitor = TaskMonitor.global();
        monitor.started();
        int stripe = monitor.register(this);
        TaskMonitor.Tracker previousOwner = TaskMonitor.bindOwner(owner);
        try {
            context.run(task);
        } finally {
            TaskMonitor.unbindOwner(previousOwner);
            thread = null;
            finished = true;
            monitor.finished();
            monitor.unregister(stripe);
        }
    }

    @Override
    public long taskId() {
        return threadId;
    }

    @Override
    public String taskName() {
        return "wrapped:" + task.getClass().getName();
    }

    @Override
    public List<String> scopePath() {
        return List.of();
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
        return owner;
    }

    @Override
    public boolean isFinished() {
        return finished;
    }

    @Override
    public void collect(Consumer<Tracked> action) {
        action.accept(this);
    }

    @Override
    public boolean isDead() {
        return finished;
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
