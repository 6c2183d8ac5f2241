package io.loomkit.pool;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;

/*
 * Algorithm (after Go's sync.Pool: per-P sub-pools, stealing, victim cache; Striped64's thread probe;
 * and Stormpot's slots, which a claim takes with one CAS and a release gives back with a plain store
 * because the claimer keeps the slot reserved meanwhile; ADR 0036).
 *
 * Layout: stripe s owns cells [s * maxIdle, (s + 1) * maxIdle). A cell is a cache line in `slots`
 * (element 0: the object, element 1: the thread that last reserved the cell) and a 128-byte row in
 * `meta` (its state, the GC epoch at which it was last filled, the number of objects taken from it,
 * and the other counters of the threads whose home cell it is). A thread's home cell is its probe (a
 * hash of its thread id, fixed for its life) scaled to the number of cells; it scans the home cell's
 * stripe from there, wrapping around, then the other stripes, so a thread that gets and puts alone
 * keeps using one cell (LIFO).
 *
 * A cell's state (a long, so that it is changed without GC write barriers):
 *  - FREE: no object; a put may claim it with a CAS FREE -> TAKING, fill it, and release IDLE;
 *  - IDLE: the cell holds an idle object; a get takes it with a CAS;
 *  - TAKING: one party owns the cell for a few instructions (filling it, or taking its object away);
 *  - ~id (negative): reserved by the live thread with that id, holding no object. The get of a thread
 *    takes an object from its own stripe with a CAS IDLE -> ~id and clears the cell's reference (the
 *    pool never references an object it handed out, so a holder that drops it leaves no garbage
 *    pinned; measured cost ~0.2 ns); the next put of that thread that finds ~id at its home cell
 *    stores the object and releases IDLE with a release store: one CAS per get+put.
 *
 * Invariants:
 *  - a handed-out object is in no IDLE cell: a get removes it from the idle set with a CAS on the
 *    cell's state before returning it, so exactly one party wins each idle object, and clears the cell's
 *    reference to it.
 *  - only the owner of a cell writes it: the winner of the CAS to TAKING until it releases FREE or
 *    IDLE; the thread with id `id` while the state is ~id and it is alive. So a put that reads its own
 *    reservation may fill it with plain stores and a release store: nobody can change it in between.
 *    A get that passes its own reservation frees it (the thread is in no put, so the reservation is
 *    stale): a thread keeps few reservations, and one that only gets (a producer) does not block the
 *    cells its consumer puts into.
 *  - once that thread has terminated, its reservation is garbage: a put that finds no free cell, or
 *    the GC sweep, takes it over with a CAS ~id -> TAKING. Thread.isAlive() returning false
 *    happens-after all of the thread's actions (JLS 17.4.4), so it writes the cell no more. The
 *    reserving get records itself in the cell (element 1) after its CAS; a reader that finds another
 *    thread there (not yet updated) treats the reservation as live, the safe side.
 *  - idle objects <= stripes * maxIdle: a cell holds at most one idle object; there is no other storage.
 *  - no locks: get and put scan at most all cells and never wait for another thread.
 *
 * Memory ordering: a put writes the object's reset state, the cell's object reference and stamp with
 * plain stores, then publishes with a release store (or a CAS) of IDLE. A get or the sweep takes the
 * cell with a CAS (volatile: an acquire) of the state and only then reads the object reference, so it
 * sees everything written before the publishing store. The reuse counter of a cell is written only by
 * the cell's owner while it holds the cell at TAKING or ~id, so a plain (opaque) increment suffices;
 * the release of IDLE and the next taker's CAS order consecutive increments. The other counters are
 * atomic adds. stats() reads them with acquire (a value at most a few operations old).
 *
 * Benign race: the sweep may read a cell's stamp, lose the cell to a get, and then win a CAS against
 * the same cell filled again (ABA on IDLE). That object is released one GC cycle early; never handed
 * to two holders and never double counted.
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
 * mapped to a home cell in a stripe by a cheap hash of its identity, and moves on to the next cell when
 * its home is taken. An object is removed from its stripe while it is in use, so a virtual thread that
 * parks while holding it can never share it; the cell it came from stays reserved for the holder's
 * thread, whose next {@code put} returns an object there without an atomic instruction. When its own stripe is empty, {@code get()} takes an idle object
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
    /** Element of a cell in {@code slots} holding the thread that last reserved it. */
    private static final int OWNER = 1;
    /**
     * longs per row of {@code meta}: 128 bytes, two cache lines. The array is only 8-byte aligned, so
     * with 64-byte rows the written fields of neighbouring cells could share a line; with 128-byte rows
     * and the written fields in the middle they are at least 64 bytes apart whatever the alignment.
     */
    private static final int META_ROW = 16;
    /**
     * Fields of a cell's meta row, the three the hot path touches side by side: STATE (FREE, IDLE,
     * TAKING or ~id of the reserving thread), STAMP (the GC epoch at which the cell was last filled),
     * REUSED; then the rarer counters.
     */
    private static final int STATE = 6;
    private static final int STAMP = 7;
    private static final int REUSED = 8;
    private static final int CREATED = 9;
    private static final int DROPPED_ON_FULL = 10;
    private static final int DROPPED_BY_RETAIN_IF = 11;
    private static final int RELEASED_BY_GC = 12;
    /** The counters, in the order {@link #stats()} sums them. */
    private static final int COUNTERS = 5;
    private static final long FREE = 0;
    private static final long IDLE = 1;
    private static final long TAKING = 2;
    /** Largest number of stripes accepted, so the slot array stays small and indexable. */
    static final int MAX_STRIPES = 1 << 16;
    /** Largest per-stripe bound accepted. */
    static final int MAX_IDLE_PER_STRIPE = 1 << 12;

    private static final VarHandle SLOTS = MethodHandles.arrayElementVarHandle(Object[].class);
    private static final VarHandle META = MethodHandles.arrayElementVarHandle(long[].class);

    private final Supplier<? extends T> factory;
    private final Consumer<? super T> reset;
    private final Predicate<? super T> retainIf;
    private final int mask;
    private final int maxIdle;
    /** stripes * maxIdle. */
    private final int cells;
    /** Per cell: its object and its last reserving thread; see the algorithm comment. */
    private final Object[] slots;
    private final int rowsPerStripe;
    /** Per cell (row): state, fill stamp and counters; see the algorithm comment. */
    private final long[] meta;
    private final boolean releaseIdleOnGc;

    private Pool(Builder<T> b) {
        this.factory = b.factory;
        this.reset = b.reset;
        this.retainIf = b.retainIf;
        int stripes = b.stripes;
        this.mask = stripes - 1;
        this.maxIdle = b.maxIdlePerStripe;
        this.cells = stripes * maxIdle;
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
        Thread self = Thread.currentThread();
        long id = self.threadId();
        int probe = Probe.mix(id);
        Object o = null;
        if (cells != 0) {
            int home = homeCell(probe);
            // Fast path, kept out of the loops: the home cell is idle (the thread put its object back there).
            if (stateOpaque(home) == IDLE && casState(home, IDLE, ~id)) {
                o = reserved(home, self);
            } else {
                int first = home - home % maxIdle;
                o = takeReserving(first, home - first, self, ~id);
                if (o == null) {
                    o = steal(first, home - first);
                }
            }
        }
        if (o == null) {
            return create(homeRow(probe));
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
        long id = Thread.currentThread().threadId();
        int probe = Probe.mix(id);
        if (!retainIf.test(obj)) {
            addCounter(homeRow(probe), DROPPED_BY_RETAIN_IF);
            return;
        }
        if (cells != 0) {
            int home = homeCell(probe);
            // Fast path: the home cell still holds this thread's reservation from its last get, and only
            // this thread may write it, so plain stores and a release store return the object (no CAS).
            if (stateOpaque(home) == ~id) {
                fill(home, obj);
                return;
            }
            int first = home - home % maxIdle;
            if (putScanning(obj, ~id, first, home - first)) {
                return;
            }
        }
        addCounter(homeRow(probe), DROPPED_ON_FULL);
    }

    /** Puts {@code obj} into a cell of the stripe from {@code first}, scanning from {@code start}. */
    private boolean putScanning(Object obj, long mine, int first, int start) {
        for (int k = 0, j = start; k < maxIdle; k++) {
            int c = first + j;
            long state = stateOpaque(c);
            if (state == mine
                    || (state == FREE || (state < 0 && ownerDead(c, state))) && casState(c, state, TAKING)) {
                fill(c, obj);
                return true;
            }
            if (++j == maxIdle) {
                j = 0;
            }
        }
        return false;
    }

    /** Fills cell {@code c}, which the caller owns (reserved or TAKING), and publishes it as IDLE. */
    private void fill(int c, Object obj) {
        int i = index(c);
        slots[i] = obj;
        if (releaseIdleOnGc) {
            meta[row(c) + STAMP] = GcTicker.epoch();
        }
        META.setRelease(meta, row(c) + STATE, IDLE);
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
        long[] sums = new long[REUSED + COUNTERS];
        for (int r = 0, rows = (mask + 1) * rowsPerStripe; r < rows; r++) {
            for (int c = REUSED; c < sums.length; c++) {
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

    /** Counts IDLE cells; may be stale by the operations in flight but never above the bound. */
    int idleCount() {
        int idle = 0;
        for (int c = 0; c < cells; c++) {
            if ((long) META.getAcquire(meta, row(c) + STATE) == IDLE) {
                idle++;
            }
        }
        return idle;
    }

    /**
     * Called by the GC ticker after a collection: drops every idle object whose cell was filled two or
     * more epochs ago, i.e. that stayed idle across a whole GC cycle (Go's victim cache, by stamps), and
     * frees the reservations of terminated threads.
     */
    void releaseIdle(int epoch) {
        for (int c = 0; c < cells; c++) {
            long state = (long) META.getAcquire(meta, row(c) + STATE);
            // Subtraction, not comparison, so that the int epoch may wrap around.
            boolean old = state == IDLE && epoch - (int) meta[row(c) + STAMP] >= 2;
            if ((old || state < 0 && ownerDead(c, state)) && casState(c, state, TAKING)) {
                slots[index(c)] = null;
                META.setRelease(meta, row(c) + STATE, FREE);
                if (old) {
                    addCounter(c, RELEASED_BY_GC);
                }
            }
        }
    }

    /**
     * Takes an idle object from the caller's own stripe (cells from {@code first}, scanned from
     * {@code start}), leaving the cell reserved for the caller (state {@code mine}), and frees the
     * caller's stale reservations it passes.
     */
    private Object takeReserving(int first, int start, Thread self, long mine) {
        for (int k = 0, j = start; k < maxIdle; k++) {
            int c = first + j;
            long state = stateOpaque(c);
            if (state == IDLE && casState(c, IDLE, mine)) {
                return reserved(c, self);
            }
            if (state == mine) {
                // Only this thread writes its reservation, and it is in no put now: it is stale.
                META.setRelease(meta, row(c) + STATE, FREE);
            }
            if (++j == maxIdle) {
                j = 0;
            }
        }
        return null;
    }

    /**
     * Completes a get that reserved cell {@code c}: counts the reuse, records the owner, and takes the
     * object out of the cell (a null store: no GC post-write barrier).
     */
    private Object reserved(int c, Thread self) {
        countReuse(c);
        int i = index(c);
        if (SLOTS.getOpaque(slots, i + OWNER) != self) {
            SLOTS.setOpaque(slots, i + OWNER, self);
        }
        Object o = slots[i];
        slots[i] = null;
        return o;
    }

    /** Takes an idle object from the stripe of cells from {@code first}, leaving its cell free (no reservation). */
    private Object takeFrom(int first, int start) {
        for (int k = 0, j = start; k < maxIdle; k++) {
            int c = first + j;
            if (stateOpaque(c) == IDLE && casState(c, IDLE, TAKING)) {
                countReuse(c);
                int i = index(c);
                Object o = slots[i];
                slots[i] = null;
                META.setRelease(meta, row(c) + STATE, FREE);
                return o;
            }
            if (++j == maxIdle) {
                j = 0;
            }
        }
        return null;
    }

    /** Takes an idle object from the other stripes than the one from cell {@code own}. */
    private Object steal(int own, int start) {
        for (int k = maxIdle; k < cells; k += maxIdle) {
            Object o = takeFrom((own + k) % cells, start);
            if (o != null) {
                return o;
            }
        }
        return null;
    }

    /** Whether reservation {@code state} of cell {@code c} belongs to a thread that has terminated. */
    private boolean ownerDead(int c, long state) {
        return SLOTS.getOpaque(slots, index(c) + OWNER) instanceof Thread t && t.threadId() == ~state && !t.isAlive();
    }

    /** Bumps cell {@code c}'s reuse counter; only the cell's owner (TAKING or reserved) calls it. */
    private void countReuse(int c) {
        int reused = row(c) + REUSED;
        META.setOpaque(meta, reused, (long) META.getOpaque(meta, reused) + 1L);
    }

    private T create(int home) {
        T t = factory.get();
        if (t == null) {
            throw new NullPointerException("factory " + factory + " returned null");
        }
        addCounter(home, CREATED);
        return t;
    }

    /** Array index in {@code slots} of cell {@code c}: cell 0 sits one cell in, behind a cell of padding. */
    private static int index(int c) {
        return (c + 1) * CELL;
    }

    /** Index in {@code meta} of row {@code r}, behind one row of padding; row c belongs to cell c. */
    private static int row(int r) {
        return (r + 1) * META_ROW;
    }

    /**
     * The thread's home cell: its probe scaled to [0, cells) by one multiply (Lemire's reduction), so
     * the high bits pick the stripe and the cell in it. Only when {@code cells > 0}.
     */
    private int homeCell(int probe) {
        return (int) (((probe & 0xFFFF_FFFFL) * cells) >>> 32);
    }

    /** The meta row where a thread with this probe counts: its home cell's, or its stripe's when no cells. */
    private int homeRow(int probe) {
        return cells != 0 ? homeCell(probe) : probe & mask;
    }

    private long stateOpaque(int c) {
        return (long) META.getOpaque(meta, row(c) + STATE);
    }

    private boolean casState(int c, long expect, long update) {
        return META.compareAndSet(meta, row(c) + STATE, expect, update);
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
