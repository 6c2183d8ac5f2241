package io.loomkit.context;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;

/**
 * Carries cancellation, a deadline and typed values from a parent to every child, after Go's
 * {@code context.Context}.
 *
 * <p>A context is immutable except for becoming cancelled, which happens once and for good. Derive
 * children with {@link #withCancel()}, {@link #withTimeout(Duration)}, {@link #withDeadline(Instant)},
 * {@link #with(ContextKey, Object)} and {@link #withoutCancel()}. Cancelling a parent cancels every
 * descendant with the parent's {@link #cause()}; cancelling a child never touches its parent.
 *
 * <p>Pass a context explicitly to the code that should stop when it is cancelled. Code that cannot take
 * it as a parameter reads {@link #current()}, which {@link #run(Runnable)}, {@link #call(Callable)},
 * {@link #wrap(Executor)} and {@link TaskScope} forks bind.
 *
 * <p>Thread roles: any number of threads may use a context at once; every method is thread-safe.
 *
 * <p>Memory consistency effects: actions of a thread before it cancels a context happen-before actions
 * following any observation of that cancellation ({@link #isCancelled()} returning true, {@link #cause()}
 * returning non-null, an {@link #onCancel(Runnable)} action running, {@link #await()} returning) in
 * another thread. A value stored with {@link #with(ContextKey, Object)} is safely published to every
 * thread that reads it from the derived context.
 */
public sealed interface Context permits AbstractContext, CancellableContext {

    /**
     * Returns the root context: never cancelled, no deadline, no values.
     *
     * @return the background context
     */
    static Context background() {
        return Background.INSTANCE;
    }

    /**
     * Returns the context bound to the current thread by {@link #run(Runnable)}, {@link #call(Callable)},
     * {@link #wrap(Executor)} or a {@link TaskScope} fork, or {@link #background()} when none is bound.
     *
     * @return the current thread's context, never null
     */
    static Context current() {
        return Binding.current();
    }

    /**
     * Returns a child that is cancelled when this context is, or when it is cancelled or closed itself.
     *
     * @return a new cancellable child; cancelled at birth if this context is already cancelled
     */
    CancellableContext withCancel();

    /**
     * Returns a cancellable child whose deadline is {@code timeout} from now, or this context's deadline
     * if that is earlier. A zero or negative timeout gives a child that is cancelled at birth with a
     * {@link DeadlineExceededException}, as in Go.
     *
     * @param timeout how long the child may live
     * @return a new cancellable child
     * @throws NullPointerException if {@code timeout} is null
     */
    CancellableContext withTimeout(Duration timeout);

    /**
     * Returns a cancellable child with the earlier of {@code deadline} and this context's deadline. A
     * deadline that has passed gives a child that is cancelled at birth with a
     * {@link DeadlineExceededException}.
     *
     * @param deadline when the child is cancelled
     * @return a new cancellable child
     * @throws NullPointerException if {@code deadline} is null
     */
    CancellableContext withDeadline(Instant deadline);

    /**
     * Returns a child that carries {@code value} under {@code key} and shares this context's
     * cancellation and deadline. A value for the same key in an ancestor is shadowed, not replaced.
     *
     * @param key the key; keys compare by identity
     * @param value the value
     * @param <T> the value's type
     * @return a new child
     * @throws NullPointerException if {@code key} or {@code value} is null
     */
    <T> Context with(ContextKey<T> key, T value);

    /**
     * Returns the value stored under {@code key} in this context or its nearest ancestor that has one.
     *
     * @param key the key
     * @param <T> the value's type
     * @return the value, or null when no ancestor stored one
     * @throws NullPointerException if {@code key} is null
     */
    <T> T get(ContextKey<T> key);

    /**
     * Returns a child that keeps this context's values but is never cancelled and has no deadline, for
     * work that must outlive the request that started it (Go's {@code WithoutCancel}).
     *
     * @return a child detached from this context's cancellation
     */
    Context withoutCancel();

    /**
     * Returns whether this context has been cancelled. Costs one acquire load.
     *
     * @return true once cancelled
     */
    boolean isCancelled();

    /**
     * Returns why this context was cancelled: a {@link CancelledException} for a plain cancel, a
     * {@link DeadlineExceededException} when its deadline passed, or the cause given to
     * {@link CancellableContext#cancel(Throwable)} (of this context or of the ancestor that cancelled it).
     * Every caller sees the same object.
     *
     * @return the cause, or null while this context is live
     */
    Throwable cause();

    /**
     * Returns when this context will be cancelled by its deadline, if it has one.
     *
     * @return the deadline, or empty
     */
    Optional<Instant> deadline();

    /**
     * Throws if this context is cancelled; returns at once otherwise.
     *
     * @throws CancelledException whose cause is {@link #cause()}, if this context is cancelled
     */
    void throwIfCancelled();

    /**
     * Runs {@code action} once when this context is cancelled, or at once in the calling thread if it
     * already is (Go's {@code AfterFunc}). The action runs in the thread that cancels, never under a lock;
     * an action that throws does not stop the others, and its exception goes to the running thread's
     * uncaught-exception handler. Actions must be short and must not block.
     *
     * @param action what to run
     * @return a registration whose {@link Registration#unregister()} prevents the run
     * @throws NullPointerException if {@code action} is null
     */
    Registration onCancel(Runnable action);

    /**
     * Blocks until this context is cancelled. When the cancellation and an interrupt arrive together (a
     * {@link TaskScope} interrupts the tasks it cancels), this returns normally and the interrupt flag stays
     * set.
     *
     * @throws InterruptedException if the thread is interrupted while waiting and the context is live
     */
    void await() throws InterruptedException;

    /**
     * Blocks until this context is cancelled or {@code timeout} passes.
     *
     * @param timeout the longest time to wait
     * @return true if the context is cancelled, false if the time ran out first
     * @throws InterruptedException if the thread is interrupted while waiting
     * @throws NullPointerException if {@code timeout} is null
     */
    boolean await(Duration timeout) throws InterruptedException;

    /**
     * Runs {@code action} in the current thread with this context bound as {@link #current()}, then
     * restores the previous binding.
     *
     * @param action what to run
     * @throws NullPointerException if {@code action} is null
     */
    void run(Runnable action);

    /**
     * Calls {@code action} in the current thread with this context bound as {@link #current()}, then
     * restores the previous binding.
     *
     * @param action what to call
     * @param <T> the result type
     * @return what {@code action} returned
     * @throws Exception what {@code action} threw
     * @throws NullPointerException if {@code action} is null
     */
    <T> T call(Callable<T> action) throws Exception;

    /**
     * Returns an executor that runs each task on {@code executor} with this context bound as
     * {@link #current()}. Tasks are counted as live tasks while they run.
     *
     * @param executor the executor to run tasks on
     * @return a wrapping executor
     * @throws NullPointerException if {@code executor} is null
     */
    Executor wrap(Executor executor);
}
