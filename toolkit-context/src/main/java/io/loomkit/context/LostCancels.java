package io.loomkit.context;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Run-time {@code vet lostcancel}: while detection is on, each new user-made {@link CancelNode} gets a
 * {@link Ref}, a weak reference that stands in for the node in its parent's stack and in its timer, so
 * that nothing but user code keeps the node alive. A node cancelled normally clears its Ref; one that the
 * collector finds unreachable first has its Ref enqueued, and a virtual thread blocked on the queue
 * reports it. No finalizers; when off, creating a context costs one volatile read.
 */
final class LostCancels {
    private volatile boolean on;
    private volatile boolean recordSites;
    private final ReferenceQueue<CancelNode> queue = new ReferenceQueue<>();
    /** Keeps each Ref reachable until its node is cancelled or reported. */
    private final Set<Ref> pending = ConcurrentHashMap.newKeySet();
    private final List<Consumer<? super TaskMonitor.LostCancel>> listeners = new CopyOnWriteArrayList<>();
    private final AtomicBoolean reporterStarted = new AtomicBoolean();

    boolean isOn() {
        return on;
    }

    void configure(boolean on, boolean recordSites) {
        this.recordSites = recordSites;
        this.on = on;
        if (on && reporterStarted.compareAndSet(false, true)) {
            Thread.ofVirtual().name("loomkit-lost-cancels").start(this::reportLoop);
        }
    }

    Registration addListener(Consumer<? super TaskMonitor.LostCancel> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /** Tracks a new node; the caller links the returned Ref, not the node, in the parent's stack. */
    Ref track(CancelNode node) {
        StackTraceElement[] site = recordSites ? trimmed(new Throwable().getStackTrace()) : new StackTraceElement[0];
        Ref ref = new Ref(node, queue, node.toString(), site);
        pending.add(ref);
        return ref;
    }

    void cancelled(Ref ref) {
        pending.remove(ref);
        ref.clear(); // never enqueued now
    }

    /** For tests: refs neither cancelled nor reported. */
    int pending() {
        return pending.size();
    }

    private void reportLoop() {
        while (true) {
            Ref ref;
            try {
                ref = (Ref) queue.remove();
            } catch (InterruptedException e) {
                return;
            }
            if (!pending.remove(ref)) {
                continue; // cancelled while being enqueued
            }
            TaskMonitor.LostCancel lost = new TaskMonitor.LostCancel(ref.description, Arrays.asList(ref.site));
            Events.leak("lost-cancel", ref.description, "", "", lost.creationSite().toString());
            if (listeners.isEmpty()) {
                System.getLogger("io.loomkit.context").log(System.Logger.Level.WARNING, lost.toString());
            }
            for (Consumer<? super TaskMonitor.LostCancel> l : listeners) {
                try {
                    l.accept(lost);
                } catch (RuntimeException e) {
                    Thread self = Thread.currentThread();
                    self.getUncaughtExceptionHandler().uncaughtException(self, e);
                }
            }
        }
    }

    /** Drops the frames of loomkit's context machinery, so the site starts at the caller's line. */
    private static StackTraceElement[] trimmed(StackTraceElement[] stack) {
        int i = 0;
        while (i < stack.length && (TaskSnapshot.isContextMachinery(stack[i].getClassName())
                || stack[i].getClassName().equals(LostCancels.class.getName()))) {
            i++;
        }
        return Arrays.copyOfRange(stack, i, stack.length);
    }

    /** A tracked node's stand-in: a weak reference that is also its entry in the parent's stack. */
    static final class Ref extends WeakReference<CancelNode> implements Link {
        final String description;
        final StackTraceElement[] site;
        private Link next; // plain: see CancelNode

        Ref(CancelNode node, ReferenceQueue<CancelNode> queue, String description, StackTraceElement[] site) {
            super(node, queue);
            this.description = description;
            this.site = site;
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
            CancelNode n = get();
            return n == null || n.isDoneRaw();
        }

        @Override
        public void fire(Throwable cause) {
            CancelNode n = get();
            if (n != null) {
                n.cancel(cause);
            }
        }
    }
}
