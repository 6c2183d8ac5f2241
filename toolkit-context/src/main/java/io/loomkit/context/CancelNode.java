package io.loomkit.context;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.ScheduledFuture;
import java.util.function.Consumer;

/*
 * The state of a cancellable context is one volatile field, head:
 *   null          live, no entries
 *   a Link        live; the newest entry of a Treiber stack of entries: user actions (Listener) and
 *                 children (a child CancelNode is its own entry, so linking a child allocates nothing)
 *   a Throwable   cancelled; the cause. Terminal.
 *
 * cancel() CASes head from a live value to the cause: exactly one cancel wins, and the winner owns the
 * stack it swapped out and fires every entry. push() CASes a new entry onto a live head, or fires it
 * itself when head is already a cause, so an entry is either in the stack the winner swaps out or fired by
 * its pusher: never lost. Firing is at most once per entry: a Listener decides fire vs. unregister with a
 * CAS on its own state, a child with the CAS on its own head (cancel is idempotent). The release of the
 * winning CAS pairs with the acquire load in isDone()/causeOrNull(): whatever the canceller did before
 * cancel() is visible to whoever sees the cause.
 *
 * Removed entries (unregistered actions, children cancelled on their own) stay linked until a sweep.
 * Unlinking a stack's interior lock-free is only safe with one sweeper at a time (the 'sweeping' flag),
 * and only by skipping removed entries, which never come back; a concurrent canceller walking the stack
 * then reaches every live entry whichever links it reads. A sweep runs when at least 16 entries and at
 * least half of the linked entries are removed, so sweeping costs O(1) amortized per entry and a
 * long-lived parent with a million short-lived children holds O(live children) entries, not O(children
 * ever made). Links between entries are plain fields: an entry's link is written before the releasing CAS
 * that publishes the entry, and the sweeper only ever redirects a link past dead entries, so a racy reader
 * sees an older or a newer link, and either reaches every live entry. Both counts are racy plain
 * counters: they only decide when to sweep, an update lost to a race merely moves a sweep, and an atomic
 * instruction on every link and cancel would cost more than it buys.
 */
/**
 * The only context that changes state: a {@link CancellableContext}. It is the {@code source} of itself
 * and of every {@link ValueContext} derived from it.
 */
