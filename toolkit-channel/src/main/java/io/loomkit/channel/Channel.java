package io.loomkit.channel;

import io.loomkit.context.CancelledException;
import io.loomkit.context.Context;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A bounded channel after Go's {@code chan}: a rendezvous channel ({@code capacity == 0}) hands each
 * element directly from a sender to a receiver; a buffered channel holds up to {@code capacity} elements.
 *
 * <p>Senders block while the buffer is full (or, for a rendezvous channel, until a receiver takes the
 * element); receivers block while it is empty. Every blocking call has a plain form that throws
 * {@link InterruptedException}, a {@link Context}-aware form that throws the context's
 * {@link CancelledException} when it is cancelled while waiting, and a timed form. Waiting senders and
 * receivers are served in arrival order. {@link #close()} lets receivers drain what is buffered and then
 * fail with {@link ChannelClosedException}; {@link #closeWithError(Throwable)} fails receivers at once and
 * hands buffered elements to the {@code onUndelivered} hook (see {@link ChannelBuilder}). Iterating a
 * channel receives until it is closed and drained, like Go's {@code for range ch}. {@link Select} waits on
 * several channels at once.
 *
 * <p>Nothing is lost or duplicated: an element passed to a send is received exactly once, or the send
 * throws or returns false and the caller still owns the element, or the element goes to
 * {@code onUndelivered}. This holds when a blocked call is interrupted, times out or is cancelled: if the
 * element was handed over first, the call returns normally (and keeps the interrupt flag set).
 *
 * <p>Thread roles: any number of senders, receivers and closers, on platform or virtual threads. Blocking
 * parks the thread with {@link LockSupport}; no thread parks while it holds the channel's lock.
 *
 * <p>Memory consistency effects: actions in a thread before it sends an element happen-before actions
 * after that element is received in another thread, and before the element is passed to
 * {@code onUndelivered}. Actions before {@link #close()} or {@link #closeWithError(Throwable)}
 * happen-before a {@link ChannelClosedException} being thrown for that close.
 *
 * @param <T> the type of elements
 */
public final class Channel<T> implements Iterable<T> {
    /*
     * Design (ADR 0020): Go's hchan. One ReentrantLock guards the ring buffer, the two FIFO wait queues
     * and the close state. A send hands its element straight to the oldest waiting receiver if there is
     * one (so the buffer is then empty), else appends to the buffer, else parks in the sender queue. A
     * receive takes the oldest buffered element and refills the freed slot from the oldest waiting sender,
     * or takes a waiting sender's element directly (rendezvous), else parks. Whether a dequeued waiter is
     * served is decided by the CAS in Waiter, which also races with the waiter's own interrupt, timeout
     * or cancel; a waiter that lost is skipped. The waker unparks the winner after releasing the lock, if the
     * winner had parked (a spinning or yielding waiter sees the fired state itself; Waiter, ADR 0039).
     *
     * count and state are only written under the lock; they are written with release so that size() and
     * isClosed() may read them with acquire without taking the lock.
     */

    /** A receive found nothing ready. */
    static final Object EMPTY = new Object();
    /** A receive found the channel closed and drained, or closed with an error. */
    static final Object CLOSED = new Object();

    private static final int OPEN = 0;
    private static final int CLOSED_STATE = 1;
    private static final int FAILED_STATE = 2;

    private static final AtomicLong IDS = new AtomicLong();
    private static final VarHandle COUNT;
    private static final VarHandle STATE;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            COUNT = lookup.findVarHandle(Channel.class, "count", int.class);
            STATE = lookup.findVarHandle(Channel.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Orders lock acquisition in {@link Select}, as Go's select sorts by channel address. */
    final long id = IDS.getAndIncrement();
    private final ReentrantLock lock = new ReentrantLock();
    /** The logical capacity; changes only in an adaptive channel, under the lock (ADR 0024). */
    private int capacity;
    private Object[] buffer;
    /** Null unless built with {@code measured()} or {@code adaptive(..)}: the unmeasured path tests one final field. */
    private final TrafficMeter meter;
    private final boolean adaptive;
    /** The capacity this channel was built with: read without the lock by a fixed channel's capacity(). */
    private final int builtCapacity;
    private final Consumer<? super T> onUndelivered;
    private final WaitQueue senders = new WaitQueue();
    private final WaitQueue receivers = new WaitQueue();
    private int head;
    private int count;
    private int state;
    private Throwable error;
    /**
     * The thread of a waiter fired in the current critical section; unparked by {@link #unlock()}. The
     * thread, not the node: a slot node may be re-armed for another thread once the lock is released.
     */
    private Thread wake;
    /** Reusable node for a plain send that parks (ADR 0028); created on the first such wait. */
    private Waiter senderSlot;
    /** Reusable node for a plain receive that parks (ADR 0028); created on the first such wait. */
    private Waiter receiverSlot;

    Channel(int capacity, Consumer<? super T> onUndelivered) {
        this(capacity, onUndelivered, null);
    }

    Channel(int capacity, Consumer<? super T> onUndelivered, TrafficMeter meter) {
        this.capacity = capacity;
        this.buffer = capacity == 0 ? null : new Object[capacity];
        this.onUndelivered = onUndelivered;
        this.meter = meter;
        this.adaptive = meter != null && meter.adaptive();
        this.builtCapacity = capacity;
    }

    /**
     * Creates a channel with a buffer of exactly {@code capacity} elements; {@code 0} creates a rendezvous
     * channel.
     *
     * @param capacity the buffer size, at least 0
     * @param <T> the type of elements
     * @return a new open channel
     * @throws IllegalArgumentException if {@code capacity} is negative
     */
    public static <T> Channel<T> bounded(int capacity) {
        return Channel.<T>builder(capacity).build();
    }

    /**
     * Creates an unbuffered channel: each send waits for a receiver, like Go's {@code make(chan T)}.
     *
     * @param <T> the type of elements
     * @return a new open rendezvous channel
     */
    public static <T> Channel<T> rendezvous() {
        return bounded(0);
    }

    /**
     * Starts building a channel with a buffer of {@code capacity} elements.
     *
     * @param capacity the buffer size, at least 0
     * @param <T> the type of elements
     * @return a builder
     * @throws IllegalArgumentException if {@code capacity} is negative
     */
    public static <T> ChannelBuilder<T> builder(int capacity) {
        return new ChannelBuilder<>(capacity);
    }

    // ---------------------------------------------------------------- send

    /**
     * Sends {@code element}, waiting while the channel is full.
     *
     * @param element the element
     * @throws InterruptedException if interrupted while waiting; the element was not sent
     * @throws ChannelClosedException if the channel is or becomes closed before the element is accepted
     * @throws NullPointerException if {@code element} is null
     */
    public void send(T element) throws InterruptedException {
        send0(element, null, false, 0L);
    }

    /**
     * Sends {@code element}, waiting while the channel is full until {@code context} is cancelled. A
     * context that is already cancelled fails the call before it touches the channel.
     *
     * @param context the context whose cancellation ends the wait
     * @param element the element
     * @throws CancelledException if {@code context} is cancelled first; the element was not sent
     * @throws InterruptedException if interrupted while waiting; the element was not sent
     * @throws ChannelClosedException if the channel is or becomes closed before the element is accepted
     * @throws NullPointerException if an argument is null
     */
    public void send(Context context, T element) throws InterruptedException {
        Objects.requireNonNull(context, "context");
        send0(element, new Context[] {context}, false, 0L);
    }

    /**
     * Sends {@code element} if that is possible without waiting.
     *
     * @param element the element
     * @return true if the element was sent; false if the channel is full (the caller keeps the element)
     * @throws ChannelClosedException if the channel is closed
     * @throws NullPointerException if {@code element} is null
     */
    public boolean trySend(T element) {
        requireElement(element);
        lock();
        try {
            if (state != OPEN) {
                throw closedException("send");
            }
            return offerLocked(element);
        } finally {
            unlock();
        }
    }

    /**
     * Sends {@code element}, waiting at most {@code timeout} while the channel is full.
     *
     * @param element the element
     * @param timeout the longest time to wait; zero or negative does not wait
     * @return true if sent; false if the time ran out (the caller keeps the element)
     * @throws InterruptedException if interrupted while waiting; the element was not sent
     * @throws ChannelClosedException if the channel is or becomes closed before the element is accepted
     * @throws NullPointerException if an argument is null
     */
    public boolean send(T element, Duration timeout) throws InterruptedException {
        Objects.requireNonNull(timeout, "timeout");
        return send0(element, null, true, System.nanoTime() + saturatedNanos(timeout));
    }

    private boolean send0(T element, Context[] contexts, boolean timed, long deadline)
            throws InterruptedException {
        requireElement(element);
        if (contexts != null && contexts[0].isCancelled()) {
            throw cancelledException("send", contexts[0]);
        }
        Waiter node;
        int timeWeight = 0; // how many parks this one stands for, if it is timed (TrafficMeter)
        lock();
        try {
            if (state != OPEN) {
                throw closedException("send");
            }
            if (offerLocked(element)) {
                return true;
            }
            if (timed && deadline - System.nanoTime() <= 0L) {
                return false;
            }
            if (Thread.interrupted()) {
                throw new InterruptedException("send interrupted on " + this);
            }
            node = senderNodeLocked(element);
            senders.add(node);
            if (meter != null) {
                timeWeight = meter.senderParksLocked();
            }
        } finally {
            unlock();
        }
        long parkedAt = timeWeight != 0 ? System.nanoTime() : 0L;
        jdk.jfr.Event blocked = ChannelEvents.beginSendBlocked();
        int outcome = node.await(contexts, timed, deadline);
        if (timeWeight != 0) {
            meter.sendBlocked(System.nanoTime() - parkedAt, timeWeight);
        }
        if (blocked != null) {
            ChannelEvents.commitSendBlocked(blocked, this);
        }
        if (Waiter.isFired(outcome)) {
            releaseNode(node);
            if (Waiter.firedClosed(outcome)) {
                throw closedException("send");
            }
            return true;
        }
        unlinkSender(node);
        releaseNode(node);
        failedWait(outcome, "send", contexts);
        return false;
    }

    /**
     * Accepts {@code element} without waiting, if possible: hands it to the oldest waiting receiver or
     * appends it to the buffer. Caller holds the lock and has checked the channel is open.
     */
    boolean offerLocked(Object element) {
        Waiter r;
        while ((r = receivers.poll()) != null) {
            // Read the node's fields before the CAS: once it succeeds, the owner may give a slot node
            // back (clearing them) without taking the lock (ADR 0028).
            Thread t = r.thread;
            r.item = element;
            if (r.tryFire(false)) {
                wakeAfterUnlock(r, t);
                if (meter != null) {
                    meter.sentLocked(0);
                }
                return true;
            }
            r.item = null;
        }
        int n = count;
        if (n < capacity) {
            int tail = head + n;
            buffer[tail >= capacity ? tail - capacity : tail] = element;
            COUNT.setRelease(this, n + 1);
            if (meter != null) {
                int resize = meter.appendedLocked(n, capacity);
                if (resize >= 0) {
                    resizeLocked(resize);
                }
            }
            return true;
        }
        if (meter != null) {
            meter.foundFullLocked(n);
        }
        return false;
    }

    // ---------------------------------------------------------------- receive

    /**
     * Receives the next element, waiting while the channel is empty.
     *
     * @return the element
     * @throws InterruptedException if interrupted while waiting; nothing was received
     * @throws ChannelClosedException if the channel is closed and drained, or closed with an error (then
     *     the error is the cause)
     */
    public T receive() throws InterruptedException {
        return receive0(null, false, 0L);
    }

    /**
     * Receives the next element, waiting while the channel is empty until {@code context} is cancelled.
     * A context that is already cancelled fails the call before it touches the channel.
     *
     * @param context the context whose cancellation ends the wait
     * @return the element
     * @throws CancelledException if {@code context} is cancelled first; nothing was received
     * @throws InterruptedException if interrupted while waiting; nothing was received
     * @throws ChannelClosedException if the channel is closed and drained, or closed with an error
     * @throws NullPointerException if {@code context} is null
     */
    public T receive(Context context) throws InterruptedException {
        Objects.requireNonNull(context, "context");
        return receive0(new Context[] {context}, false, 0L);
    }

    /**
     * Receives the next element if one is ready without waiting.
     *
     * @return the element, or null if none is ready
     * @throws ChannelClosedException if the channel is closed and drained, or closed with an error
     */
    public T tryReceive() {
        Object e;
        lock();
        try {
            e = pollLocked();
        } finally {
            unlock();
        }
        if (e == CLOSED) {
            throw closedException("receive");
        }
        return e == EMPTY ? null : cast(e);
    }

    /**
     * Receives the next element, waiting at most {@code timeout} while the channel is empty.
     *
     * @param timeout the longest time to wait; zero or negative does not wait
     * @return the element, or empty if the time ran out
     * @throws InterruptedException if interrupted while waiting; nothing was received
     * @throws ChannelClosedException if the channel is closed and drained, or closed with an error
     * @throws NullPointerException if {@code timeout} is null
     */
    public Optional<T> receive(Duration timeout) throws InterruptedException {
        Objects.requireNonNull(timeout, "timeout");
        return Optional.ofNullable(receive0(null, true, System.nanoTime() + saturatedNanos(timeout)));
    }

    private T receive0(Context[] contexts, boolean timed, long deadline) throws InterruptedException {
        if (contexts != null && contexts[0].isCancelled()) {
            throw cancelledException("receive", contexts[0]);
        }
        Waiter node;
        int timeWeight = 0;
        lock();
        try {
            Object e = pollLocked();
            if (e == CLOSED) {
                throw closedException("receive");
            }
            if (e != EMPTY) {
                return cast(e);
            }
            if (timed && deadline - System.nanoTime() <= 0L) {
                return null;
            }
            if (Thread.interrupted()) {
                throw new InterruptedException("receive interrupted on " + this);
            }
            node = receiverNodeLocked();
            receivers.add(node);
            if (meter != null) {
                timeWeight = meter.receiverParksLocked();
            }
        } finally {
            unlock();
        }
        long parkedAt = timeWeight != 0 ? System.nanoTime() : 0L;
        int outcome = node.await(contexts, timed, deadline);
        if (timeWeight != 0) {
            meter.receiveWaited(System.nanoTime() - parkedAt, timeWeight);
        }
        if (Waiter.isFired(outcome)) {
            T e = cast(node.item); // before the node is released: then the next wait may re-arm it
            releaseNode(node);
            if (Waiter.firedClosed(outcome)) {
                throw closedException("receive");
            }
            return e;
        }
        unlinkReceiver(node);
        releaseNode(node);
        failedWait(outcome, "receive", contexts);
        return null;
    }

    /**
     * Takes the next element without waiting: the oldest buffered one (refilling its slot from the oldest
     * waiting sender) or a waiting sender's element. Caller holds the lock.
     *
     * @return the element, {@link #EMPTY} if none is ready, {@link #CLOSED} if closed and drained
     */
    Object pollLocked() {
        int n = count;
        if (n > 0) {
            int h = head;
            Object e = buffer[h];
            Waiter s;
            while ((s = senders.poll()) != null) {
                Object item = s.item; // before the CAS, as in offerLocked
                Thread t = s.thread;
                if (s.tryFire(false)) {
                    // The slot just freed becomes the tail: the count stays the same.
                    buffer[h] = item;
                    head = h + 1 == capacity ? 0 : h + 1;
                    wakeAfterUnlock(s, t);
                    if (meter != null) {
                        meter.sentLocked(n - 1);
                    }
                    return e;
                }
            }
            buffer[h] = null;
            head = h + 1 == capacity ? 0 : h + 1;
            // Receives are not counted: the meter derives them as sent - buffered - drained (ADR 0023).
            COUNT.setRelease(this, n - 1);
            return e;
        }
        Waiter s;
        while ((s = senders.poll()) != null) {
            Object item = s.item; // before the CAS, as in offerLocked
            Thread t = s.thread;
            if (s.tryFire(false)) {
                wakeAfterUnlock(s, t);
                if (meter != null) {
                    meter.sentLocked(0);
                }
                return item;
            }
        }
        if (meter != null) {
            meter.emptyLocked();
        }
        return state == OPEN ? EMPTY : CLOSED;
    }

    // ---------------------------------------------------------------- measurement and resizing

    /**
     * Returns a snapshot of this channel's traffic. Available only on a channel built with
     * {@link ChannelBuilder#measured()} or {@link ChannelBuilder#adaptive(int, int)}.
     *
     * @return the traffic so far
     * @throws IllegalStateException if this channel is not measured
     */
    public ChannelStats stats() {
        TrafficMeter m = meter;
        if (m == null) {
            throw new IllegalStateException("not measured; build it with measured(): " + this);
        }
        lock.lock();
        try {
            return m.snapshotLocked(capacity, count);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Sets the logical capacity to {@code target}, or as close as the buffered elements allow: the buffer
     * is copied in FIFO order into a new array of the new size, so nothing is dropped or reordered. Called
     * only where no sender can be waiting (a send just found room), see ADR 0024. Caller holds the lock.
     */
    private void resizeLocked(int target) {
        int n = count;
        int newCapacity = Math.max(target, n);
        if (newCapacity == capacity || newCapacity == 0) {
            return;
        }
        Object[] old = buffer;
        Object[] next = new Object[newCapacity];
        for (int i = 0; i < n; i++) {
            int index = head + i >= capacity ? head + i - capacity : head + i;
            next[i] = old[index];
        }
        buffer = next;
        head = 0;
        capacity = newCapacity;
    }

    /**
     * For tests (jcstress, unit): resizes an adaptive channel now, moving blocked
     * senders into any room the growth made so that the invariant "senders wait only while the buffer is
     * full" holds again.
     */
    void resize(int target) {
        if (target < 1) {
            throw new IllegalArgumentException("target must be >= 1, was " + target);
        }
        List<Thread> fired = new ArrayList<>();
        lock.lock();
        try {
            if (!adaptive) {
                throw new IllegalStateException("only an adaptive channel resizes: " + this);
            }
            resizeLocked(target);
            Waiter s;
            while (count < capacity && (s = senders.poll()) != null) {
                Object item = s.item; // before the CAS, as in offerLocked
                Thread t = s.thread;
                if (s.tryFire(false)) {
                    int tail = head + count;
                    buffer[tail >= capacity ? tail - capacity : tail] = item;
                    meter.sentLocked(count);
                    COUNT.setRelease(this, count + 1);
                    fired.add(t);
                }
            }
        } finally {
            lock.unlock();
        }
        for (Thread t : fired) {
            LockSupport.unpark(t);
        }
    }

    // ---------------------------------------------------------------- close

    /**
     * Closes the channel: later sends throw {@link ChannelClosedException}, blocked senders fail with it
     * (keeping their elements), and receivers take what is buffered and then fail with it.
     *
     * @return true if this call closed the channel, false if it was already closed
     */
    public boolean close() {
        return close0(null);
    }

    /**
     * Closes the channel with an error: sends and receives fail at once with a
     * {@link ChannelClosedException} whose cause is {@code error}, and buffered elements go to the
     * {@code onUndelivered} hook.
     *
     * @param error why the channel failed
     * @return true if this call closed the channel, false if it was already closed
     * @throws NullPointerException if {@code error} is null
     */
    public boolean closeWithError(Throwable error) {
        Objects.requireNonNull(error, "error");
        return close0(error);
    }

    private boolean close0(Throwable cause) {
        List<Thread> fired = new ArrayList<>();
        Object[] undelivered = null;
        lock.lock();
        try {
            if (state != OPEN) {
                return false;
            }
            error = cause; // before the release store of state: closedException() reads it without the lock
            STATE.setRelease(this, cause == null ? CLOSED_STATE : FAILED_STATE);
            if (cause != null && count > 0) {
                undelivered = drainLocked();
            }
            fireAllClosed(receivers, fired);
            fireAllClosed(senders, fired);
        } finally {
            lock.unlock();
        }
        for (Thread t : fired) {
            LockSupport.unpark(t);
        }
        if (undelivered != null && onUndelivered != null) {
            deliverUndelivered(undelivered);
        }
        return true;
    }

    private Object[] drainLocked() {
        int n = count;
        Object[] out = new Object[n];
        for (int i = 0; i < n; i++) {
            int index = head + i >= capacity ? head + i - capacity : head + i;
            out[i] = buffer[index];
            buffer[index] = null;
        }
        head = 0;
        COUNT.setRelease(this, 0);
        if (meter != null) {
            meter.drainedLocked(n);
        }
        return out;
    }

    private static void fireAllClosed(WaitQueue queue, List<Thread> fired) {
        Waiter w;
        while ((w = queue.poll()) != null) {
            Thread t = w.thread; // before the CAS, as in offerLocked
            if (w.tryFire(true)) {
                fired.add(t);
            }
        }
    }

    private void deliverUndelivered(Object[] elements) {
        RuntimeException failure = null;
        for (Object e : elements) {
            try {
                onUndelivered.accept(cast(e));
            } catch (RuntimeException ex) {
                // One failing hook call must not lose the remaining elements.
                if (failure == null) {
                    failure = ex;
                } else {
                    failure.addSuppressed(ex);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    // ---------------------------------------------------------------- state

    /**
     * Returns whether {@link #close()} or {@link #closeWithError(Throwable)} has been called.
     *
     * @return true once closed
     */
    public boolean isClosed() {
        return (int) STATE.getAcquire(this) != OPEN;
    }

    /**
     * Returns the buffer size: the one this channel was created with, or for an adaptive channel its
     * current logical capacity (a snapshot); 0 for a rendezvous channel.
     *
     * @return the capacity
     */
    public int capacity() {
        if (!adaptive) {
            return builtCapacity;
        }
        lock.lock();
        try {
            return capacity;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Returns how many elements are buffered now; a snapshot that may be stale at once. Always 0 for a
     * rendezvous channel.
     *
     * @return the number of buffered elements
     */
    public int size() {
        return (int) COUNT.getAcquire(this);
    }

    /**
     * Returns an iterator that receives until the channel is closed and drained, like Go's
     * {@code for x := range ch}. {@code hasNext()} blocks. If the thread is interrupted while waiting,
     * {@code hasNext()} throws a {@link CancelledException} whose cause is the
     * {@link InterruptedException}, and the thread's interrupt flag stays set. A channel closed with an
     * error makes {@code hasNext()} throw its {@link ChannelClosedException}.
     *
     * @return a receiving iterator, for one thread
     */
    @Override
    public Iterator<T> iterator() {
        return new Iterator<>() {
            private T next;

            @Override
            public boolean hasNext() {
                if (next != null) {
                    return true;
                }
                try {
                    next = receive();
                    return true;
                } catch (ChannelClosedException e) {
                    if (e.getCause() != null) {
                        throw e;
                    }
                    return false;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new CancelledException("iteration interrupted on " + Channel.this, e);
                }
            }

            @Override
            public T next() {
                if (!hasNext()) {
                    throw new NoSuchElementException("closed and drained: " + Channel.this);
                }
                T e = next;
                next = null;
                return e;
            }
        };
    }

    // ---------------------------------------------------------------- select clauses

    /**
     * Returns a {@link Select} clause that receives an element and maps it with {@code action}.
     *
     * @param action what to do with the received element
     * @param <R> the select's result type
     * @return the clause
     * @throws NullPointerException if {@code action} is null
     */
    public <R> Clause<R> onReceive(Function<? super T, ? extends R> action) {
        Objects.requireNonNull(action, "action");
        return new ReceiveClause<>(this, action);
    }

    /**
     * Returns a {@link Select} clause that sends {@code element} and then calls {@code action}.
     *
     * @param element the element to send if this clause fires
     * @param action what to call after the element was sent
     * @param <R> the select's result type
     * @return the clause
     * @throws NullPointerException if an argument is null
     */
    public <R> Clause<R> onSend(T element, Supplier<? extends R> action) {
        requireElement(element);
        Objects.requireNonNull(action, "action");
        return new SendClause<>(this, element, action);
    }

    // ---------------------------------------------------------------- internals shared with Select

    /**
     * Takes the channel lock. No spin first: a bounded test-and-test-and-set spin before
     * {@code ReentrantLock.lock()} saved the lock's queue node (about 4 B per element on virtual threads) but
     * cost 12-17% of 1P/1C throughput at capacity 16 on virtual threads on a quiet machine (ADR 0029).
     * Critical sections that may fire a waiter pair this with {@link #unlock()}; those that cannot
     * (unlinking a node, reading state) call {@code lock.lock()} and {@code lock.unlock()} directly.
     */
    void lock() {
        lock.lock();
    }

    /** Releases the lock and then unparks the waiter fired in the critical section, if any. */
    void unlock() {
        Thread t = wake;
        wake = null;
        lock.unlock();
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    /**
     * After waiter {@code w} (of thread {@code t}) fired in this critical section: makes {@link #unlock()}
     * unpark {@code t} if it parked or may park. A thread still spinning or yielding sees the fired state
     * itself (ADR 0039). Caller holds the lock and read {@code t} before the fire CAS: once the owner sees
     * the fire it may release a slot node, clearing its fields, without the lock (ADR 0028).
     */
    private void wakeAfterUnlock(Waiter w, Thread t) {
        if (w.parkedAtFire()) {
            wake = t;
        }
    }

    /**
     * Returns a node for a plain send that is about to park: the channel's sender slot if no other wait
     * owns it (no allocation), else a new node. Caller holds the lock.
     */
    private Waiter senderNodeLocked(Object element) {
        Waiter slot = senderSlot;
        if (slot == null) {
            slot = senderSlot = Waiter.slot(this);
        }
        return slot.tryClaim(Thread.currentThread(), element)
                ? slot
                : new Waiter(Thread.currentThread(), this, element);
    }

    /** As {@link #senderNodeLocked}, for a plain receive. */
    private Waiter receiverNodeLocked() {
        Waiter slot = receiverSlot;
        if (slot == null) {
            slot = receiverSlot = Waiter.slot(this);
        }
        return slot.tryClaim(Thread.currentThread(), null) ? slot : new Waiter(Thread.currentThread(), this, null);
    }

    /** Gives back a slot node after the wait that owned it is over and no longer touches it. */
    private void releaseNode(Waiter node) {
        if (node == senderSlot || node == receiverSlot) {
            node.releaseSlot();
        }
    }

    /**
     * For tests: which of this channel's slot nodes a wait owns now: 1 for the sender slot, 2 for the
     * receiver slot, 3 for both, 0 when both are free (or not created yet).
     */
    int slotsInUse() {
        lock.lock();
        try {
            return (senderSlot != null && senderSlot.slotInUse() ? 1 : 0)
                    + (receiverSlot != null && receiverSlot.slotInUse() ? 2 : 0);
        } finally {
            lock.unlock();
        }
    }

    /** For tests: whether any sender or receiver node is still queued. */
    boolean hasWaiters() {
        lock.lock();
        try {
            return !senders.isEmpty() || !receivers.isEmpty();
        } finally {
            lock.unlock();
        }
    }

    boolean isOpenLocked() {
        return state == OPEN;
    }

    void enqueueSenderLocked(Waiter node) {
        senders.add(node);
    }

    void enqueueReceiverLocked(Waiter node) {
        receivers.add(node);
    }

    void unlinkSender(Waiter node) {
        lock.lock(); // fires nobody: the plain unlock below has no waiter to unpark
        try {
            senders.remove(node);
        } finally {
            lock.unlock();
        }
    }

    void unlinkReceiver(Waiter node) {
        lock.lock(); // fires nobody: the plain unlock below has no waiter to unpark
        try {
            receivers.remove(node);
        } finally {
            lock.unlock();
        }
    }

    /** Throws what a wait that this thread cancelled calls for; returns normally for a timeout. */
    private void failedWait(int outcome, String op, Context[] contexts) throws InterruptedException {
        if (outcome == Waiter.INTERRUPTED) {
            throw new InterruptedException(op + " interrupted on " + this);
        }
        if (outcome != Waiter.TIMED_OUT) {
            throw cancelledException(op, contexts[Waiter.CONTEXT_CANCELLED - outcome]);
        }
    }

    CancelledException cancelledException(String op, Context context) {
        return new CancelledException(op + " cancelled on " + this, context.cause());
    }

    /** Called only after the caller saw the channel closed, so it needs no lock (error is set before state). */
    ChannelClosedException closedException(String op) {
        Throwable cause = (int) STATE.getAcquire(this) == FAILED_STATE ? error : null;
        return new ChannelClosedException(op + " on closed " + this, cause);
    }

    /** Like {@code Objects.requireNonNull(element, "element")}, but the message names this channel. */
    private void requireElement(Object element) {
        if (element == null) {
            throw new NullPointerException("element is null, on " + this);
        }
    }

    static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return d.isNegative() ? Long.MIN_VALUE / 2 : Long.MAX_VALUE / 2;
        }
    }

    @SuppressWarnings("unchecked")
    static <T> T cast(Object o) {
        return (T) o;
    }

    /**
     * Describes the channel for messages: its capacity, size and state.
     *
     * @return for example {@code Channel[capacity=16, size=3, open]}
     */
    @Override
    public String toString() {
        int s = (int) STATE.getAcquire(this);
        return "Channel[capacity=" + capacity() + ", size=" + size() + ", "
                + (s == OPEN ? "open" : s == CLOSED_STATE ? "closed" : "closed with error") + "]";
    }
}
