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