non-sealed class CancelNode extends AbstractContext implements CancellableContext, Link {
    private static final int MIN_SWEEP = 16;
    private static final VarHandle HEAD;
    private static final VarHandle SWEEPING;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            HEAD = l.findVarHandle(CancelNode.class, "head", Object.class);
            SWEEPING = l.findVarHandle(CancelNode.class, "sweeping", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The effective deadline: the earlier of this node's own and its parent's; null for none. */
    final Instant deadline;
    @SuppressWarnings("unused") // accessed through HEAD
    private volatile Object head;
    /** Removed entries still linked: a racy counter, see above. */
    private int removed;
    @SuppressWarnings("unused") // accessed through SWEEPING
    private volatile int sweeping;
    /** Entries linked, removed or not: a racy counter like {@code removed}. */
    private int linked;
    /** Live entries the last sweep found: a racy counter like the others. */
    private int liveAtSweep;
    /** The cancellable ancestor whose stack links this node; told when this node cancels on its own. */
    private CancelNode parent;
    /** This node's link in its parent's stack. */
    private Link next; // plain: see the CancelNode header on why racy reads of links are safe
    private volatile ScheduledFuture<?> timer;
    /** Set only while lost-cancel detection is on: cleared when this node is cancelled. */
    private LostCancels.Ref lostRef;

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
        LostCancels lost = TaskMonitor.global().lostCancels;
        LostCancels.Ref ref = null;
        if (lost.isOn() && getClass() == CancelNode.class) { // user-made contexts only, not tasks
            ref = lost.track(this);
            lostRef = ref;
        }
        if (ps != null) {
            this.parent = ps;
            // Cancels this node at birth if the parent is already cancelled. A tracked node is linked
            // through its weak Ref, so only user code keeps it alive.
            ps.push(ref == null ? this : ref);
        }
        if (own != null && own.equals(deadline) && !isDone()) {
            // Only a deadline earlier than the parent's needs a timer: the parent's timer covers the rest.
            if (ps != null && own.equals(ps.deadline)) {
                return;
            }
            ScheduledFuture<?> t = Deadlines.schedule(ref == null ? () -> this : ref::get, own);
            if (t != null) {
                timer = t;
                if (isDone()) {
                    t.cancel(false); // cancelled while scheduling: drop the timer at once
                }
            }
        }
    }

    @Override
    public final Link nextLink() {
        return next;
    }

    @Override
    public final void setNextLink(Link next) {
        this.next = next;
    }

    @Override
    public final boolean isRemoved() {
        return isDone();
    }

    @Override
    public final void fire(Throwable cause) {
        cancel(cause);
    }

    final boolean isDone() {
        return HEAD.getAcquire(this) instanceof Throwable;
    }

    /** isDone() as a sequentially consistent read, for the Dekker pair with a canceller (see TaskNode). */
    final boolean isDoneVolatile() {
        return HEAD.getVolatile(this) instanceof Throwable;
    }

    final Throwable causeOrNull() {
        return HEAD.getAcquire(this) instanceof Throwable t ? t : null;
    }

    @Override
    public final boolean cancel() {
        return cancel(CancelledException.CANCELLED);
    }

    @Override
    public final boolean cancel(Throwable cause) {
        Objects.requireNonNull(cause, "cause");
        return cancel(cause, true);
    }

    /**
     * Cancels with {@code cause}; {@code countInParent} false skips telling the parent that an entry died
     * (a finished task: its scope sweeps on its own schedule, so the finishing thread writes nothing shared).
     */
    final boolean cancel(Throwable cause, boolean countInParent) {
        Object h;
        do {
            h = HEAD.getAcquire(this);
            if (h instanceof Throwable) {
                return false;
            }
        } while (!HEAD.compareAndSet(this, h, cause));
        cancelled(h instanceof Link stack ? stack : null);
        CancelNode p = parent;
        if (p != null) {
            parent = null;
            if (countInParent) {
                p.entryRemoved();
            }
        }
        ScheduledFuture<?> t = timer;
        if (t != null) {
            t.cancel(false);
        }
        LostCancels.Ref r = lostRef;
        if (r != null) {
            TaskMonitor.global().lostCancels.cancelled(r);
        }
        for (Link l = (Link) h; l != null; l = l.nextLink()) {
            l.fire(cause);
        }
        return true;
    }

    /** Called once, by the winning canceller, before any listener runs, with the stack it swapped out. */
    void cancelled(Link stack) {}

    @Override
    public final void close() {
        cancel();
    }

    /** Pushes {@code l} onto the stack, or fires it in this thread if this node is already cancelled. */
    final <L extends Link> L push(L l) {
        Object h;
        do {
            h = HEAD.getAcquire(this);
            if (h instanceof Throwable cause) {
                l.fire(cause);
                return l;
            }
            l.setNextLink((Link) h);
        } while (!HEAD.compareAndSet(this, h, l));
        // Entries can die uncounted (finished tasks); sweeping when the stack has doubled since the last
        // sweep bounds those too, still O(1) amortized.
        if (++linked >= Math.max(2 * MIN_SWEEP, 2 * liveAtSweep)) {
            trySweep();
        }
        return l;
    }

    /** Counts a removed entry and sweeps when enough have piled up. */
    final void entryRemoved() {
        int r = ++removed;
        if (r >= MIN_SWEEP && 2 * r >= linked) {
            trySweep();
        }
    }

    /** Sweeps now unless another thread is sweeping. */
    final void trySweep() {
        if (SWEEPING.compareAndSet(this, 0, 1)) {
            try {
                sweep();
            } finally {
                SWEEPING.setRelease(this, 0);
            }
        }
    }

    private static final Sweeper.Chain<Link> CHAIN = new Sweeper.Chain<>() {
        @Override
        public Link next(Link e) {
            return e.nextLink();
        }

        @Override
        public void setNext(Link e, Link next) {
            e.setNextLink(next);
        }

        @Override
        public boolean isDead(Link e) {
            return e.isRemoved();
        }
    };

    private void sweep() {
        if (HEAD.getAcquire(this) instanceof Link first) { // else cancelled (the canceller owns the stack) or empty
            long r = Sweeper.sweep(first, CHAIN, (expect, top) -> HEAD.compareAndSet(this, expect, top));
            linked = (int) (r >>> 32);
            liveAtSweep = linked;
            removed = Math.max(0, removed - (int) r);
        }
    }

    /** Passes each entry of the stack to {@code action} (none once cancelled). */
    final void forEachEntry(Consumer<Link> action) {
        forEach(HEAD.getAcquire(this) instanceof Link f ? f : null, action);
    }

    static void forEach(Link first, Consumer<Link> action) {
        for (Link l = first; l != null; l = l.nextLink()) {
            action.accept(l);
        }
    }

    /** For tests: entries linked in the stack, including unregistered ones not yet swept. */
    final int linkedEntries() {
        int n = 0;
        for (Link l = HEAD.getAcquire(this) instanceof Link f ? f : null; l != null; l = l.nextLink()) {
            n++;
        }
        return n;
    }

    /** For tests: entries linked and still pending. */
    final int registeredListeners() {
        int n = 0;
        for (Link l = HEAD.getAcquire(this) instanceof Link f ? f : null; l != null; l = l.nextLink()) {
            if (!l.isRemoved()) {
                n++;
            }
        }
        return n;
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
