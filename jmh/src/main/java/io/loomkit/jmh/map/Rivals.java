package io.loomkit.jmh.map;

import com.google.common.collect.ImmutableMap;
import io.loomkit.map.ReadMostlyMap;
import java.util.AbstractMap;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;
import org.jctools.maps.NonBlockingHashMap;

/** The maps the benchmarks compare, built by name so JMH can take them as a @Param. */
final class Rivals {
    private Rivals() {}

    static Map<Integer, Integer> create(String name, int size) {
        return switch (name) {
            case "ReadMostlyMap" -> ReadMostlyMap.builder().initialCapacity(size).build();
            case "ConcurrentHashMap" -> new ConcurrentHashMap<>(size);
            case "NonBlockingHashMap" -> new NonBlockingHashMap<>(size);
            case "ImmutableMapCow" -> new CopyOnWriteImmutableMap<>();
            case "GoSyncMap" -> new GoSyncMap<>();
            case "SynchronizedHashMap" -> Collections.synchronizedMap(new HashMap<>(size * 2));
            case "RwLockHashMap" -> new RwLockMap<>(size);
            case "OneLoadFloor" -> new OneLoadFloor(size, 3);
            case "OneLoadFloorDense" -> new OneLoadFloor(size, 6);
            default -> throw new IllegalArgumentException("unknown map: " + name);
        };
    }

    /** Fills {@code map} with keys[i] -> i; the copy-on-write rival is bulk-loaded (one copy, not n). */
    static void fill(Map<Integer, Integer> map, Integer[] keys) {
        if (map instanceof CopyOnWriteImmutableMap<Integer, Integer> cow) {
            ImmutableMap.Builder<Integer, Integer> b = ImmutableMap.builderWithExpectedSize(keys.length);
            for (int i = 0; i < keys.length; i++) {
                b.put(keys[i], i);
            }
            cow.map = b.buildOrThrow();
            return;
        }
        for (int i = 0; i < keys.length; i++) {
            map.put(keys[i], i);
        }
    }

    /** Guava ImmutableMap behind a volatile: reads are free, every write copies the whole map. */
    static final class CopyOnWriteImmutableMap<K, V> extends AbstractMap<K, V> {
        volatile ImmutableMap<K, V> map = ImmutableMap.of();
        private final ReentrantLock lock = new ReentrantLock();

        @Override
        public V get(Object key) {
            return map.get(key);
        }

        @Override
        public V put(K key, V value) {
            lock.lock();
            try {
                ImmutableMap<K, V> old = map;
                map = ImmutableMap.<K, V>builderWithExpectedSize(old.size() + 1)
                        .putAll(old).put(key, value).buildKeepingLast();
                return old.get(key);
            } finally {
                lock.unlock();
            }
        }

        @Override
        public V computeIfAbsent(K key, Function<? super K, ? extends V> f) {
            V v = map.get(key);
            if (v != null) {
                return v;
            }
            lock.lock();
            try {
                v = map.get(key);
                if (v == null) {
                    v = f.apply(key);
                    put(key, v);
                }
                return v;
            } finally {
                lock.unlock();
            }
        }

        @Override
        public Set<Map.Entry<K, V>> entrySet() {
            return map.entrySet();
        }
    }

    /**
     * Not a map: the cost floor of a lookup that reads the key's hash code and then one table line.
     * {@code get} returns the value cell of the key's home slot (low bits of the spread hash code, as
     * ReadMostlyMap indexes keys that do not cluster) in a table of key/value cell pairs, without
     * comparing keys or probing, so it answers wrongly on a collision. {@code OneLoadFloor} sizes the
     * table as ReadMostlyMap does (at most 3/8 full), {@code OneLoadFloorDense} with as many slots as
     * ConcurrentHashMap has bins (at most 3/4 full). A map that reads the key object and one line of a
     * table that size cannot be faster (ADR 0041). Only {@code get} and {@code put} work.
     */
    static final class OneLoadFloor extends AbstractMap<Integer, Integer> {
        private final Object[] cells;
        private final int mask;

        /** A table at most {@code eighths}/8 full: 3 as ReadMostlyMap, 6 as ConcurrentHashMap's bins. */
        OneLoadFloor(int size, int eighths) {
            int slots = Integer.highestOneBit(Math.max(2, (8 * size + eighths - 1) / eighths) - 1) << 1;
            cells = new Object[2 * slots];
            mask = slots - 1;
        }

        private int valueCell(Object key) {
            int h = key.hashCode();
            return (((h ^ h >>> 16) & mask) << 1) + 1;
        }

        @Override
        public Integer get(Object key) {
            return (Integer) cells[valueCell(key)];
        }

        @Override
        public Integer put(Integer key, Integer value) {
            int i = valueCell(key);
            Integer old = (Integer) cells[i];
            cells[i] = value;
            return old;
        }

        @Override
        public Set<Entry<Integer, Integer>> entrySet() {
            throw new UnsupportedOperationException("OneLoadFloor is a cost floor, not a map");
        }
    }

    /** HashMap under a ReentrantReadWriteLock: readers share the lock but still write its counter. */
    static final class RwLockMap<K, V> extends AbstractMap<K, V> {
        private final HashMap<K, V> map;
        private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();

        RwLockMap(int size) {
            map = new HashMap<>(size * 2);
        }

        @Override
        public V get(Object key) {
            lock.readLock().lock();
            try {
                return map.get(key);
            } finally {
                lock.readLock().unlock();
            }
        }

        @Override
        public V put(K key, V value) {
            lock.writeLock().lock();
            try {
                return map.put(key, value);
            } finally {
                lock.writeLock().unlock();
            }
        }

        @Override
        public V computeIfAbsent(K key, Function<? super K, ? extends V> f) {
            V v = get(key);
            if (v != null) {
                return v;
            }
            lock.writeLock().lock();
            try {
                return map.computeIfAbsent(key, f);
            } finally {
                lock.writeLock().unlock();
            }
        }

        @Override
        public Set<Map.Entry<K, V>> entrySet() {
            throw new UnsupportedOperationException("not needed by the benchmarks");
        }
    }
}
