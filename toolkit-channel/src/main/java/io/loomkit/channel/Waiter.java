package io.loomkit.channel;

import io.loomkit.context.Context;
import io.loomkit.context.Registration;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

/*
 * A parked sender, receiver or select clause: Go's sudog.
 *
 * Every waiter belongs to a group: a plain send or receive is its own group; the clauses of one select
 * share the group of the select's first-class waiter. The group's state decides, by one CAS, which of the
 * racing events takes effect:
 *   WAITING -> fired(clause, closed)  by a thread that holds the lock of the node's channel and has just
 *                                      dequeued the node (a hand-off, a refill of the buffer, or a close);
 *   WAITING -> CANCELLED              by the waiting thread itself on interrupt, timeout or Context cancel.
 * Exactly one CAS succeeds, so a hand-off and a cancellation can never both take effect.
 *
 * Publication: a waker that hands an element to a receiving node writes node.item (plain) before its
 * successful CAS (volatile, release); the waiting thread reads state (volatile, acquire) and only then
 * node.item, so the element and everything written before it are visible. A sending node's item is written
 * before the node is enqueued under the channel lock, and the waker reads it under the same lock.
 *
 * Queue links (prev, next, queued) are guarded by the lock of the channel whose queue holds the node. A
 * node that lost its race is unlinked either by the waker that dequeued it or by its own thread under the
 * channel lock, so cancelled waiters never accumulate (the memory of a channel stays bounded).
 *
 * Reuse (ADR 0028): each channel owns one reusable node per side (its sender slot and receiver slot), so a
 * plain send or receive that parks allocates nothing when no other plain waiter of that side holds the
 * slot. A slot is claimed under the channel lock (inUse read with acquire, then set plainly) and re-armed
 * there (thread, item, state = WAITING, all plain: wakers only touch a queued node under the same lock).
 * Its owner gives it back after its wait is over, with a release store of inUse = false that follows its
 * last access to the node (reading item, or unlinking it under the lock); that store pairs with the acquire
 * read of the next claimer. The owner may give the node back as soon as it sees the fired state, while
 * the waker still holds the lock, so a waker reads item and thread BEFORE its CAS and never touches the
 * node after a successful one (it unparks the thread it read, after unlocking). Claiming needs the lock,
 * so a node is re-armed only after the waker's critical section: it can never receive a stale fire, and a
 * wake-up cannot go to the wrong thread; a stale unpark of a thread is a spurious wake-up, which await's
 * loop tolerates.
 */
final class Waiter {
    static final int WAITING = 0;
    static final int CANCELLED = 1;
    private static final int FIRED = 2;

    /** Outcomes of {@link #await} when the waiting thread cancelled its own wait. */
    static final int INTERRUPTED = -1;
    static final int TIMED_OUT = -2;
    /** The wait was cancelled by {@code contexts[i]}: returns {@code CONTEXT_CANCELLED - i}. */
    static final int CONTEXT_CANCELLED = -3;

