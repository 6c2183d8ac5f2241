package io.loomkit.context;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.ScheduledFuture;
import java.util.function.Consumer;

/*
 * The state of a cancellable context is one volatile field, head:
 *   null          live, no entries; for a lazy node (lazyParent != null): live and not yet linked
 *   LINKED        a lazy node that is linked in its parent's stack: live, no entries
 *   a Link        live; the newest entry of a Treiber stack of entries: user actions (Listener),
 *                 eagerly linked children (a TaskNode, a ScopeNode, a tracked node's Ref: the child is its
 *                 own entry) and lazily linked children (a ChildRef)
 *   a Throwable   cancelled; the cause. Terminal.
 *
 * Lazy linking (user-made children of a cancellable parent). Linking a child at birth costs a CAS on the
 * parent's head plus, once the parent is in the old generation, G1's card-mark fence for the old-to-young
 * store: create+cancel of such a child measured 19.8 ns against 7.4 ns for a child of the root. So a
 * user-made child starts unlinked (head null, lazyParent final, so a racy reader sees it too) and links
 * itself at its first observation: the first isCancelled()/cause() call or push of an entry (onCancel,
 * await, a child's own link) pushes a ChildRef onto the parent (which fires it at once if the parent is
 * already cancelled), then CASes its head null -> LINKED. Every later observation is the usual single
 * acquire load. A child created, used and cancelled without being observed never touches its parent; a
 * child of a parent already cancelled at birth is cancelled in attach(). cancel() on a node not yet linked
 * first reads its parent's cause (one acquire load, no write): if the parent is cancelled, the node takes
 * the parent's cause and cancel() returns false, exactly as if the parent's cancel had reached it through a
 * link; otherwise the node's own CAS decides, linearized at that read. Until it is linked, a child is
 * only reachable from user code, and every observation goes through the link, so no observer can see it
 * live after its parent's cancel() has returned: the push of its ChildRef either lands in the stack the
 * parent's canceller swaps out (and is fired) or sees the cause and fires it itself. Two first observers
 * may race and both push a ChildRef; the spare one dies with the child and is swept like any dead entry
 * (a ChildRef, not the child itself, is the entry exactly so that a double link is harmless; linking is the
 * rare path, so its allocation does not matter). Once linked, head never returns to null (a sweep that
 * empties the stack writes LINKED), so a node links at most once per racing first observer.
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
    /** The head of a lazy node that is linked and has no entries: see the header. */
    private static final Object LINKED = new Object();
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
    /** For a lazy node, the parent it links into at its first observation; null for eagerly linked nodes. */
    private final CancelNode lazyParent;
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

    /** An eagerly linked node: {@link #attach} links it into its parent's stack. */
    CancelNode(Values values, Instant deadline) {
        this(values, deadline, null);
    }

    private CancelNode(Values values, Instant deadline, CancelNode lazyParent) {
        super(values);
        this.deadline = deadline;
        this.lazyParent = lazyParent;
    }

    /** Creates a child of {@code parent} with its own deadline {@code own} (null for none). */
    static CancelNode create(AbstractContext parent, Instant own) {
        CancelNode ps = parent.source;
        // Lost-cancel tracking links a stand-in Ref eagerly; otherwise a child of a cancellable parent is lazy.
        CancelNode lazyParent = ps == null || TaskMonitor.global().lostCancels.isOn() ? null : ps;
        CancelNode node = new CancelNode(parent.values, effectiveDeadline(parent, own), lazyParent);
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
        LostCancels.Ref ref = null;
        if (lazyParent != null) {
            // Not linked until first observed; but a child of a cancelled parent is cancelled at birth.
            // (An observation of the parent: links the parent if it is itself a lazy node not yet linked.)
            Throwable cause = ps.causeOrNull();
            if (cause != null) {
                cancelOwn(cause, false);
            }
        } else {
            LostCancels lost = TaskMonitor.global().lostCancels;
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
        }
        if (own != null && own.equals(deadline) && !isDoneRaw()) {
            // Only a deadline earlier than the parent's needs a timer: the parent's timer covers the rest.
            if (ps != null && own.equals(ps.deadline)) {
                return;
            }
            ScheduledFuture<?> t = Deadlines.schedule(ref == null ? () -> this : ref::get, own);
            if (t != null) {
                timer = t;
                if (isDoneRaw()) {
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
        return isDoneRaw();
    }

    @Override
    public final void fire(Throwable cause) {
        cancel(cause);
    }

    /** Whether this node is cancelled: an observation, so a lazy node not yet linked links itself first. */
    final boolean isDone() {
        Object h = HEAD.getAcquire(this);
        if (h == null && lazyParent != null) {
            h = link();
        }
        return h instanceof Throwable;
    }

    /** Whether this node's head holds a cause, without linking: for machinery, never for user observations. */
    final boolean isDoneRaw() {
        return HEAD.getAcquire(this) instanceof Throwable;
    }

    /** isDone() as a sequentially consistent read, for the Dekker pair with a canceller (see TaskNode). */
    final boolean isDoneVolatile() {
        return HEAD.getVolatile(this) instanceof Throwable;
    }

    /** The cause, or null while live: an observation like {@link #isDone()}. */
    final Throwable causeOrNull() {
        Object h = HEAD.getAcquire(this);
        if (h == null && lazyParent != null) {
            h = link();
        }
        return h instanceof Throwable t ? t : null;
    }

    /**
     * Links this lazy node into its parent's stack (see the header) and returns its head afterwards, which
     * is never null: LINKED, an entry, or the cause if the parent was cancelled or this node was meanwhile.
     */
    private Object link() {
        lazyParent.push(new ChildRef(this)); // fires the ref, cancelling this node, if the parent is cancelled
        // Only now may this node look linked: an observer that saw LINKED before the push could miss a
        // parent cancel. Fails when another first observer linked it or it was cancelled: both fine.
        HEAD.compareAndSet(this, null, LINKED);
        return HEAD.getAcquire(this);
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
        if (lazyParent != null && HEAD.getAcquire(this) == null) {
            // Not linked, so the parent's cancel has not reached this node: if the parent is cancelled, this
            // node already is (logically) and its cause is the parent's, as if it had been linked eagerly.
            Throwable inherited = lazyParent.causeOrNull();
            if (inherited != null) {
                cancelOwn(inherited, countInParent);
                return false;
            }
        }
        return cancelOwn(cause, countInParent);
    }

    /** Cancels with {@code cause} by the CAS on this node's own head, without looking at the parent. */
    private boolean cancelOwn(Throwable cause, boolean countInParent) {
        Object h;
        do {
            h = HEAD.getAcquire(this);
            if (h instanceof Throwable) {
                return false;
            }
        } while (!HEAD.compareAndSet(this, h, cause));
        Link stack = h instanceof Link s ? s : null;
        cancelled(stack);
        CancelNode p = parent;
        if (p != null) {
            parent = null;
            if (countInParent) {
                p.entryRemoved();
            }
        } else if (h != null && lazyParent != null && countInParent) {
            lazyParent.entryRemoved(); // h non-null: the node was linked, its ChildRef just died
        }
        ScheduledFuture<?> t = timer;
        if (t != null) {
            t.cancel(false);
        }
        LostCancels.Ref r = lostRef;
        if (r != null) {
            TaskMonitor.global().lostCancels.cancelled(r);
        }
        for (Link l = stack; l != null; l = l.nextLink()) {
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

    /**
     * Pushes {@code l} onto the stack, or fires it in this thread if this node is already cancelled. A lazy
     * node links itself first: an entry of a node its parent cannot reach would miss the parent's cancel.
     */
    final <L extends Link> L push(L l) {
        Object h;
        do {
            h = HEAD.getAcquire(this);
            if (h == null && lazyParent != null) {
                h = link();
            }
            if (h instanceof Throwable cause) {
                l.fire(cause);
                return l;
            }
            l.setNextLink(h instanceof Link n ? n : null);
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
            // A lazy node's empty stack is LINKED, not null: null would mean "not linked" (see the header).
            Object empty = lazyParent == null ? null : LINKED;
            long r = Sweeper.sweep(first, CHAIN,
                    (expect, top) -> HEAD.compareAndSet(this, expect, top == null ? empty : top));
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

    /**
     * A lazy node's entry in its parent's stack: a separate object, so that two first observers racing to
     * link the node push two refs (the spare one dies with the node) instead of corrupting one link.
     */
    static final class ChildRef implements Link {
        private final CancelNode child;
        private Link next; // plain: see the CancelNode header on why racy reads of links are safe

        ChildRef(CancelNode child) {
            this.child = child;
        }

        @Override
        public Link nextLink() {
            return next;
        }

        @Override
        public void setNextLink(Link next) {
            this.next = next;
        }

        @Override
        public boolean isRemoved() {
            return child.isDoneRaw(); // raw: a sweeper must not link anything
        }

        @Override
        public void fire(Throwable cause) {
            child.cancelOwn(cause, true); // the parent's own cause: no need to look it up again
        }
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
