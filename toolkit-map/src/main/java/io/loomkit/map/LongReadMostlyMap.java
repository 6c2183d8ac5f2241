package io.loomkit.map;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.LongFunction;

/**
 * A read-mostly concurrent map from primitive {@code long} keys to values: the {@link ReadMostlyMap}
 * design without boxing. {@code get(long)} is one acquire load of the current table and a probe of a
 * {@code long[]} and an {@code Object[]}, with no lock, no CAS and no allocation.
 *
 * <pre>{@code
 * LongReadMostlyMap<String> users = LongReadMostlyMap.create();
 * users.put(42L, "ada");
 * String name = users.get(42L);                       // lock-free, no boxing
 * users.computeIfAbsent(7L, id -> "user-" + id);      // function runs once, under the writers' lock
 * LongReadMostlyMap.Snapshot<String> frozen = users.snapshot();
 * }</pre>
 *
 * <p><b>Thread roles.</b> Any number of readers and writers. Readers never block and are never blocked;
 * writers serialize on one lock. The function of {@link #computeIfAbsent} runs under that lock, at most
 * once per call, and must not change this map (that throws {@link IllegalStateException}).
 *
 * <p><b>Memory consistency effects.</b> Actions in a thread before a write that stores a value
 * <i>happen-before</i> actions after a read (in another thread) that returns that value, or that observes
 * its effect through {@code size()} or a snapshot. Every operation is linearizable.
 *
 * @param <V> the value type
 */
public final class LongReadMostlyMap<V> {
    /*
     * Same algorithm and invariants as ReadMostlyMap (see there and Slots), with keys in a long[] beside
     * an Object[] of values: a writer stores keys[i] (plain) and then release-stores vals[i]; a reader
     * acquire-loads vals[i] and only then reads keys[i], so a non-null value always comes with its key.
     * vals[i] == null ends a probe; TOMBSTONE marks a removed entry whose slot is never reused within a
     * table. The Table holder is published by a release store of `table` that pairs with the readers'
     * acquire load; its arrays are final fields.
     */
    private static final VarHandle TABLE;
    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(Object[].class);
    private static final int DEFAULT_CAPACITY = 16;

