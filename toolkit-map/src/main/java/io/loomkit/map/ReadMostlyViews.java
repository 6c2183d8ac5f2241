package io.loomkit.map;

import java.util.AbstractCollection;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * The collection views of a {@link ReadMostlyMap}: queries and removals go to the map, iteration walks a
 * snapshot taken when the iterator is created (so it never throws ConcurrentModificationException and
 * sees one point in time), and {@code Iterator.remove} / {@code Entry.setValue} write through.
 */
final class ReadMostlyViews {
    private ReadMostlyViews() {}

    /** Iterates a snapshot; {@code remove()} removes the last key from the map, as ConcurrentHashMap's does. */
    private static final class SnapshotIterator<K, V> implements Iterator<Map.Entry<K, V>> {
        private final ReadMostlyMap<K, V> map;
        private final Iterator<Map.Entry<K, V>> frozen;
        private K last;

        SnapshotIterator(ReadMostlyMap<K, V> map) {
            this.map = map;
            this.frozen = map.snapshot().entrySet().iterator();
        }

        @Override
        public boolean hasNext() {
            return frozen.hasNext();
        }

        @Override
        public Map.Entry<K, V> next() {
            Map.Entry<K, V> e = frozen.next();
            last = e.getKey();
            return new WriteThroughEntry<>(map, e.getKey(), e.getValue());
        }

        @Override
        public void remove() {
            if (last == null) {
                throw new IllegalStateException("next() has not been called since the last remove()");
            }
            map.remove(last);
            last = null;
        }
    }

    /** A snapshot iterator that yields one part of each entry (the key or the value). */
    private static final class Projection<K, V, T> implements Iterator<T> {
        private final SnapshotIterator<K, V> entries;
        private final Function<Map.Entry<K, V>, T> part;

        Projection(ReadMostlyMap<K, V> map, Function<Map.Entry<K, V>, T> part) {
            this.entries = new SnapshotIterator<>(map);
            this.part = part;
        }

        @Override
        public boolean hasNext() {
            return entries.hasNext();
        }

        @Override
        public T next() {
            return part.apply(entries.next());
        }

        @Override
        public void remove() {
            entries.remove();
        }
    }

    /** An entry whose {@code setValue} puts into the map. */
    private static final class WriteThroughEntry<K, V> extends AbstractMap.SimpleEntry<K, V> {
        private static final long serialVersionUID = 1L;
        private final transient ReadMostlyMap<K, V> map;

        WriteThroughEntry(ReadMostlyMap<K, V> map, K key, V value) {
            super(key, value);
            this.map = map;
        }

        @Override
        public V setValue(V value) {
            Objects.requireNonNull(value, "value");
            map.put(getKey(), value);
            return super.setValue(value);
        }
    }

    static final class Entries<K, V> extends AbstractSet<Map.Entry<K, V>> {
        private final ReadMostlyMap<K, V> map;

        Entries(ReadMostlyMap<K, V> map) {
            this.map = map;
        }

        @Override
        public Iterator<Map.Entry<K, V>> iterator() {
            return new SnapshotIterator<>(map);
        }

        @Override
        public int size() {
            return map.size();
        }

        @Override
        public boolean contains(Object o) {
            if (!(o instanceof Map.Entry<?, ?> e) || e.getKey() == null || e.getValue() == null) {
                return false;
            }
            return e.getValue().equals(map.get(e.getKey()));
        }

        @Override
        public boolean remove(Object o) {
            return o instanceof Map.Entry<?, ?> e && e.getKey() != null && map.remove(e.getKey(), e.getValue());
        }

        @Override
        public void clear() {
            map.clear();
        }
    }

    static final class Keys<K, V> extends AbstractSet<K> {
        private final ReadMostlyMap<K, V> map;

        Keys(ReadMostlyMap<K, V> map) {
            this.map = map;
        }

        @Override
        public Iterator<K> iterator() {
            return new Projection<>(map, Map.Entry::getKey);
        }

        @Override
        public int size() {
            return map.size();
        }

        @Override
        public boolean contains(Object o) {
            return map.containsKey(o);
        }

        @Override
        public boolean remove(Object o) {
            return map.remove(o) != null;
        }

        @Override
        public void clear() {
            map.clear();
        }
    }

    static final class Values<K, V> extends AbstractCollection<V> {
        private final ReadMostlyMap<K, V> map;

        Values(ReadMostlyMap<K, V> map) {
            this.map = map;
        }

        @Override
        public Iterator<V> iterator() {
            return new Projection<>(map, Map.Entry::getValue);
        }

        @Override
        public int size() {
            return map.size();
        }

        @Override
        public boolean contains(Object o) {
            return map.containsValue(o);
        }

        @Override
        public void clear() {
            map.clear();
        }
    }
}
