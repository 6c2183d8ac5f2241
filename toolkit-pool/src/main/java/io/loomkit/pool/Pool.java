package io.loomkit.pool;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;

/*
 * Algorithm (after Go's sync.Pool: per-P sub-pools, stealing, victim cache; and
 * java.util.concurrent.atomic.Striped64: a thread probe rehashed on CAS failure).
 *
 * Layout: one flat array `slots` holds every stripe's idle objects, one object per cell, and each
 * cell is CELL array elements wide so that it has a cache line to itself: two threads that land on
 * the same stripe (frequent with many virtual threads, whose probe cannot follow the carrier) then
 * collide only if they also start at the same cell. Stripe s owns cells [s * maxIdle, (s + 1) * maxIdle);
 * a thread scans them from a start cell chosen by the upper bits of its probe, wrapping around, so a
 * thread that gets and puts alone keeps using one cell (LIFO). `meta` has one cache-line row per
 * cell: the GC epoch at which the cell was last filled, the number of objects taken from it, and the
 * other statistics counters of the threads whose start cell it is (so counting, too, is spread as far
 * as the cells and rarely contended).

 * Invariants:
 *  - a cell holds null, one idle object, or TAKING; a held (leased) object is in no cell, because
 *    get() removes it with a CAS before returning it. A CAS from an object o to TAKING (get, steal)
 *    or to null (the GC sweep) is the only way an object leaves a cell, so exactly one party wins
 *    each idle object.
 *  - TAKING marks a cell whose object a get has just won: for the next few instructions that get
 *    owns the cell, bumps the cell's reuse counter with a plain (opaque) store, and empties it with a
 *    release store. Every other party treats TAKING as "nothing to take and no room": nobody waits
 *    for it. Counting a reuse this way costs a store instead of an atomic add (about 4 ns per get
 *    here, a fifth of a get+put).
 *  - idle objects <= stripes * maxIdle: puts only fill empty cells and there is no other storage.
 *  - no locks: get and put scan at most all cells and never wait for another thread.
 *
 * Memory ordering: put writes the object's reset state and its cell's stamp with plain stores, then
 * publishes the object with casSlot (volatile, a release). get and the sweep take it with casSlot
 * (volatile, an acquire) after reading the cell, so they see the reset state and the stamp written
 * before the publishing CAS. A cell's reuse counter is written only by the get that holds the cell at
 * TAKING; the release store that empties the cell, the next put's CAS that fills it and the next
 * get's CAS that takes it order consecutive increments. The other counters are atomic adds. stats()
 * reads them all with acquire (a value at most a few operations old); they order nothing else.
 *
 * Benign race: the sweep may read a cell's stamp, lose the cell to a get, and then win a CAS against
 * the same object put back with a fresh stamp (ABA). That object is released one GC cycle early;
 * never handed to two holders and never double counted.
 */

/**
 * A striped pool of temporary objects, after Go's {@code sync.Pool}: {@link #get()} hands out an idle
 * object (already reset) or a new one from the factory, {@link #put(Object)} resets an object and keeps
 * it for the next {@code get()} if there is room.
 *
 * <p>Use it for short-lived objects that are expensive to build or large: buffers, encoders, digesters.
 * It is not a cache (idle objects are dropped when unused across garbage-collection cycles, see
 * {@link Builder#releaseIdleOnGc(boolean)}) and not a connection pool (it never blocks and never limits
 * how many objects exist; {@code get()} always succeeds).
 *
 * <p>Structure: the pool is split into stripes, about one per carrier thread; each calling thread is
 * mapped to a stripe by a cheap probe of its identity, and moves to another stripe when it meets
 * contention. An object is removed from its stripe while it is in use, so a virtual thread that parks
 * while holding it can never share it. When its own stripe is empty, {@code get()} takes an idle object
 * from another stripe before it calls the factory. Each stripe keeps at most
 * {@link Builder#maxIdlePerStripe(int) maxIdlePerStripe} idle objects; a {@code put} into a full stripe
 * drops the object. No lock is taken on any path and no thread ever waits for another.
 *
 * <pre>{@code
 * Pool<StringBuilder> builders = Pool.of(() -> new StringBuilder(256), sb -> sb.setLength(0));
 * try (Lease<StringBuilder> lease = builders.lease()) {
 *     StringBuilder sb = lease.get();
 *     sb.append("id=").append(42);
 *     send(sb);
 * }
 * }</pre>
 *
 * <p>Rules for callers: put an object back at most once per get, and do not use it after putting it
 * back (the pool cannot detect either mistake; the next holder would share the object).
 *
 * <p>Thread roles: any number of threads, platform or virtual, may call every method concurrently.
 *
 * <p>Memory consistency effects: actions in a thread before it {@code put}s an object, including the
 * reset hook's effects, happen-before the actions of the thread whose {@code get()} returns that object.
 * An object made by the factory is returned to the thread that called the factory.
 *
 * @param <T> the type of pooled objects
 */
