package io.loomkit.context;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.LockSupport;

/**
 * What every context shares: an immutable value chain and the nearest cancellation source.
 *
 * <p>Only {@link CancelNode}s change state. Every other context points at the {@code CancelNode} that
 * decides its cancellation ({@code source}, null for contexts that are never cancelled), so
 * {@link #isCancelled()} is one plain load of a final field plus one acquire load, whatever the depth.
 */
abstract sealed class AbstractContext implements Context permits Background, ValueContext, CancelNode {
    /** The node whose cancellation is this context's; null when this context is never cancelled. */
    final CancelNode source;
    /** This context's values, newest first; null when there are none. */
    final Values values;

    AbstractContext(CancelNode source, Values values) {
        this.source = source;
        this.values = values;
    }

    /** For a {@link CancelNode}, which is its own source. */
    AbstractContext(Values values) {
        this.source = (CancelNode) this;
        this.values = values;
    }

    @Override
    public final CancellableContext withCancel() {
        return CancelNode.create(this, null);
    }

    @Override
    public final CancellableContext withTimeout(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        return CancelNode.create(this, Deadlines.after(timeout));
    }

    @Override
    public final CancellableContext withDeadline(Instant deadline) {
        return CancelNode.create(this, Objects.requireNonNull(deadline, "deadline"));
    }

    @Override
    public final <T> Context with(ContextKey<T> key, T value) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        return new ValueContext(source, Values.with(values, key, value));
    }

    @Override
    public final <T> T get(ContextKey<T> key) {
        Objects.requireNonNull(key, "key");
        Values v = values;
        return v == null ? null : v.get(key);
    }

    @Override
    public final Context withoutCancel() {
        return values == null ? Background.INSTANCE : new ValueContext(null, values);
    }

    @Override
    public final boolean isCancelled() {
        CancelNode s = source;
        return s != null && s.isDone();
    }

    @Override
    public final Throwable cause() {
        CancelNode s = source;
        return s == null ? null : s.causeOrNull();
    }

    @Override
    public final Optional<Instant> deadline() {
        CancelNode s = source;
        return s == null ? Optional.empty() : Optional.ofNullable(s.deadline);
    }

    @Override
    public final void throwIfCancelled() {
        Throwable cause = cause();
        if (cause != null) {
            throw new CancelledException("context cancelled", cause);
        }
    }

    @Override
    public final Registration onCancel(Runnable action) {
        Objects.requireNonNull(action, "action");
        CancelNode s = source;
        return s == null ? new Listener(null, action) : s.push(new Listener(s, action));
    }

    @Override
    public final void await() throws InterruptedException {
        awaitNanos(Long.MAX_VALUE);
    }

    @Override
    public final boolean await(Duration timeout) throws InterruptedException {
        Objects.requireNonNull(timeout, "timeout");
        return awaitNanos(Deadlines.saturatedNanos(timeout));
    }

    private boolean awaitNanos(long nanos) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        if (isCancelled()) {
            return true;
        }
        if (nanos <= 0) {
            return false;
        }
        Thread waiter = Thread.currentThread();
        Registration wakeUp = onCancel(() -> LockSupport.unpark(waiter));
        try {
            long end = System.nanoTime() + nanos;
            while (!isCancelled()) {
                if (nanos == Long.MAX_VALUE) {
                    LockSupport.park(this);
                } else {
                    long left = end - System.nanoTime();
                    if (left <= 0) {
                        return false;
                    }
                    LockSupport.parkNanos(this, left);
                }
                // A cancellation often comes with an interrupt (a scope interrupts its tasks): the wait has
                // done its job then, so report the cancellation and leave the interrupt flag for later calls.
                if (!isCancelled() && Thread.interrupted()) {
                    throw new InterruptedException();
                }
            }
            return true;
        } finally {
            wakeUp.unregister();
        }
    }

    @Override
    public final void run(Runnable action) {
        Objects.requireNonNull(action, "action");
        Context previous = Binding.bind(this);
        try {
            action.run();
        } finally {
            Binding.restore(previous);
        }
    }

    @Override
    public final <T> T call(Callable<T> action) throws Exception {
        Objects.requireNonNull(action, "action");
        Context previous = Binding.bind(this);
        try {
            return action.call();
        } finally {
            Binding.restore(previous);
        }
    }

    @Override
    public final Executor wrap(Executor executor) {
        Objects.requireNonNull(executor, "executor");
        return task -> executor.execute(new WrappedTask(this, Objects.requireNonNull(task, "task")));
    }
}
