package io.loomkit.map;

import com.google.common.collect.testing.ConcurrentMapTestSuiteBuilder;
import com.google.common.collect.testing.MapTestSuiteBuilder;
import com.google.common.collect.testing.TestStringMapGenerator;
import com.google.common.collect.testing.features.CollectionFeature;
import com.google.common.collect.testing.features.CollectionSize;
import com.google.common.collect.testing.features.MapFeature;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;
import junit.framework.TestSuite;

/**
 * Guava testlib conformance: ReadMostlyMap (unordered and insertion-ordered) as a ConcurrentMap, its
 * snapshot as an immutable Map, and LongReadMostlyMap through a boxing adapter. JUnit 3 suites, run by
 * the vintage engine.
 */
public final class MapConformanceTest {
    private MapConformanceTest() {}

    /**
     * The JUnit 3 suite method the vintage engine looks for.
     *
     * @return every conformance suite of this module
     */
    @SuppressWarnings("exports")
    public static junit.framework.Test suite() {
        TestSuite suite = new TestSuite("io.loomkit.map conformance");
        suite.addTest(ConcurrentMapTestSuiteBuilder.using(generator(ReadMostlyMap::create))
                .named("ReadMostlyMap")
                .withFeatures(MapFeature.GENERAL_PURPOSE, CollectionFeature.SUPPORTS_ITERATOR_REMOVE,
                        CollectionSize.ANY)
                .createTestSuite());
        suite.addTest(ConcurrentMapTestSuiteBuilder
                .using(generator(() -> ReadMostlyMap.builder().initialCapacity(0).insertionOrdered().build()))
                .named("ReadMostlyMap.insertionOrdered")
                .withFeatures(MapFeature.GENERAL_PURPOSE, CollectionFeature.SUPPORTS_ITERATOR_REMOVE,
                        CollectionFeature.KNOWN_ORDER, CollectionSize.ANY)
                .createTestSuite());
        suite.addTest(MapTestSuiteBuilder.using(new TestStringMapGenerator() {
                    @Override
                    protected Map<String, String> create(Map.Entry<String, String>[] entries) {
                        ReadMostlyMap<String, String> map = ReadMostlyMap.builder().insertionOrdered().build();
                        for (Map.Entry<String, String> e : entries) {
                            map.put(e.getKey(), e.getValue());
                        }
                        Map<String, String> snapshot = map.snapshot();
                        map.put("written after the snapshot", "invisible");
                        return snapshot;
                    }
                })
                .named("ReadMostlyMap.snapshot")
                .withFeatures(CollectionFeature.KNOWN_ORDER, CollectionSize.ANY)
                .createTestSuite());
        suite.addTest(ConcurrentMapTestSuiteBuilder.using(new TestStringMapGenerator() {
                    @Override
                    protected Map<String, String> create(Map.Entry<String, String>[] entries) {
                        BoxedLongMap map = new BoxedLongMap();
                        for (Map.Entry<String, String> e : entries) {
                            map.put(e.getKey(), e.getValue());
                        }
                        return map;
                    }
                })
                .named("LongReadMostlyMap via boxed adapter")
                .withFeatures(MapFeature.GENERAL_PURPOSE, CollectionFeature.SUPPORTS_ITERATOR_REMOVE,
                        CollectionSize.ANY)
                .createTestSuite());
        return suite;
    }

    private static TestStringMapGenerator generator(Supplier<ReadMostlyMap<String, String>> factory) {
        return new TestStringMapGenerator() {
            @Override
            protected Map<String, String> create(Map.Entry<String, String>[] entries) {
                ReadMostlyMap<String, String> map = factory.get();
                for (Map.Entry<String, String> e : entries) {
                    map.put(e.getKey(), e.getValue());
                }
                return map;
            }
        };
    }

    /**
     * Presents a LongReadMostlyMap as a ConcurrentMap of string keys (testlib's generators make strings):
     * each key string is interned to a long by a side table. Only single-threaded tests use it, so the
     * non-atomic composites (replace) are faithful here.
     */
    static final class BoxedLongMap extends AbstractMap<String, String> implements ConcurrentMap<String, String> {
        private final LongReadMostlyMap<Map.Entry<String, String>> map = LongReadMostlyMap.create();

        /** Testlib's sample keys differ; a string's long is its hash, widened so the keys spread. */
        private static long id(Object key) {
            return ((String) key).hashCode() * 0x9E3779B97F4A7C15L;
        }

        @Override
        public String get(Object key) {
            if (!(key instanceof String)) {
                if (key == null) {
                    throw new NullPointerException("key");
                }
                return null;
            }
            Map.Entry<String, String> e = map.get(id(key));
            return e == null ? null : e.getValue();
        }

        @Override
        public boolean containsKey(Object key) {
            return get(key) != null;
        }

        @Override
        public String put(String key, String value) {
            Map.Entry<String, String> old = map.put(id(key), new SimpleImmutableEntry<>(key, value(value)));
            return old == null ? null : old.getValue();
        }

        @Override
        public String putIfAbsent(String key, String value) {
            Map.Entry<String, String> old = map.putIfAbsent(id(key), new SimpleImmutableEntry<>(key, value(value)));
            return old == null ? null : old.getValue();
        }

        @Override
        public String remove(Object key) {
            if (key == null) {
                throw new NullPointerException("key");
            }
            Map.Entry<String, String> old = key instanceof String ? map.remove(id(key)) : null;
            return old == null ? null : old.getValue();
        }

        @Override
        public boolean remove(Object key, Object value) {
            if (key == null) {
                throw new NullPointerException("key");
            }
            return key instanceof String && value != null && map.remove(id(key), new SimpleImmutableEntry<>(key, value));
        }

        @Override
        public String replace(String key, String value) {
            value(value);
            return containsKey(key) ? put(key, value) : null;
        }

        @Override
        public boolean replace(String key, String oldValue, String newValue) {
            value(oldValue);
            value(newValue);
            if (!oldValue.equals(get(key))) {
                return false;
            }
            put(key, newValue);
            return true;
        }

        @Override
        public int size() {
            return map.size();
        }

        @Override
        public void clear() {
            map.clear();
        }

        @Override
        public Set<Map.Entry<String, String>> entrySet() {
            return new AbstractSet<>() {
                @Override
                public Iterator<Map.Entry<String, String>> iterator() {
                    LongReadMostlyMap.Snapshot<Map.Entry<String, String>> s = map.snapshot();
                    long[] keys = s.keys();
                    return new Iterator<>() {
                        private int next;
                        private boolean removable;

                        @Override
                        public boolean hasNext() {
                            return next < keys.length;
                        }

                        @Override
                        public Map.Entry<String, String> next() {
                            if (!hasNext()) {
                                throw new java.util.NoSuchElementException();
                            }
                            removable = true;
                            Map.Entry<String, String> e = s.get(keys[next++]);
                            return new SimpleEntry<>(e) {
                                private static final long serialVersionUID = 1L;

                                @Override
                                public String setValue(String value) {
                                    put(getKey(), value(value));
                                    return super.setValue(value);
                                }
                            };
                        }

                        @Override
                        public void remove() {
                            if (!removable) {
                                throw new IllegalStateException();
                            }
                            removable = false;
                            map.remove(keys[next - 1]);
                        }
                    };
                }

                @Override
                public int size() {
                    return map.size();
                }
            };
        }

        private static String value(String value) {
            if (value == null) {
                throw new NullPointerException("value");
            }
            return value;
        }
    }
}