public final class Pool<T> {

    /** Array elements per cell: 16 references are 64 bytes (a cache line) with compressed oops. */
    private static final int CELL = 16;
    /** longs per row of {@code meta}: 64 bytes, a cache line. */
    private static final int META_ROW = 8;
    private static final int REUSED = 0;
    private static final int CREATED = 1;
    private static final int DROPPED_ON_FULL = 2;
    private static final int DROPPED_BY_RETAIN_IF = 3;
    private static final int RELEASED_BY_GC = 4;
    /** Field of a cell's meta row holding the GC epoch at which the cell was last filled. */
    private static final int STAMP = 5;
    /** Largest number of stripes accepted, so the slot array stays small and indexable. */
    static final int MAX_STRIPES = 1 << 16;
    /** Largest per-stripe bound accepted. */
    static final int MAX_IDLE_PER_STRIPE = 1 << 12;

    private static final VarHandle SLOTS = MethodHandles.arrayElementVarHandle(Object[].class);
    private static final VarHandle META = MethodHandles.arrayElementVarHandle(long[].class);
    /** The content of a cell while the get that won its object counts the reuse (see the comment above). */
    private static final Object TAKING = new Object();

    private final Supplier<? extends T> factory;
    private final Consumer<? super T> reset;
    private final Predicate<? super T> retainIf;
    private final int mask;
    private final int maxIdle;
    private final Object[] slots;
    private final int rowsPerStripe;
    /** Per cell (row): counters, and the fill stamp; see the algorithm comment. */
    private final long[] meta;
    private final boolean releaseIdleOnGc;

    private Pool(Builder<T> b) {
        this.factory = b.factory;
        this.reset = b.reset;
        this.retainIf = b.retainIf;
        int stripes = b.stripes;
        this.mask = stripes - 1;
        this.maxIdle = b.maxIdlePerStripe;
        // One leading cell of padding; the last cell's unused elements pad its end.
        this.slots = new Object[(stripes * maxIdle + 1) * CELL];
        // At least one counter row per stripe, even when a stripe has no cells.
        this.rowsPerStripe = Math.max(1, maxIdle);
        this.meta = new long[(stripes * rowsPerStripe + 1) * META_ROW];
        this.releaseIdleOnGc = b.releaseIdleOnGc;
        if (releaseIdleOnGc) {
            GcTicker.register(this);
        }
    }

    /**
     * Returns a pool with the default settings: one stripe per carrier thread, 8 idle objects per
     * stripe at most, every object retained, idle objects released across GC cycles.
     *
     * @param factory makes a new object when no idle one is available; must not return null
     * @param reset brings a returned object back to a clean state; runs on every {@code put}
     * @param <T> the type of pooled objects
     * @return a new pool
     * @throws NullPointerException if {@code factory} or {@code reset} is null
     */
    public static <T> Pool<T> of(Supplier<? extends T> factory, Consumer<? super T> reset) {
        return new Builder<T>(factory, reset).build();
    }