    static {
        try {
            TABLE = MethodHandles.lookup().findVarHandle(LongReadMostlyMap.class, "table", Table.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private Table table;
    private final SizeSeqLock size = new SizeSeqLock();
    private final WriterLock writers = new WriterLock();

    // Writer-side state, guarded by `lock`.
    private int used;
    private boolean shared;
    private Snapshot<V> lastSnapshot;

    private LongReadMostlyMap() {
        this.table = new Table(Hashing.tableLengthFor(DEFAULT_CAPACITY));
    }

    /**
     * Creates an empty map.
     *
     * @param <V> the value type
     * @return a new empty map
     */
    public static <V> LongReadMostlyMap<V> create() {
        return new LongReadMostlyMap<>();
    }

    /**
     * Returns the value mapped to {@code key}, or null. Lock-free, allocation-free.
     *
     * @param key the key
     * @return the value, or null if absent
     */
    public V get(long key) {
        return ((Table) TABLE.getAcquire(this)).get(key);
    }

    /**
     * Returns whether {@code key} is mapped. Lock-free.
     *
     * @param key the key
     * @return true if present
     */
    public boolean containsKey(long key) {
        return get(key) != null;
    }

    /**
     * Returns the exact number of entries at one instant during the call. O(1), lock-free.
     *
     * @return the number of entries
     */
    public int size() {
        return size.size(writers);
    }

    /**
     * Returns whether the map is empty.
     *
     * @return true if {@link #size()} is zero
     */
    public boolean isEmpty() {
        return size() == 0;
    }

    /**
     * Maps {@code key} to {@code value}.
     *
     * @param key the key
     * @param value the non-null value
     * @return the previous value, or null
     */
    public V put(long key, V value) {
        return putValue(key, value, false);
    }

    /**
     * Maps {@code key} to {@code value} unless it is already mapped.
     *
     * @param key the key
     * @param value the non-null value
     * @return the present value (left unchanged), or null if {@code value} was stored
     */
    public V putIfAbsent(long key, V value) {
        return putValue(key, value, true);
    }

    private V putValue(long key, V value, boolean onlyIfAbsent) {
        Objects.requireNonNull(value, "value");
        lockForWrite();
        try {
            int i = table.find(key);
            if (i < 0) {
                insert(key, value);
                return null;
            }
            V old = table.valueAt(i);
            if (!onlyIfAbsent) {
                i = unsharedIndex(key, i);
                SLOT.setRelease(table.vals, i, value);
            }
            return old;
        } finally {
            writers.unlock();
        }
    }

    /**
     * Removes the mapping of {@code key}.
     *
     * @param key the key
     * @return the removed value, or null if absent
     */
    public V remove(long key) {
        lockForWrite();
        try {
            int i = table.find(key);
            if (i < 0) {
                return null;
            }
            V old = table.valueAt(i);
            removeAt(key, i);
            return old;
        } finally {
            writers.unlock();
        }
    }

    /**
     * Removes the mapping of {@code key} only if it maps to a value equal to {@code value}.
     *
     * @param key the key
     * @param value the expected value; null never matches
     * @return true if removed
     */
    public boolean remove(long key, Object value) {
        if (value == null) {
            return false;
        }
        lockForWrite();
        try {
            int i = table.find(key);
            if (i < 0 || !value.equals(table.vals[i])) {
                return false;
            }
            removeAt(key, i);
            return true;
        } finally {
            writers.unlock();
        }
    }

    /**
     * Returns the value of {@code key}; if absent, calls {@code mappingFunction} once under the writers'
     * lock and stores its non-null result. On a present key it takes no lock and does not call the
     * function.
     *
     * @param key the key
     * @param mappingFunction computes the value of an absent key; a null result stores nothing
     * @return the present or computed value, or null if the function returned null
     */
    public V computeIfAbsent(long key, LongFunction<? extends V> mappingFunction) {
        Objects.requireNonNull(mappingFunction, "mappingFunction");
        V present = get(key);
        if (present != null) {
            return present;
        }
        lockForWrite();
        try {
            int i = table.find(key);
            if (i >= 0) {
                return table.valueAt(i);
            }
            V value = writers.callFunction(() -> mappingFunction.apply(key));
            if (value != null) {
                insert(key, value);
            }
            return value;
        } finally {
            writers.unlock();
        }
    }

    /** Removes every entry at once: readers see the old table or the empty one. */
    public void clear() {
        lockForWrite();
        try {
            shared = false;
            used = 0;
            size.beginChange(0);
            TABLE.setRelease(this, new Table(Hashing.tableLengthFor(DEFAULT_CAPACITY)));
            size.endChange();
        } finally {
            writers.unlock();
        }
    }

    /**
     * Returns an immutable snapshot holding every entry at one point in time. O(1): the current table
     * is frozen and shared; the next write copies it once.
     *
     * @return the snapshot
     */
    public Snapshot<V> snapshot() {
        writers.lock();
        try {
            Snapshot<V> s = lastSnapshot;
            if (s == null) {
                shared = true;
                s = new Snapshot<>(table, size.sizePlain());
                lastSnapshot = s;
            }
            return s;
        } finally {
            writers.unlock();
        }
    }

    /** Returns the entries of a snapshot taken now, formatted like {@code {key=value, ...}}. */
    @Override
    public String toString() {
        return snapshot().toString();
    }

    private void lockForWrite() {
        writers.lockForWrite();
        lastSnapshot = null;
    }

    private void insert(long key, Object value) {
        int newSize = size.sizePlain() + 1;
        Table t = table;
        if (shared || used + 1 > t.vals.length / 2) {
            t = rebuild(Hashing.rebuildLengthFor(Math.max(newSize, DEFAULT_CAPACITY)));
        }
        int i = t.emptyFor(key);
        t.keys[i] = key;
        size.beginChange(newSize);
        SLOT.setRelease(t.vals, i, value);
        size.endChange();
        used++;
    }

    /** Writer: index {@code i} of {@code key}, moved into a fresh copy first if a snapshot shares the table. */
    private int unsharedIndex(long key, int i) {
        if (shared) {
            return rebuild(table.vals.length).find(key);
        }
        return i;
    }

    private void removeAt(long key, int i) {
        i = unsharedIndex(key, i);
        Table t = table;
        int newSize = size.sizePlain() - 1;
        size.beginChange(newSize);
        SLOT.setRelease(t.vals, i, Slots.TOMBSTONE);
        size.endChange();
        int minSlots = Hashing.tableLengthFor(DEFAULT_CAPACITY);
        if (t.vals.length > minSlots && newSize < t.vals.length / 16) {
            rebuild(Math.max(minSlots, Hashing.rebuildLengthFor(newSize)));
        }
    }

    private Table rebuild(int slots) {
        Table old = table;
        Table t = new Table(slots);
        int n = 0;
        for (int j = 0; j < old.vals.length; j++) {
            Object v = old.vals[j];
            if (Slots.isLive(v)) {
                int i = t.emptyFor(old.keys[j]);
                t.keys[i] = old.keys[j];
                t.vals[i] = v;
                n++;
            }
        }
        used = n;
        shared = false;
        TABLE.setRelease(this, t);
        return t;
    }

    /** One open-addressing table: keys and values at the same index; published whole. */
    private static final class Table {
        final long[] keys;
        final Object[] vals;

        Table(int slots) {
            keys = new long[slots];
            vals = new Object[slots];
        }

        /** Any thread that acquired this table: the live value of {@code key}, or null. */
        @SuppressWarnings("unchecked")
        <V> V get(long key) {
            long[] ks = keys;
            Object[] vs = vals;
            int mask = vs.length - 1;
            int i = Hashing.slotOf(key, vs.length);
            for (;;) {
                Object v = SLOT.getAcquire(vs, i);
                if (v == null) {
                    return null;
                }
                if (v != Slots.TOMBSTONE && ks[i] == key) {
                    return (V) v;
                }
                i = (i + 1) & mask;
            }
        }

        /** Writer or frozen table: index of {@code key}'s live entry, or the complement of its empty slot. */
        int find(long key) {
            int mask = vals.length - 1;
            int i = Hashing.slotOf(key, vals.length);
            for (;;) {
                Object v = vals[i];
                if (v == null) {
                    return ~i;
                }
                if (v != Slots.TOMBSTONE && keys[i] == key) {
                    return i;
                }
                i = (i + 1) & mask;
            }
        }

        /** Writer: the empty slot where {@code key}, known to be absent, goes. */
        int emptyFor(long key) {
            return ~find(key);
        }

        @SuppressWarnings("unchecked")
        <V> V valueAt(int i) {
            return (V) vals[i];
        }
    }

    /**
     * An immutable view of a {@link LongReadMostlyMap} at one point in time.
     *
     * <p><b>Memory consistency effects.</b> Everything that happened-before the writes it contains
     * happens-before any read of those entries through the snapshot; it is safe to share across threads.
     * Any number of threads may read it.
     *
     * @param <V> the value type
     */
    public static final class Snapshot<V> {
        private final Table table;
        private final int size;

        private Snapshot(Table table, int size) {
            this.table = table;
            this.size = size;
        }

        /**
         * Returns the value of {@code key} in this snapshot, or null.
         *
         * @param key the key
         * @return the value, or null if absent
         */
        public V get(long key) {
            return table.get(key);
        }

        /**
         * Returns whether {@code key} is mapped in this snapshot.
         *
         * @param key the key
         * @return true if present
         */
        public boolean containsKey(long key) {
            return table.get(key) != null;
        }

        /**
         * Returns the number of entries.
         *
         * @return the number of entries
         */
        public int size() {
            return size;
        }

        /**
         * Returns whether this snapshot is empty.
         *
         * @return true if it has no entries
         */
        public boolean isEmpty() {
            return size == 0;
        }

        /**
         * Returns a new array of the keys, in table order.
         *
         * @return the keys
         */
        public long[] keys() {
            long[] out = new long[size];
            int n = 0;
            for (int i = 0; i < table.vals.length; i++) {
                if (Slots.isLive(table.vals[i])) {
                    out[n++] = table.keys[i];
                }
            }
            return out;
        }

        /** Returns the entries formatted like {@code {key=value, ...}}. */
        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder("{");
            for (long k : keys()) {
                sb.append(sb.length() > 1 ? ", " : "").append(k).append('=').append(table.<V>get(k));
            }
            return sb.append('}').toString();
        }
    }
}
