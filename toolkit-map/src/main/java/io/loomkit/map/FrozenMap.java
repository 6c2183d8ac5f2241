package io.loomkit.map;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * An immutable view of one frozen table of a {@link ReadMostlyMap}: every entry from one point in time.
 *
 * <p>The table was frozen under the writers' lock and is never written again (a writer copies it first),
 * so plain loads suffice here; the lock's release/acquire publishes it to the thread that took the
 * snapshot, and {@code final} fields publish it to any other.
 */
final class FrozenMap<K, V> extends AbstractMap<K, V> {
    private final Object[] table;
    private final int size;
    /** Key-cell indices in first-insertion order, or null to iterate in slot order. */
    private final int[] order;
    private final int orderCount;
    private Set<Map.Entry<K, V>> entries;

    FrozenMap(Object[] table, int size, int[] order, int orderCount) {
        this.table = table;
        this.size = size;
        this.order = order;
        this.orderCount = orderCount;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public boolean isEmpty() {
        return size == 0;
    }

    @Override
    @SuppressWarnings("unchecked")
    public V get(Object key) {
        return (V) Slots.get(table, Objects.requireNonNull(key, "key"));
    }

    @Override
    public boolean containsKey(Object key) {
        return get(key) != null;
    }

    @Override
    public Set<Map.Entry<K, V>> entrySet() {
        Set<Map.Entry<K, V>> e = entries;
        if (e == null) {
            e = new AbstractSet<>() {
                @Override
                public Iterator<Map.Entry<K, V>> iterator() {
                    return new EntryIterator<>(FrozenMap.this);
                }

                @Override
                public int size() {
                    return size;
                }
            };
            entries = e;
        }
        return e;
    }

    @Override
    public V put(K key, V value) {
        throw immutable();
    }

    @Override
    public V remove(Object key) {
        throw immutable();
    }

    @Override
    public void putAll(Map<? extends K, ? extends V> m) {
        throw immutable();
    }

    @Override
    public void clear() {
        throw immutable();
    }

    @Override
    public V putIfAbsent(K key, V value) {
        throw immutable();
    }

    @Override
    public boolean remove(Object key, Object value) {
        throw immutable();
    }

    @Override
    public boolean replace(K key, V oldValue, V newValue) {
        throw immutable();
    }

    @Override
    public V replace(K key, V value) {
        throw immutable();
    }

    @Override
    public V computeIfAbsent(K key, Function<? super K, ? extends V> mappingFunction) {
        throw immutable();
    }

    @Override
    public V computeIfPresent(K key, BiFunction<? super K, ? super V, ? extends V> remappingFunction) {
        throw immutable();
    }

    @Override
    public V compute(K key, BiFunction<? super K, ? super V, ? extends V> remappingFunction) {
        throw immutable();
    }

    @Override
    public V merge(K key, V value, BiFunction<? super V, ? super V, ? extends V> remappingFunction) {
        throw immutable();
    }

    @Override
    public void replaceAll(BiFunction<? super K, ? super V, ? extends V> function) {
        throw immutable();
    }

    private static UnsupportedOperationException immutable() {
        return new UnsupportedOperationException("a ReadMostlyMap snapshot is immutable");
    }

    /** Iterates the live entries of a frozen table, in insertion order when it has one. */
    static final class EntryIterator<K, V> implements Iterator<Map.Entry<K, V>> {
        private final FrozenMap<K, V> map;
        private int cursor;
        private int nextCell = -1;

        EntryIterator(FrozenMap<K, V> map) {
            this.map = map;
        }

        @Override
        public boolean hasNext() {
            if (nextCell >= 0) {
                return true;
            }
            Object[] t = map.table;
            int[] order = map.order;
            int end = order == null ? Slots.slotCount(t) : map.orderCount;
            while (cursor < end) {
                int cell = order == null ? cursor << 1 : order[cursor];
                cursor++;
                if (Slots.isLive(t[cell + 1])) {
                    nextCell = cell;
                    return true;
                }
            }
            return false;
        }

        @Override
        @SuppressWarnings("unchecked")
        public Map.Entry<K, V> next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            int cell = nextCell;
            nextCell = -1;
            return new AbstractMap.SimpleImmutableEntry<>((K) map.table[cell], (V) map.table[cell + 1]);
        }
    }
}
