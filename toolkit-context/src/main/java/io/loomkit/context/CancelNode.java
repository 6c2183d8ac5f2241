package io.loomkit.context;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.ScheduledFuture;

/*
 * The state of a cancellable context is one volatile field, head:
 *   null          live, no listeners
 *   a Listener    live; the newest entry of a Treiber stack of listeners (user actions and children)
 *   a Throwable   cancelled; the cause. Terminal.
 *
 * cancel() CASes head from a live value to the cause: exactly one cancel wins, and the winner owns the
 * stack it swapped out and fires every entry. register() CASes a new entry onto a live head, or fires it
 * itself when head is already a cause, so an entry is either in the stack the winner swaps out or run by
 * its registrant: never lost, never run twice (each Listener's own CAS decides fire vs. unregister). The
 * release of the winning CAS pairs with the acquire load in isDone()/causeOrNull(): whatever the canceller
 * did before cancel() is visible to whoever sees the cause.
 *
 * Unregistered entries stay linked until a sweep. Unlinking a stack's interior lock-free is only safe with
 * one sweeper at a time (the 'sweeping' flag), and only by skipping REMOVED entries, which never come back;
 * a concurrent canceller walking the stack then reaches every live entry whichever links it reads. A sweep
 * runs when the removed count reaches sweepAt = max(16, live entries found by the last sweep), so sweeping
 * costs O(1) amortized per register/unregister and a long-lived parent with a million short-lived children
 * holds O(live children) entries, not O(children ever made).
 */
/**
 * The only context that changes state: a {@link CancellableContext}. It is the {@code source} of itself
 * and of every {@link ValueContext} derived from it.
 */
non-sealed class CancelNode extends AbstractContext implements CancellableContext {
    private static final int MIN_SWEEP = 16;
    private static final VarHandle HEAD;
    private static final VarHandle REMOVED;
    private static final VarHandle SWEEPING;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            HEAD = l.findVarHandle(CancelNode.class, "head", Object.class);
            REMOVED = l.findVarHandle(CancelNode.class, "removed", int.class);
            SWEEPING = l.findVarHandle(CancelNode.class, "sweeping", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The effective deadline: the earlier of this node's own and its parent's; null for none. */
    final Instant deadline;
    @SuppressWarnings("unused") // accessed through HEAD
    private volatile Object head;
    @SuppressWarnings("unused") // accessed through REMOVED
    private volatile int removed;
    @SuppressWarnings("unused") // accessed through SWEEPING
    private volatile int sweeping;
    private volatile int sweepAt = MIN_SWEEP;
    /** This node's entry in its parent's stack, unregistered when this node is cancelled. */
    private Listener parentLink;
    private volatile ScheduledFuture<?> timer;

    CancelNode(Values values, Instant deadline) {
        super(values);
        this.deadline = deadline;
    }

    /** Creates a child of {@code parent} with its own deadline {@code own} (null for none). */
    static CancelNode create(AbstractContext parent, Instant own) {
        CancelNode node = new CancelNode(parent.values, effectiveDeadline(parent, own));
        node.attach(parent, own);
        return node;
    }

    static Instant effectiveDeadline(AbstractContext parent, Instant own) {
        Instant inherited = parent.source == null ? null : parent.source.deadline;
        if (own == null) {
            return inherited;
        }
        return inherited != null && inherited.isBefore(own) ? inherited : own;
    }

    /**
     * Links this node under {@code parent} and starts its timer. Called after construction, because
     * linking publishes the node to a concurrent canceller of the parent.
     */
    final void attach(AbstractContext parent, Instant own) {
        CancelNode ps = parent.source;
        if (ps != null) {
            // Fires at once (cancelling this node at birth) if the parent is already cancelled.
            parentLink = ps.register(new Listener(ps, this));
        }
        if (own != null && own.equals(deadline) && !isDone()) {
            // Only a deadline earlier than the parent's needs a timer: the parent's timer covers the rest.
            if (ps != null && own.equals(ps.deadline)) {
                return;
            }
            ScheduledFuture<?> t = Deadlines.schedule(this, own);
            if (t != null) {
                timer = t;
                if (isDone()) {
                    t.cancel(false); // cancelled while scheduling: drop the timer at once
                }
            }
        }
    }

    final boolean isDone() {
        return HEAD.getAcquire(this) instanceof Throwable;
    }

    final Throwable causeOrNull() {
        return HEAD.getAcquire(this) instanceof Throwable t ? t : null;
    }

    @Override
    public final boolean cancel() {
        return cancel(CancelledException.cancelled());
    }

    @Override
    public final boolean cancel(Throwable cause) {
        Objects.requireNonNull(cause, "cause");
        Object h;
        do {
            h = HEAD.getAcquire(this);
            if (h instanceof Throwable) {
                return false;
            }
        } while (!HEAD.compareAndSet(this, h, cause));
        cancelled();
        Listener up = parentLink;
        if (up != null) {
            up.unregister();
            parentLink = null;
        }
        ScheduledFuture<?> t = timer;
        if (t != null) {
            t.cancel(false);
        }
        for (Listener l = (Listener) h; l != null; l = l.next) {
            l.fire(cause);
        }
        return true;
    }

    /** Called once, by the winning canceller, before any listener runs. */
    void cancelled() {}

    @Override
    public final void close() {
        cancel();
    }

    /** Pushes {@code l} onto the stack, or fires it in this thread if this node is already cancelled. */
    final Listener register(Listener l) {
        Object h;
        do {
            h = HEAD.getAcquire(this);
            if (h instanceof Throwable cause) {
                l.fire(cause);
                return l;
            }
            l.next = (Listener) h;
        } while (!HEAD.compareAndSet(this, h, l));
        return l;
    }

    /** Counts an unregistered entry and sweeps when enough have piled up. */
    final void listenerRemoved() {
        int r = (int) REMOVED.getAndAdd(this, 1) + 1;
        if (r >= sweepAt && SWEEPING.compareAndSet(this, 0, 1)) {
            try {
                sweep();
            } finally {
                SWEEPING.setRelease(this, 0);
            }
        }
    }

    private void sweep() {
        Object h = HEAD.getAcquire(this);
        if (!(h instanceof Listener first)) {
            return; // cancelled (the canceller owns the stack now) or empty
        }
        int unlinked = 0;
        int live = 0;
        // Drop removed entries at the top with a CAS: a concurrent push makes it fail, which is fine.
        while (first != null && first.isRemoved()) {
            Listener next = first.next;
            if (!HEAD.compareAndSet(this, first, next)) {
                break;
            }
            unlinked++;
            first = next;
        }
        for (Listener prev = first; prev != null; ) {
            Listener n = prev.next;
            if (n != null && n.isRemoved()) {
                prev.next = n.next;
                unlinked++;
            } else {
                live++;
                prev = n;
            }
        }
        REMOVED.getAndAdd(this, -unlinked);
        sweepAt = Math.max(MIN_SWEEP, live);
    }

    /** Fires from the shared timer when the deadline passes. */
    final void expire(Instant when) {
        cancel(new DeadlineExceededException(when));
    }

    final String stateString() {
        Throwable cause = causeOrNull();
        String state = cause == null ? "live" : "cancelled: " + cause;
        return deadline == null ? state : state + ", deadline " + deadline;
    }

    @Override
    public String toString() {
        return "CancellableContext[" + stateString() + (values == null ? "" : ", " + values) + "]";
    }
}
