package io.loomkit.jmh.map;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.AbstractMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * A benchmark rival: a Java port of the design of Go's sync.Map before Go 1.24 (go/src/sync/map.go):
 * an immutable read map behind an atomic pointer, a dirty map under a mutex holding every key, entries
 * that are pointers to values (nil = deleted, expunged = deleted and absent from dirty), and promotion of
 * dirty to read after as many read misses as dirty has entries. Written from the published algorithm,
 * not from its code; only the operations the benchmarks use (Load, Store/Swap, LoadOrStore, Delete).
 */
final class GoSyncMap<K, V> extends AbstractMap<K, V> {
    private static final Object EXPUNGED = new Object();
    private static final VarHandle READ;
    private static final VarHandle P;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            READ = l.findVarHandle(GoSyncMap.class, "read", ReadOnly.class);
            P = l.findVarHandle(Entry.class, "p", Object.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Go's readOnly: an immutable map plus "dirty holds keys that m lacks". */
    private record ReadOnly<K>(Map<K, Entry> m, boolean amended) {}

    /** Go's entry: an atomic pointer to the value. */
    private static final class Entry {
        @SuppressWarnings("unused") // accessed through P
        private Object p;

        Entry(Object value) {
            this.p = value;
        }

        Object load() {
            Object v = P.getAcquire(this);
            return v == null || v == EXPUNGED ? null : v;
        }

        /** Swaps unless expunged (then the key must go through the dirty map). */
        boolean trySwap(Object value) {
            for (;;) {
                Object v = P.getAcquire(this);
                if (v == EXPUNGED) {
                    return false;
                }
                if (P.compareAndSet(this, v, value)) {
                    return true;
                }
            }
        }

        boolean unexpungeLocked() {
            return P.compareAndSet(this, EXPUNGED, null);
        }

        boolean tryExpungeLocked() {
            Object v = P.getAcquire(this);
            while (v == null) {
                if (P.compareAndSet(this, null, EXPUNGED)) {
                    return true;
                }
                v = P.getAcquire(this);
            }
            return v == EXPUNGED;
        }

        Object delete() {
            for (;;) {
                Object v = P.getAcquire(this);
                if (v == null || v == EXPUNGED) {
                    return null;
                }
                if (P.compareAndSet(this, v, null)) {
                    return v;
                }
            }
        }
    }

    @SuppressWarnings("unused") // accessed through READ
    private volatile ReadOnly<K> read = new ReadOnly<>(new HashMap<>(), false);
    private final ReentrantLock mu = new ReentrantLock();
    private HashMap<K, Entry> dirty;
    private int misses;

    @SuppressWarnings("unchecked")
    private ReadOnly<K> loadRead() {
        return (ReadOnly<K>) READ.getAcquire(this);
    }

    @Override
    @SuppressWarnings("unchecked")
    public V get(Object key) {
        Entry e = entryFor(key, false);
        return e == null ? null : (V) e.load();
    }

    /**
     * The lookup shared by Load and LoadAndDelete: the read map first, then (if it is amended) the
     * dirty map under the mutex, counting a miss; {@code andDelete} also drops the key from dirty.
     */
    private Entry entryFor(Object key, boolean andDelete) {
        ReadOnly<K> ro = loadRead();
        Entry e = ro.m().get(key);
        if (e == null && ro.amended()) {
            mu.lock();
            try {
                ro = loadRead();
                e = ro.m().get(key);
                if (e == null && ro.amended()) {
                    e = andDelete ? dirty.remove(key) : dirty.get(key);
                    missLocked();
                }
            } finally {
                mu.unlock();
            }
        }
        return e;
    }

    /** Go's Store (a Swap whose previous value is not reported). */
    @Override
    public V put(K key, V value) {
        Entry e = loadRead().m().get(key);
        if (e != null && e.trySwap(value)) {
            return null;
        }
        mu.lock();
        try {
            ReadOnly<K> ro = loadRead();
            e = ro.m().get(key);
            if (e != null) {
                if (e.unexpungeLocked()) {
                    dirty.put(key, e);
                }
                P.setRelease(e, value);
            } else if ((e = dirty == null ? null : dirty.get(key)) != null) {
                P.setRelease(e, value);
            } else {
                if (!ro.amended()) {
                    dirtyLocked();
                    READ.setRelease(this, new ReadOnly<>(ro.m(), true));
                }
                dirty.put(key, new Entry(value));
            }
        } finally {
            mu.unlock();
        }
        return null;
    }

    /** Go's LoadOrStore with the value computed only when absent (under the mutex, as sync.Map users do). */
    @Override
    public V computeIfAbsent(K key, Function<? super K, ? extends V> f) {
        V v = get(key);
        if (v != null) {
            return v;
        }
        mu.lock();
        try {
            v = get(key);
            if (v == null) {
                v = f.apply(key);
                put(key, v);
            }
            return v;
        } finally {
            mu.unlock();
        }
    }

    /** Go's LoadAndDelete. */
    @Override
    @SuppressWarnings("unchecked")
    public V remove(Object key) {
        Entry e = entryFor(key, true);
        return e == null ? null : (V) e.delete();
    }

    private void missLocked() {
        misses++;
        if (misses < dirty.size()) {
            return;
        }
        READ.setRelease(this, new ReadOnly<>(dirty, false));
        dirty = null;
        misses = 0;
    }

    private void dirtyLocked() {
        if (dirty != null) {
            return;
        }
        Map<K, Entry> m = loadRead().m();
        dirty = new HashMap<>(m.size() * 2);
        for (Map.Entry<K, Entry> kv : m.entrySet()) {
            if (!kv.getValue().tryExpungeLocked()) {
                dirty.put(kv.getKey(), kv.getValue());
            }
        }
    }

    /** Not needed by the benchmarks (sync.Map has no length either). */
    @Override
    public Set<Map.Entry<K, V>> entrySet() {
        throw new UnsupportedOperationException("GoSyncMap is a benchmark rival: Range is not ported");
    }
}