    private static final VarHandle STATE;
    private static final VarHandle IN_USE;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            STATE = lookup.findVarHandle(Waiter.class, "state", int.class);
            IN_USE = lookup.findVarHandle(Waiter.class, "inUse", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * onSpinWait calls a waiting platform thread makes before it parks: about 3 us on the benchmark
     * machine (the JDK's LinkedTransferQueue spins as many). 1,024 was faster still for rendezvous but
     * unstable for buffered channels (ADR 0037).
     */
    private static final int PLATFORM_SPINS = 128;

    /** The parked thread; re-armed under the channel lock when a channel's slot node is reused. */
    Thread thread;
    /** The waiter whose state decides this node's fate: this node itself, or its select's group. */
    final Waiter group;
    /** Which select clause this node stands for; 0 for a plain send or receive. */
    final int clause;
    /** The channel whose queue holds this node; used to unlink it after its group was decided. */
    final Channel<?> channel;
    /** Sender: the element to hand over. Receiver: the element handed over by the waker. */
    Object item;

    Waiter prev;
    Waiter next;
    boolean queued;

    @SuppressWarnings("unused") // accessed through STATE
    private volatile int state;

    /** Only for a channel's slot node: whether a wait owns it (see "Reuse" above). */
    @SuppressWarnings("unused") // accessed through IN_USE
    private boolean inUse;

    /** A plain send or receive on {@code channel}: its own group. */
    Waiter(Thread thread, Channel<?> channel, Object item) {
        this.thread = thread;
        this.group = this;
        this.clause = 0;
        this.channel = channel;
        this.item = item;
    }

    /** A select's group: never enqueued itself, only decides for its clause nodes. */
    Waiter(Thread thread) {
        this(thread, null, null);
    }

    /** A clause node of a select's group. */
    Waiter(Waiter group, int clause, Channel<?> channel, Object item) {
        this.thread = group.thread;
        this.group = group;
        this.clause = clause;
        this.channel = channel;
        this.item = item;
    }

    /** A channel's reusable slot node for one side; armed by {@link #tryClaim}. */
    static Waiter slot(Channel<?> channel) {
        return new Waiter(null, channel, null);
    }

    /**
     * Claims this slot node for a wait by {@code waiter} with {@code element}, if no other wait owns it.
     * Caller holds the lock of the node's channel.
     *
     * @return whether the node was free and is now armed for this wait
     */
    boolean tryClaim(Thread waiter, Object element) {
        if ((boolean) IN_USE.getAcquire(this)) {
            return false;
        }
        inUse = true;
        thread = waiter;
        item = element;
        STATE.set(this, WAITING);
        return true;
    }

    /** Gives this slot node back: called by its owner after its last access to the node. */
    void releaseSlot() {
        item = null;
        thread = null;
        IN_USE.setRelease(this, false);
    }

    /** For tests: whether a wait owns this slot node. */
    boolean slotInUse() {
        return (boolean) IN_USE.getAcquire(this);
    }

    int stateAcquire() {
        return (int) STATE.getAcquire(this);
    }

    private boolean casState(int expected, int update) {
        return STATE.compareAndSet(this, expected, update);
    }

    /** Tries to decide this node's group for this node's clause; the waker then unparks {@link #thread}. */
    boolean tryFire(boolean closed) {
        return group.casState(WAITING, FIRED + (clause << 1) + (closed ? 1 : 0));
    }

    /** Tries to decide this (group) waiter as cancelled; only its own thread calls this. */
    boolean tryCancel() {
        return casState(WAITING, CANCELLED);
    }

    static boolean isFired(int state) {
        return state >= FIRED;
    }

    static int firedClause(int state) {
        return (state - FIRED) >>> 1;
    }

    static boolean firedClosed(int state) {
        return ((state - FIRED) & 1) != 0;
    }

    /**
     * Parks the group's thread until the group is fired, or until the thread is interrupted, the deadline
     * passes or one of {@code contexts} is cancelled and this thread wins the cancel CAS.
     *
     * @param contexts contexts whose cancellation ends the wait, or null
     * @param timed whether {@code deadline} applies
     * @param deadline {@link System#nanoTime()} at which the wait times out
     * @return a fired state, or {@link #INTERRUPTED}, {@link #TIMED_OUT}, or {@code CONTEXT_CANCELLED - i}
     */
    int await(Context[] contexts, boolean timed, long deadline) {
        if (!thread.isVirtual()) {
            // A platform thread spins briefly before it parks (ADR 0037): a park and unpark cost it two
            // context switches (about 20 us here), while the other side of a hand-off usually fires
            // this node within a few microseconds. A virtual thread never spins: it would hold its
            // carrier, which the thread it waits for may need (measured, ADR 0029).
            for (int i = 0; i < PLATFORM_SPINS && stateAcquire() == WAITING; i++) {
                Thread.onSpinWait();
            }
        }
        Registration[] registrations = contexts == null ? null : register(contexts);
        try {
            boolean interrupted = false;
            int s;
            while ((s = stateAcquire()) == WAITING) {
                int reason = 0;
                if (Thread.interrupted()) {
                    interrupted = true;
                    reason = INTERRUPTED;
                } else if (contexts != null && (reason = cancelledIndex(contexts)) != 0) {
                    // reason already set
                } else if (timed) {
                    long remaining = deadline - System.nanoTime();
                    if (remaining <= 0L) {
                        reason = TIMED_OUT;
                    } else {
                        LockSupport.parkNanos(this, remaining);
                    }
                } else {
                    LockSupport.park(this);
                }
                if (reason != 0 && tryCancel()) {
                    return reason;
                }
            }
            if (interrupted) {
                // The operation completed although we were interrupted: keep the flag for the caller.
                thread.interrupt();
            }
            return s;
        } finally {
            if (registrations != null) {
                for (Registration r : registrations) {
                    r.unregister();
                }
            }
        }
    }

    private static int cancelledIndex(Context[] contexts) {
        for (int i = 0; i < contexts.length; i++) {
            if (contexts[i].isCancelled()) {
                return CONTEXT_CANCELLED - i;
            }
        }
        return 0;
    }

    private Registration[] register(Context[] contexts) {
        Thread t = thread;
        Registration[] registrations = new Registration[contexts.length];
        for (int i = 0; i < contexts.length; i++) {
            registrations[i] = contexts[i].onCancel(() -> LockSupport.unpark(t));
        }
        return registrations;
    }
}
