package io.loomkit.map;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentMap;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * A concurrent map for data read far more often than written: configuration, registries, caches of
 * stable keys. A read is one acquire load of the current table and a short probe of one array (key and
 * value side by side, with a byte of tag per slot beside it), with no lock, no CAS and no allocation;
 * writes take a lock and cost more.
 *
 * <p>Compared with Go's {@code sync.Map}: typed, an exact {@link #size()}, atomic {@code compute*} and
 * {@code merge}, iteration over a consistent {@link #snapshot()}, and optional first-insertion order
 * ({@link Builder#insertionOrdered()}). Keys and values are non-null, as in {@code ConcurrentHashMap}.
 *
 * <pre>{@code
 * ReadMostlyMap<String, Integer> ports = ReadMostlyMap.create();
 * ports.put("http", 80);
 * ports.computeIfAbsent("https", k -> 443);   // no lock when the key is present
 * Map<String, Integer> frozen = ports.snapshot();
 * }</pre>
 *
 * <p><b>Thread roles.</b> Any number of readers and writers. Readers never block and are never blocked.
 * Writers (every method that changes the map) serialize on one lock; {@code compute*}, {@code merge} and
 * {@code computeIfAbsent} for an absent key run their function under that lock, exactly once per call,
 * so the function must be short and must not touch this map (that throws {@link IllegalStateException}).
 * {@link #size()} is lock-free and exact; {@link #snapshot()} takes the lock for O(1) time.
 *
 * <p><b>Memory consistency effects.</b> Actions in a thread before a write that stores a value
 * <i>happen-before</i> actions after a read (in another thread) that returns that value, or that observes
 * its effect through {@code size()} or a snapshot. Writes are linearizable: each takes effect at one
 * instant between its call and its return. Iterators, {@code forEach}, {@code equals}, {@code hashCode}
 * and {@code toString} work on a snapshot and see every entry from one point in time.
 *
 * <p><b>Costs.</b> {@code get}, {@code containsKey} and {@code computeIfAbsent} on a present key: O(1),
 * lock-free. Writes: amortized O(1); the table is rebuilt (grown, compacted or shrunk) after a constant
 * fraction of its capacity has changed, and the first write after a snapshot copies the table once.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public final class ReadMostlyMap<K, V> extends ReadMostlyMapPadAfter implements ConcurrentMap<K, V> {
    /*
     * Invariants (see Slots for the table layout and the per-slot publication protocol):
     * - `table` is written only under `lock`, by a release store, after the new array is completely
     *   filled; readers load it once with an acquire load, which pairs with that release store. The
     *   field lives in ReadMostlyMapTable, padded away from the writer-side fields below and the lock
     *   objects allocated after the map (false sharing measured in ADR 0034).
     * - Within one table, a slot's value goes null -> live -> (live ...) -> TOMBSTONE and never back, and
     *   keys never move, so a probe that reaches a null value has passed every live key of its chain.
     * - used (slots with a non-null value) <= 3/8 of the slots, so every probe finds a null and ends.
     * - Every table is indexed the way Slots.home reads from its length (low bits, or Fibonacci once
     *   `scrambled`); a table's mode never changes, and a reader that loaded it probes it consistently.
     * - A table handed to a snapshot (`shared`) is never written again: the next write copies it first.
     * - The size and the slot store that changes it are published together through SizeSeqLock.
     * Algorithm: a lock-protected writer and lock-free readers over an open-addressing table with per-slot
     * release stores (cf. ConcurrentHashMap's lock-free get, Click's NonBlockingHashMap's flat table);
     * see docs/adr/0030-map-write-path.md for why this beat an immutable table with a write delta.
     */
    private static final VarHandle TABLE;
    private static final int DEFAULT_CAPACITY = 16;
    /** A run of this many used slots switches a low-bit-indexed map to Fibonacci hashing (ADR 0035). */
    private static final int LONG_RUN = 16;
    /** Maximum load, tombstones included, in eighths: 3/8 (ADR 0035). */
    private static final int MAX_LOAD_EIGHTHS = 3;
    /** Load right after a rebuild, at most 1/4: at least slots/8 inserts until the next one. */
    private static final int REBUILT_LOAD_EIGHTHS = 2;

    static {
        try {
            TABLE = MethodHandles.lookup().findVarHandle(ReadMostlyMapTable.class, "table", Object[].class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final SizeSeqLock size = new SizeSeqLock();
    private final WriterLock writers = new WriterLock();
    private final int minSlots;
    private final boolean ordered;

    // Writer-side state, guarded by `lock`.
    private int used;
    /** Sum of the displacements (slots past home) of the `used` slots of `table`. */
    private long displacements;
    /** Sticky: the keys clustered under low-bit indexing, so every table from now on is scrambled. */
    private boolean scrambled;
    private int[] order;
    private int orderCount;
    private boolean shared;
    private FrozenMap<K, V> lastSnapshot;

    private ReadMostlyMap(int initialCapacity, boolean ordered) {
        this.minSlots = Hashing.tableLengthFor(initialCapacity, MAX_LOAD_EIGHTHS);
        this.ordered = ordered;
        this.table = Slots.newTable(minSlots, scrambled);
        this.order = ordered ? new int[Math.min(minSlots, DEFAULT_CAPACITY)] : null;
    }

    /**
     * Creates an empty map with the default initial capacity, iterated in no particular order.
     *
     * @param <K> the key type
     * @param <V> the value type
     * @return a new empty map
     */
    public static <K, V> ReadMostlyMap<K, V> create() {
        return new ReadMostlyMap<>(DEFAULT_CAPACITY, false);
    }

    /**
     * Returns a builder for a map with a chosen initial capacity or first-insertion iteration order.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    // ---------------------------------------------------------------- reads (lock-free)

    private Object[] tableAcquire() {
        return (Object[]) TABLE.getAcquire(this);
    }

    @Override
    @SuppressWarnings("unchecked")
    public V get(Object key) {
        return (V) Slots.get(tableAcquire(), Objects.requireNonNull(key, "key"));
    }

    @Override
    public V getOrDefault(Object key, V defaultValue) {
        V v = get(key);
        return v != null ? v : defaultValue;
    }

    @Override
    public boolean containsKey(Object key) {
        return get(key) != null;
    }

    @Override
    public boolean containsValue(Object value) {
        Objects.requireNonNull(value, "value");
        return snapshot().containsValue(value);
    }

    /** Exact and O(1): the number of entries at one instant during the call. Lock-free. */
    @Override
    public int size() {
        return size.size(writers);
    }

    @Override
    public boolean isEmpty() {
        return size() == 0;
    }

    /**
     * Returns an immutable map holding every entry of this map at one point in time, in this map's
     * iteration order. Taking it is O(1): the current table is frozen and shared, and the next write to
     * this map copies it once. Later writes never show through the snapshot.
     *
     * @return an immutable, consistent snapshot
     */
    public Map<K, V> snapshot() {
        writers.lock();
        try {
            FrozenMap<K, V> s = lastSnapshot;
            if (s == null) {
                shared = true;
                s = new FrozenMap<>(table, size.sizePlain(), order, orderCount);
                lastSnapshot = s;
            }
            return s;
        } finally {
            writers.unlock();
        }
    }

    @Override
    public void forEach(BiConsumer<? super K, ? super V> action) {
        Objects.requireNonNull(action, "action");
        snapshot().forEach(action);
    }

    /** The keys, backed by this map; iteration is over a snapshot, removal writes through. */
    @Override
    public Set<K> keySet() {
        return new ReadMostlyViews.Keys<>(this);
    }

    /** The values, backed by this map; iteration is over a snapshot, removal writes through. */
    @Override
    public Collection<V> values() {
        return new ReadMostlyViews.Values<>(this);
    }

    /** The entries, backed by this map; iteration is over a snapshot, removal and setValue write through. */
    @Override
    public Set<Map.Entry<K, V>> entrySet() {
        return new ReadMostlyViews.Entries<>(this);
    }

    @Override
    public boolean equals(Object o) {
        // Only a Map can be equal: anything else is answered without the writers' lock.
        return o == this || (o instanceof Map<?, ?> && snapshot().equals(o));
    }

    @Override
    public int hashCode() {
        return snapshot().hashCode();
    }

    @Override
    public String toString() {
        return snapshot().toString();
    }

    // ---------------------------------------------------------------- writes (under the lock)

    /*
     * Every key-level write (put, putIfAbsent, replace, remove, compute and the methods built on it)
     * goes through write(): one lock, one probe, and one place that inserts, replaces or removes. It is
     * also kept out of its callers' compiled code on purpose (ADR 0041). When the JIT inlined the write
     * path into a caller that reads in a loop and writes now and then, it added about 3 KB of machine
     * code to that caller, which then became too big to be inlined into its own caller (C2's
     * InlineSmallCode): 99% reads / 1% writes ran 0.86x ConcurrentHashMap, whose putVal is too big to
     * inline, while pure reads ran 1.06x. write() is more than 325 bytes of bytecode (C2's
     * FreqInlineSize), so compilers call it instead; a call costs a write about a nanosecond of the
     * tens it takes. ReadMostlyMapTest.writePathIsTooBigToInline guards that size.
     */

    /** {@link #write} mode: map the key to the value, inserting it if absent. */
    private static final int PUT = 0;
    /** {@link #write} mode: insert the key with the value only if it is absent. */
    private static final int PUT_IF_ABSENT = 1;
    /**
     * {@link #write} mode: only if the key is present and its value equals {@code expected} (any value
     * when that is null), map it to the value, or remove it when the value is null.
     */
    private static final int REPLACE = 2;
    /** {@link #write} mode: map the key to the function's result, or remove it when that is null. */
    private static final int COMPUTE = 3;

    @Override
    public V put(K key, V value) {
        return write(Objects.requireNonNull(key, "key"), PUT, null, Objects.requireNonNull(value, "value"), null);
    }

    @Override
    public V putIfAbsent(K key, V value) {
        return write(Objects.requireNonNull(key, "key"), PUT_IF_ABSENT, null, Objects.requireNonNull(value, "value"), null);
    }

    @Override
    public void putAll(Map<? extends K, ? extends V> m) {
        for (Map.Entry<? extends K, ? extends V> e : m.entrySet()) {
            put(e.getKey(), e.getValue());
        }
    }

    @Override
    public V remove(Object key) {
        return write(key, REPLACE, null, null, null);
    }

    @Override
    public boolean remove(Object key, Object value) {
        Objects.requireNonNull(key, "key");
        return value != null && write(key, REPLACE, value, null, null) != null;
    }

    @Override
    public V replace(K key, V value) {
        return write(Objects.requireNonNull(key, "key"), REPLACE, null, Objects.requireNonNull(value, "value"), null);
    }

    @Override
    public boolean replace(K key, V oldValue, V newValue) {
        Objects.requireNonNull(oldValue, "oldValue");
        Objects.requireNonNull(newValue, "newValue");
        return write(key, REPLACE, oldValue, newValue, null) != null;
    }

    /**
     * If {@code key} is present, returns its value without locking and without calling the function.
     * Otherwise, under the writers' lock, calls the function at most once and maps the key to its
     * non-null result.
     */
    @Override
    public V computeIfAbsent(K key, Function<? super K, ? extends V> mappingFunction) {
        Objects.requireNonNull(mappingFunction, "mappingFunction");
        V present = get(key);
        if (present != null) {
            return present;
        }
        return compute(key, (k, old) -> old != null ? old : mappingFunction.apply(k));
    }

    /** Atomic: the function runs under the writers' lock, at most once, only if the key is present. */
    @Override
    public V computeIfPresent(K key, BiFunction<? super K, ? super V, ? extends V> remappingFunction) {
        Objects.requireNonNull(remappingFunction, "remappingFunction");
        return compute(key, (k, old) -> old == null ? null : remappingFunction.apply(k, old));
    }

    /** Atomic: the function runs under the writers' lock exactly once; a null result removes the key. */
    @Override
    public V compute(K key, BiFunction<? super K, ? super V, ? extends V> remappingFunction) {
        return write(Objects.requireNonNull(key, "key"), COMPUTE, null, null,
                Objects.requireNonNull(remappingFunction, "remappingFunction"));
    }

    /** Atomic: the function runs under the writers' lock, at most once, only if the key is present. */
    @Override
    public V merge(K key, V value, BiFunction<? super V, ? super V, ? extends V> remappingFunction) {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(remappingFunction, "remappingFunction");
        return compute(key, (k, old) -> old == null ? value : remappingFunction.apply(old, value));
    }

    /**
     * The one key-level write, under the writers' lock: finds {@code key}, decides what it maps to next
     * by {@code mode} ({@link #PUT}, {@link #PUT_IF_ABSENT}, {@link #REPLACE}, {@link #COMPUTE}), and
     * inserts, replaces or removes it. Returns the previous value for PUT and PUT_IF_ABSENT, the previous
     * value if it matched for REPLACE (else null), and the new value for COMPUTE.
     */
    @SuppressWarnings("unchecked")
    private V write(Object key, int mode, Object expected, Object value,
            BiFunction<? super K, ? super V, ? extends V> function) {
        Objects.requireNonNull(key, "key");
        int h = key.hashCode();
        lockForWrite();
        try {
            int i = Slots.find(table, key, h);
            V old = i < 0 ? null : (V) table[i + 1];
            Object next; // what the key maps to after this write; null: nothing
            V result;
            boolean stores; // a put or replace stores even an identical value: it still publishes
            if (mode == PUT) {
                next = value;
                result = old;
                stores = true;
            } else if (mode == PUT_IF_ABSENT) {
                next = old != null ? old : value;
                result = old;
                stores = old == null;
            } else if (mode == REPLACE) {
                stores = old != null && (expected == null || expected.equals(old));
                next = stores ? value : old;
                result = stores ? old : null;
            } else {
                next = writers.callFunction(() -> function.apply((K) key, old));
                result = (V) next;
                stores = next != old;
            }
            if (!stores) {
                return result; // nothing stored, no copy of a shared table
            }
            if (old == null) {
                insert(key, next, h); // copies a shared table itself, sized for the growth
                return result;
            }
            if (shared) {
                unshare(); // the first write after a snapshot copies the table
                i = Slots.find(table, key, h);
            }
            Object[] t = table;
            if (next == null) {
                int newSize = size.sizePlain() - 1;
                size.beginChange(newSize);
                Slots.setValueRelease(t, i, Slots.TOMBSTONE);
                size.endChange();
                // Drop the key reference now; a racing reader that loads null just sees "no match".
                t[i] = null;
                int slots = Slots.slotCount(t);
                if (slots > minSlots && newSize < slots / 16) {
                    rebuild(Math.max(minSlots, Hashing.tableLengthFor(newSize, REBUILT_LOAD_EIGHTHS)));
                }
            } else {
                Slots.setValueRelease(t, i, next);
            }
            return result;
        } finally {
            writers.unlock();
        }
    }

    /** Atomic as a whole: readers see each key's old or new value; the function runs under the lock. */
    @Override
    @SuppressWarnings("unchecked")
    public void replaceAll(BiFunction<? super K, ? super V, ? extends V> function) {
        Objects.requireNonNull(function, "function");
        lockForWrite();
        try {
            unshare();
            Object[] t = table;
            for (int i = 0; i < Slots.end(t); i += 2) {
                Object old = t[i + 1];
                if (Slots.isLive(old)) {
                    K key = (K) t[i];
                    V value = writers.callFunction(() -> function.apply(key, (V) old));
                    Slots.setValueRelease(t, i, Objects.requireNonNull(value, "value"));
                }
            }
        } finally {
            writers.unlock();
        }
    }

    /** Removes every entry at once: readers see the old table or the empty one. */
    @Override
    public void clear() {
        lockForWrite();
        try {
            lastSnapshot = null;
            shared = false;
            used = 0;
            displacements = 0;
            orderCount = 0;
            order = ordered ? new int[Math.min(minSlots, DEFAULT_CAPACITY)] : null;
            size.beginChange(0);
            TABLE.setRelease(this, Slots.newTable(minSlots, scrambled));
            size.endChange();
        } finally {
            writers.unlock();
        }
    }

    // ---------------------------------------------------------------- write-side mechanics

    /** For tests: the number of slots of the current table. */
    int slotCount() {
        return Slots.slotCount(tableAcquire());
    }

    private void lockForWrite() {
        writers.lockForWrite();
        if (lastSnapshot != null) {
            // Conditional: an unconditional store would dirty this object's cache line on every write.
            lastSnapshot = null;
        }
    }

    /** Inserts an absent key, growing or compacting first if the table is full or shared. */
    private void insert(Object key, Object value, int h) {
        int newSize = size.sizePlain() + 1;
        if (shared || (used + 1) > maxUsed(table)) {
            rebuild(Math.max(minSlots, Hashing.tableLengthFor(newSize, REBUILT_LOAD_EIGHTHS)));
        }
        Object[] t = table;
        int i = Slots.emptyFor(t, h);
        Slots.setKey(t, i, key, h);
        size.beginChange(newSize);
        Slots.setValueRelease(t, i, value);
        size.endChange();
        used++;
        displacements += Slots.displacement(t, i, h);
        if (ordered) {
            if (orderCount == order.length) {
                order = Arrays.copyOf(order, 2 * order.length);
            }
            order[orderCount++] = i;
        }
        if (clustered(used, displacements) || longRun(t, i)) {
            scrambled = true;
            rebuild(Slots.slotCount(t));
        }
    }

    /**
     * True if a low-bit-indexed table's keys sit on average more than one slot past home (random hash
     * codes average at most 0.3 at load 3/8): their hash codes share low bits (multiples of a power of
     * two), and Fibonacci hashing spreads them. The slack of 64 ignores small tables.
     */
    private boolean clustered(int slotsUsed, long displaced) {
        return !scrambled && displaced > slotsUsed + 64L;
    }

    /**
     * True if a low-bit-indexed table has a run of {@value #LONG_RUN} used slots through key cell
     * {@code i}: a miss landing in a run walks to its end, and low bits put consecutive keys in one
     * run. Random hash codes make such runs too at large sizes; scrambling costs them nothing.
     */
    private boolean longRun(Object[] t, int i) {
        return !scrambled && Slots.runThrough(t, i, LONG_RUN) >= LONG_RUN;
    }

    private void unshare() {
        if (shared) {
            rebuild(Slots.slotCount(table));
        }
    }

    /** Load factor at most 3/8, counting tombstones: short probes, and every probe meets a null. */
    private static int maxUsed(Object[] t) {
        return (int) ((long) Slots.slotCount(t) * MAX_LOAD_EIGHTHS / 8);
    }

    /** Copies the live entries, in iteration order, into a fresh table of {@code slots} slots. */
    private void rebuild(int slots) {
        if (!copyLive(slots) && !scrambled) {
            scrambled = true;
            copyLive(slots);
        }
    }

    /** Rebuilds into a table of {@code slots} slots; false (and nothing published) if it clustered. */
    private boolean copyLive(int slots) {
        Object[] old = table;
        Object[] t = Slots.newTable(slots, scrambled);
        long displaced = 0;
        int live = size.sizePlain();
        int[] newOrder = ordered ? new int[Math.max(live, Math.min(slots, DEFAULT_CAPACITY))] : null;
        int n = 0;
        int end = ordered ? orderCount : Slots.slotCount(old);
        for (int j = 0; j < end; j++) {
            int cell = ordered ? order[j] : j << 1;
            Object v = old[cell + 1];
            if (Slots.isLive(v)) {
                Object k = old[cell];
                // Recomputed rather than stored (ADR 0038: a byte of tag per slot instead of an int of
                // hash): amortized over at least slots/8 inserts, and String caches its own.
                int h = k.hashCode();
                int i = Slots.emptyFor(t, h);
                Slots.setKey(t, i, k, h);
                t[i + 1] = v;
                displaced += Slots.displacement(t, i, h);
                if (longRun(t, i)) {
                    return false;
                }
                if (ordered) {
                    newOrder[n] = i;
                }
                n++;
            }
        }
        if (clustered(n, displaced)) {
            return false;
        }
        used = n;
        displacements = displaced;
        order = newOrder;
        orderCount = ordered ? n : 0;
        shared = false;
        TABLE.setRelease(this, t);
        return true;
    }

    /**
     * Configures a {@link ReadMostlyMap}.
     *
     * <p><b>Memory consistency effects.</b> None: a builder is for one thread; the map it builds is safe
     * to publish like any {@code final}-field object.
     */
    public static final class Builder {
        private int initialCapacity = DEFAULT_CAPACITY;
        private boolean insertionOrdered;

        private Builder() {}

        /**
         * Sizes the first table for {@code entries} entries, so filling it causes no rebuild; the table
         * never shrinks below this size.
         *
         * @param entries the expected number of entries, {@code 0 <= entries <= 2^29}
         * @return this builder
         * @throws IllegalArgumentException if {@code entries} is out of range
         */
        public Builder initialCapacity(int entries) {
            if (entries < 0 || entries > Hashing.MAX_TABLE_LENGTH / 2) {
                throw new IllegalArgumentException("initialCapacity must be in [0, "
                        + Hashing.MAX_TABLE_LENGTH / 2 + "]: " + entries);
            }
            this.initialCapacity = entries;
            return this;
        }

        /**
         * Makes iteration (and snapshots) follow first-insertion order, as {@code LinkedHashMap} does:
         * replacing a value keeps a key's place, removing and re-adding it moves it to the end.
         *
         * @return this builder
         */
        public Builder insertionOrdered() {
            this.insertionOrdered = true;
            return this;
        }

        /**
         * Builds an empty map.
         *
         * @param <K> the key type
         * @param <V> the value type
         * @return a new empty map
         */
        public <K, V> ReadMostlyMap<K, V> build() {
            return new ReadMostlyMap<>(initialCapacity, insertionOrdered);
        }
    }
}