    /**
     * Returns a builder for a pool with the given factory and reset hook.
     *
     * @param factory makes a new object when no idle one is available; must not return null
     * @param reset brings a returned object back to a clean state; runs on every {@code put}
     * @param <T> the type of pooled objects
     * @return a new builder with the default settings
     * @throws NullPointerException if {@code factory} or {@code reset} is null
     */
    public static <T> Builder<T> builder(Supplier<? extends T> factory, Consumer<? super T> reset) {
        return new Builder<T>(factory, reset);
    }

    /**
     * Returns an idle object, already reset, or a new one from the factory. Never blocks.
     *
     * @return an object that the caller holds alone until it puts it back; never null
     * @throws NullPointerException if the factory returned null
     * @throws RuntimeException any exception the factory threw, unchanged (the pool is unaffected)
     */
    public T get() {
        int probe = Probe.current();
        int own = probe & mask;
        Object o = takeFrom(own, probe);
        if (o == null) {
            o = steal(own, probe);
            if (o == null) {
                return create(home(probe));
            }
        }
        @SuppressWarnings("unchecked") // only objects accepted by put(T) are ever stored
        T t = (T) o;
        return t;
    }

    /**
     * Resets {@code obj} and keeps it for a later {@link #get()} if {@code retainIf} accepts it and the
     * caller's stripe has room; otherwise drops it. Never blocks. The reset hook runs in the calling
     * thread, outside any lock. If the reset hook or the {@code retainIf} predicate throws, the object
     * is dropped and the exception propagates to the caller; the pool stays consistent.
     *
     * @param obj an object obtained from this pool's {@code get()} (or any object of the type) that the
     *     caller no longer uses
     * @throws NullPointerException if {@code obj} is null
     */
    public void put(T obj) {
        Objects.requireNonNull(obj, "obj");
        reset.accept(obj);
        int probe = Probe.current();
        int own = probe & mask;
        if (!retainIf.test(obj)) {
            addCounter(home(probe), DROPPED_BY_RETAIN_IF);
            return;
        }
        boolean stamp = releaseIdleOnGc;
        int epoch = stamp ? GcTicker.epoch() : 0;
        int first = own * maxIdle;
        boolean contended = false;
        for (int k = 0, j = startCell(probe); k < maxIdle; k++) {
            int i = index(first + j);
            if (slotOpaque(i) == null) {
                if (stamp) {
                    meta[row(first + j) + STAMP] = epoch;
                }
                if (casSlot(i, null, obj)) {
                    return;
                }
                contended = true;
            }
            if (++j == maxIdle) {
                j = 0;
            }
        }
        if (contended) {
            Probe.advance(probe);
        }
        addCounter(home(probe), DROPPED_ON_FULL);
    }

    /**
     * Takes an object as by {@link #get()} and wraps it in a handle that puts it back when closed, for
     * use in try-with-resources.
     *
     * @return a lease holding an object the caller holds alone until it closes the lease
     * @throws NullPointerException if the factory returned null
     * @throws RuntimeException any exception the factory threw, unchanged
     */
    public Lease<T> lease() {
        return new Lease<>(this, get());
    }

    /**
     * Returns the pool's counters. Each counter is summed over the cells without stopping other
     * threads, so a snapshot taken under traffic may miss operations in flight.
     *
     * @return the counters, read now
     */
    public PoolStats stats() {
        long[] sums = new long[RELEASED_BY_GC + 1];
        for (int r = 0, rows = (mask + 1) * rowsPerStripe; r < rows; r++) {
            for (int c = 0; c < sums.length; c++) {
                sums[c] += (long) META.getAcquire(meta, row(r) + c);
            }
        }
        return new PoolStats(sums[CREATED], sums[REUSED], sums[DROPPED_ON_FULL], sums[DROPPED_BY_RETAIN_IF],
                sums[RELEASED_BY_GC], idleCount());
    }

