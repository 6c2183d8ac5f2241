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
 *
 * Parking (ADR 0039): a waiting thread first spins (platform) or yields its carrier and then spins
 * (virtual), and only then parks; the group's phase says which (SPINNING, YIELDING, PARKING). A waker
 * unparks the thread only if, right after its successful fire CAS and still under the node's channel
 * lock, it reads phase == PARKING (volatile). The waiting thread stores PARKING (volatile) before it
 * re-reads the state and parks. Both sides are a volatile write followed by a volatile read of the other
 * variable (Dekker), so either the waker sees PARKING and unparks, or the waiting thread sees the fired
 * state and never parks. The read after the CAS is safe for a slot node: re-arming it (which resets the
 * phase to SPINNING) needs the lock the waker still holds. A select's group is never reused. A platform
 * thread stores PARKING before its spin, so its waker always unparks it (measured: skipping that unpark
 * cut platform hand-offs about fourfold, ADR 0039's session-5 update).
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
    private static final VarHandle PHASE;

    /** Phases of a waiting thread, read by the waker after its fire (see "Parking" above). */
    private static final int SPINNING = 0;
    private static final int YIELDING = 1;
    private static final int PARKING = 2;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            STATE = lookup.findVarHandle(Waiter.class, "state", int.class);
            IN_USE = lookup.findVarHandle(Waiter.class, "inUse", boolean.class);
            PHASE = lookup.findVarHandle(Waiter.class, "phase", int.class);
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

    /**
     * Carrier yields, then onSpinWait calls, a waiting virtual thread makes before it parks (ADR 0039):
     * a spin alone holds the carrier that the counterpart may be queued on (ADR 0022, 0029).
     */
    private static final int VIRTUAL_YIELDS = 1;
    private static final int VIRTUAL_SPINS = 64;

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

    /** Read plainly (volatile) only by await's park loop; elsewhere through STATE. */
    private volatile int state;

    /** SPINNING, YIELDING or PARKING: whether a waker must unpark the thread (see "Parking" above). */
    @SuppressWarnings("unused") // accessed through PHASE
    private volatile int phase;

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
        PHASE.set(this, SPINNING);
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

    /**
     * After a successful {@link #tryFire}, with the node's channel lock still held: whether the group's
     * thread had parked or may park, so the waker must unpark it. False while it still spins or yields:
     * it then sees the fired state itself (Dekker: its volatile store of PARKING precedes its re-read of
     * the state; the fire CAS precedes this volatile read).
     */
    boolean parkedAtFire() {
        return (int) PHASE.getVolatile(group) == PARKING;
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
        if (thread.isVirtual()) {
            // A virtual thread first yields its carrier once (ADR 0039): the thread it waits for is
            // most often queued on this very carrier (an unpark queues the woken thread where the
            // unparker runs), so it runs now and usually fires this node before we are resumed, with no
            // park or unpark. Only then a short spin, for a counterpart running on another carrier.
            for (int i = 0; i < VIRTUAL_YIELDS && stateAcquire() == WAITING; i++) {
                PHASE.setVolatile(this, YIELDING);
                Thread.yield();
                PHASE.setVolatile(this, SPINNING);
            }
            for (int i = 0; i < VIRTUAL_SPINS && stateAcquire() == WAITING; i++) {
                Thread.onSpinWait();
            }
            // Dekker with parkedAtFire: announce the park (volatile), then re-read the state (the loop below).
            if (stateAcquire() == WAITING) {
                PHASE.setVolatile(this, PARKING);
            }
        } else {
            // A platform thread spins briefly before it parks (ADR 0037): a park and unpark cost it two
            // context switches (about 20 us here), while the other side of a hand-off usually fires
            // this node within a few microseconds. It announces the park before the spin, so its waker
            // always unparks it, as before ADR 0039: skipping that unpark cut platform rendezvous from
            // about 1.1 to 0.2-0.3 ops/us on a quiet machine (ADR 0039, session-5 update). This store
            // is also the first half of the Dekker pair with parkedAtFire for the park below.
            PHASE.setVolatile(this, PARKING);
            for (int i = 0; i < PLATFORM_SPINS && stateAcquire() == WAITING; i++) {
                Thread.onSpinWait();
            }
        }
        Registration[] registrations = contexts == null ? null : register(contexts);
        try {
            boolean interrupted = false;
            int s;
            // A volatile read, not acquire: it is the second half of the Dekker pair with parkedAtFire.
            while ((s = state) == WAITING) {
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
