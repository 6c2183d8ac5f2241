package io.loomkit.context;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.function.Consumer;

/*
 * The registry behind snapshots: striped Treiber stacks of entries, each a scope with running tasks or a
 * running wrapped-executor task, so registering costs one CAS on one of several heads and no lock. A scope
 * registers when its running count goes from 0 to 1, not per fork: it lists its tasks from its own
 * context's stack. An entry is pushed onto the stripe of the thread that registers it; when it dies it
 * only says so (MonitorEntry.isDead, a volatile read) and counts one removal in its stripe. A stripe is swept (finished entries unlinked) when at least 16 and at least half of its
 * entries are finished, by one sweeper at a time, which only ever skips finished entries; the argument that a
 * concurrent reader still reaches every live entry is the one in CancelNode. Readers (snapshot) take the
 * head with an acquire load, which pairs with the releasing CAS of push: a listed task's fields are
 * visible. The counters are racy on purpose: they only decide when to sweep.
 */
/** The scopes with running tasks and the running wrapped tasks, in lock-free striped stacks. */
final class LiveTasks {
    private static final int MIN_SWEEP = 16;
    private final Stripe[] stripes;

    LiveTasks() {
        int n = stripeCount();
        stripes = new Stripe[n];
        for (int i = 0; i < n; i++) {
            stripes[i] = new Stripe();
        }
    }

    /** Adds {@code t} and returns the stripe index to pass to {@link #died(int)}. */
    int add(MonitorEntry t) {
        int i = currentStripe(stripes.length);
        stripes[i].push(t);
        return i;
    }

    /** Counts a dead entry of stripe {@code i}; the entry already says it is dead. */
    void died(int i) {
        stripes[i].removed();
    }

    void forEachLive(Consumer<Tracked> action) {
        for (Stripe s : stripes) {
            for (MonitorEntry t = s.headAcquire(); t != null; t = t.nextEntry()) {
                if (!t.isDead()) {
                    t.collect(action);
                }
            }
        }
    }

    /** For tests: entries linked, finished or not. */
    int linked() {
        int n = 0;
        for (Stripe s : stripes) {
            for (MonitorEntry t = s.headAcquire(); t != null; t = t.nextEntry()) {
                n++;
            }
        }
        return n;
    }

    /**
     * How many stripes a per-thread striped structure gets: a power of two, at least twice the processors,
     * so that the carriers rarely share one.
     */
    static int stripeCount() {
        return Integer.highestOneBit(Math.max(1, 2 * Runtime.getRuntime().availableProcessors() - 1)) << 1;
    }

    /** The current thread's stripe among {@code n}, a power of two. */
    static int currentStripe(int n) {
        return (int) mix(Thread.currentThread().threadId()) & (n - 1);
    }

    /** A 64-bit finalizer (MurmurHash3's), spreading consecutive thread ids over stripes. */
    private static long mix(long x) {
        x ^= x >>> 33;
        x *= 0xff51afd7ed558ccdL;
        return x ^ (x >>> 33);
    }

    private static final Sweeper.Chain<MonitorEntry> CHAIN = new Sweeper.Chain<>() {
        @Override
        public MonitorEntry next(MonitorEntry e) {
            return e.nextEntry();
        }

        @Override
        public void setNext(MonitorEntry e, MonitorEntry next) {
            e.setNextEntry(next);
        }

        @Override
        public boolean isDead(MonitorEntry e) {
            return e.isDead();
        }
    };

    private static final class Stripe {
        private static final VarHandle HEAD;
        private static final VarHandle SWEEPING;

        static {
            try {
                MethodHandles.Lookup l = MethodHandles.lookup();
                HEAD = l.findVarHandle(Stripe.class, "head", MonitorEntry.class);
                SWEEPING = l.findVarHandle(Stripe.class, "sweeping", int.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        @SuppressWarnings("unused") // accessed through HEAD
        private volatile MonitorEntry head;
        @SuppressWarnings("unused") // accessed through SWEEPING
        private volatile int sweeping;
        private int removed;
        private int linked;
        private int liveAtSweep;

        MonitorEntry headAcquire() {
            return (MonitorEntry) HEAD.getAcquire(this);
        }

        void push(MonitorEntry t) {
            MonitorEntry h;
            do {
                h = headAcquire();
                t.setNextEntry(h);
            } while (!HEAD.compareAndSet(this, h, t));
            // Entries can also die uncounted (a scope collected without close()); sweeping when the stripe
            // has doubled since the last sweep keeps those from piling up, still O(1) amortized.
            if (++linked >= Math.max(2 * MIN_SWEEP, 2 * liveAtSweep)) {
                trySweep();
            }
        }

        void removed() {
            int r = ++removed;
            if (r >= MIN_SWEEP && 2 * r >= linked) {
                trySweep();
            }
        }

        private void trySweep() {
            if (SWEEPING.compareAndSet(this, 0, 1)) {
                try {
                    sweep();
                } finally {
                    SWEEPING.setRelease(this, 0);
                }
            }
        }

        private void sweep() {
            long r = Sweeper.sweep(headAcquire(), CHAIN, (expect, top) -> HEAD.compareAndSet(this, expect, top));
            linked = (int) (r >>> 32);
            liveAtSweep = linked;
            removed = Math.max(0, removed - (int) r);
        }
    }
}