    /** Number of stripes, a power of two; for tests. */
    int stripeCount() {
        return mask + 1;
    }

    /** Counts occupied cells; may be stale by the operations in flight but never above the bound. */
    int idleCount() {
        int idle = 0;
        for (int c = 0, cells = (mask + 1) * maxIdle; c < cells; c++) {
            Object o = slotAcquire(index(c));
            if (o != null && o != TAKING) {
                idle++;
            }
        }
        return idle;
    }

    /**
     * Called by the GC ticker after a collection: drops every idle object whose cell was filled two or
     * more epochs ago, i.e. that stayed idle across a whole GC cycle (Go's victim cache, by stamps).
     */
    void releaseIdle(int epoch) {
        for (int c = 0, cells = (mask + 1) * maxIdle; c < cells; c++) {
            int i = index(c);
            Object o = slotAcquire(i);
            // Subtraction, not comparison, so that the int epoch may wrap around.
            if (o != null && o != TAKING && epoch - (int) meta[row(c) + STAMP] >= 2 && casSlot(i, o, null)) {
                addCounter(c, RELEASED_BY_GC);
            }
        }
    }

    private Object takeFrom(int stripe, int probe) {
        int first = stripe * maxIdle;
        boolean contended = false;
        for (int k = 0, j = startCell(probe); k < maxIdle; k++) {
            int i = index(first + j);
            Object o = slotOpaque(i);
            if (o != null && o != TAKING) {
                if (casSlot(i, o, TAKING)) {
                    int reused = row(first + j) + REUSED;
                    META.setOpaque(meta, reused, (long) META.getOpaque(meta, reused) + 1L);
                    SLOTS.setRelease(slots, i, null);
                    return o;
                }
                contended = true;
            }
            if (++j == maxIdle) {
                j = 0;
            }
        }
        if (contended) {
            Probe.advance(probe);
        }
        return null;
    }

    private Object steal(int own, int probe) {
        for (int k = 1; k <= mask; k++) {
            Object o = takeFrom((own + k) & mask, probe);
            if (o != null) {
                return o;
            }
        }
        return null;
    }

    private T create(int home) {
        T t = factory.get();
        if (t == null) {
            throw new NullPointerException("factory " + factory + " returned null");
        }
        addCounter(home, CREATED);
        return t;
    }

    /** Array index of cell {@code c}: cell 0 sits one cell in, behind a cell of padding. */
    private static int index(int c) {
        return (c + 1) * CELL;
    }

    /** Index in {@code meta} of row {@code r}, behind one row of padding; row c belongs to cell c. */
    private static int row(int r) {
        return (r + 1) * META_ROW;
    }

    /** The row where a thread with this probe counts: its start cell's, or its stripe's when no cells. */
    private int home(int probe) {
        return (probe & mask) * rowsPerStripe + startCell(probe);
    }

    /** The cell in a stripe where the thread with this probe starts scanning: its upper 16 bits, scaled. */
    private int startCell(int probe) {
        return (int) (((probe >>> 16) * (long) maxIdle) >>> 16);
    }

    private Object slotOpaque(int i) {
        return SLOTS.getOpaque(slots, i);
    }

    private Object slotAcquire(int i) {
        return SLOTS.getAcquire(slots, i);
    }

    private boolean casSlot(int i, Object expect, Object update) {
        return SLOTS.compareAndSet(slots, i, expect, update);
    }

    private void addCounter(int r, int counter) {
        META.getAndAdd(meta, row(r) + counter, 1L);
    }

    /**
     * Configures and builds a {@link Pool}.
     *
     * <p>Thread roles: a builder is meant for one thread; it is not safe for concurrent use.
     *
     * <p>Memory consistency effects: none beyond those of the pool it builds; {@link #build()} copies
     * the settings, so changing the builder afterwards does not affect built pools.
     *
     * @param <T> the type of pooled objects
     */
    public static final class Builder<T> {
        private final Supplier<? extends T> factory;
        private final Consumer<? super T> reset;
        private int stripes = defaultStripes();
        private int maxIdlePerStripe = 8;
        private Predicate<? super T> retainIf = t -> true;
        private boolean releaseIdleOnGc = true;

        Builder(Supplier<? extends T> factory, Consumer<? super T> reset) {
            this.factory = Objects.requireNonNull(factory, "factory");
            this.reset = Objects.requireNonNull(reset, "reset");
        }

        /**
         * Sets the number of stripes, rounded up to a power of two. The default is the number of
         * carrier threads (the virtual-thread scheduler's parallelism), rounded up to a power of two.
         *
         * @param stripes the number of stripes, from 1 to 65536
         * @return this builder
         * @throws IllegalArgumentException if {@code stripes} is out of range
         */
        public Builder<T> stripes(int stripes) {
            if (stripes < 1 || stripes > MAX_STRIPES) {
                throw new IllegalArgumentException("stripes must be in [1, " + MAX_STRIPES + "]: " + stripes);
            }
            this.stripes = ceilPowerOfTwo(stripes);
            return this;
        }

        /**
         * Sets how many idle objects each stripe keeps at most (default 8); a {@code put} into a full
         * stripe drops the object. 0 makes a pool that never keeps anything.
         *
         * @param maxIdlePerStripe the bound, from 0 to 4096
         * @return this builder
         * @throws IllegalArgumentException if {@code maxIdlePerStripe} is out of range
         */
        public Builder<T> maxIdlePerStripe(int maxIdlePerStripe) {
            if (maxIdlePerStripe < 0 || maxIdlePerStripe > MAX_IDLE_PER_STRIPE) {
                throw new IllegalArgumentException(
                        "maxIdlePerStripe must be in [0, " + MAX_IDLE_PER_STRIPE + "]: " + maxIdlePerStripe);
            }
            this.maxIdlePerStripe = maxIdlePerStripe;
            return this;
        }

        /**
         * Sets the predicate that decides, after reset, whether a returned object may be kept; an object
         * it refuses is dropped (for example a buffer that grew far beyond its usual size). By default
         * every object is kept.
         *
         * @param retainIf tests a reset object; {@code true} to keep it
         * @return this builder
         * @throws NullPointerException if {@code retainIf} is null
         */
        public Builder<T> retainIf(Predicate<? super T> retainIf) {
            this.retainIf = Objects.requireNonNull(retainIf, "retainIf");
            return this;
        }

        /**
         * Sets whether idle objects that stay unused across a whole garbage-collection cycle are released
         * (default {@code true}), so that an idle pool does not pin memory. Cycles are detected with a
         * weakly reachable sentinel and a {@link java.lang.ref.Cleaner}, without finalizers.
         *
         * @param releaseIdleOnGc {@code false} to keep idle objects until they are taken
         * @return this builder
         */
        public Builder<T> releaseIdleOnGc(boolean releaseIdleOnGc) {
            this.releaseIdleOnGc = releaseIdleOnGc;
            return this;
        }

        /**
         * Builds a new, empty pool with the current settings.
         *
         * @return a new pool
         */
        public Pool<T> build() {
            return new Pool<>(this);
        }

        static int defaultStripes() {
            int parallelism = Runtime.getRuntime().availableProcessors();
            String property = System.getProperty("jdk.virtualThreadScheduler.parallelism");
            if (property != null) {
                try {
                    parallelism = Integer.parseInt(property.trim());
                } catch (NumberFormatException e) {
                    // The JDK itself rejects such a value at scheduler start; keep the processor count.
                }
            }
            return ceilPowerOfTwo(Math.max(1, Math.min(parallelism, MAX_STRIPES)));
        }

        static int ceilPowerOfTwo(int n) {
            return n <= 1 ? 1 : Integer.highestOneBit(n - 1) << 1;
        }
    }
}
