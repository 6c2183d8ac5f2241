package io.loomkit.jmh.pool;

import io.loomkit.pool.Lease;
import io.loomkit.pool.Pool;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.commons.pool2.BasePooledObjectFactory;
import org.apache.commons.pool2.PooledObject;
import org.apache.commons.pool2.impl.DefaultPooledObject;
import org.apache.commons.pool2.impl.GenericObjectPool;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import stormpot.Allocator;
import stormpot.BasePoolable;
import stormpot.Expiration;
import stormpot.PoolTap;
import stormpot.Slot;
import stormpot.Timeout;
import tools.jackson.core.util.RecyclerPool;

/**
 * One pool implementation under test: {@link #cycle()} is one get, a little use, and one put (or, for
 * {@code new}, one allocation that is then discarded). Each implementation is its own class, so that in
 * a JMH fork (one implementation) the call site stays monomorphic.
 */
interface PoolRival {

    /** One get + use + put; returns a value for the benchmark to consume. */
    int cycle() throws Exception;

    /**
     * One get + use + put through the rival's scoped handle where it has one (loomkit's {@code Lease} in
     * try-with-resources); the same as {@link #cycle()} for the others.
     */
    default int leaseCycle() throws Exception {
        return cycle();
    }

    /** Releases the rival's resources (threads, idle objects). */
    default void shutDown() throws Exception {}

    static <T> PoolRival create(String impl, PooledKind<T> kind) {
        return switch (impl) {
            case "loomkit" -> new Loomkit<>(kind);
            case "new" -> new Allocate<>(kind);
            case "commonsPool2" -> new CommonsPool2<>(kind);
            case "stormpotThreadLocal" -> new Stormpot<>(kind, false);
            case "stormpotVirtual" -> new Stormpot<>(kind, true);
            case "jacksonDeque" -> new JacksonDeque<>(kind);
            case "clq" -> new Clq<>(kind);
            default -> throw new IllegalArgumentException("impl: " + impl);
        };
    }

    /** loomkit's pool with its defaults. */
    final class Loomkit<T> implements PoolRival {
        private final Pool<T> pool;
        private final PooledKind<T> kind;

        Loomkit(PooledKind<T> kind) {
            this.kind = kind;
            this.pool = Pool.of(kind.factory, kind.reset);
        }

        @Override
        public int cycle() {
            T t = pool.get();
            int r = kind.use(t);
            pool.put(t);
            return r;
        }

        @Override
        public int leaseCycle() {
            try (Lease<T> lease = pool.lease()) {
                return kind.use(lease.get());
            }
        }
    }

    /**
     * The baseline: allocate a fresh object every time and let the GC take it. The object is stored in a
     * field, as a pooled object escapes to the pool: otherwise, inlined into the 1,000-virtual-thread
     * loop, escape analysis removed the allocation altogether (session 1 measured 1-3 ns per "allocation"
     * of a 4 KiB buffer there).
     */
    final class Allocate<T> implements PoolRival {
        private final PooledKind<T> kind;
        private final Supplier<T> factory;
        private Object escaped;

        Allocate(PooledKind<T> kind) {
            this.kind = kind;
            this.factory = kind.factory;
        }

        @Override
        public int cycle() {
            T t = factory.get();
            escaped = t;
            return kind.use(t);
        }
    }

    /** What people write by hand: a ConcurrentLinkedQueue of idle objects, unbounded. */
    final class Clq<T> implements PoolRival {
        private final ConcurrentLinkedQueue<T> idle = new ConcurrentLinkedQueue<>();
        private final PooledKind<T> kind;

        Clq(PooledKind<T> kind) {
            this.kind = kind;
        }

        @Override
        public int cycle() {
            T t = idle.poll();
            if (t == null) {
                t = kind.factory.get();
            }
            int r = kind.use(t);
            kind.reset.accept(t);
            idle.offer(t);
            return r;
        }
    }

    /** Apache commons-pool2's GenericObjectPool, unbounded in total, JMX off, reset in passivateObject. */
    final class CommonsPool2<T> implements PoolRival {
        private final GenericObjectPool<T> pool;
        private final PooledKind<T> kind;

        CommonsPool2(PooledKind<T> kind) {
            this.kind = kind;
            GenericObjectPoolConfig<T> config = new GenericObjectPoolConfig<>();
            config.setMaxTotal(-1);
            config.setMaxIdle(64);
            config.setJmxEnabled(false);
            this.pool = new GenericObjectPool<>(new BasePooledObjectFactory<T>() {
                @Override
                public T create() {
                    return kind.factory.get();
                }

                @Override
                public PooledObject<T> wrap(T obj) {
                    return new DefaultPooledObject<>(obj);
                }

                @Override
                public void passivateObject(PooledObject<T> p) {
                    kind.reset.accept(p.getObject());
                }
            }, config);
        }

        @Override
        public int cycle() throws Exception {
            T t = pool.borrowObject();
            int r = kind.use(t);
            pool.returnObject(t);
            return r;
        }

        @Override
        public void shutDown() {
            pool.close();
        }
    }

    /** Stormpot 4.0 pooled wrapper: Stormpot pools only Poolable objects. */
    final class Slotted<T> extends BasePoolable {
        final T value;

        Slotted(Slot slot, T value) {
            super(slot);
            this.value = value;
        }
    }

    /** Stormpot 4.0 with its thread-local tap or its virtual-thread-safe tap; no expiration. */
    final class Stormpot<T> implements PoolRival {
        private static final Timeout TIMEOUT = new Timeout(10, TimeUnit.SECONDS);
        private final stormpot.Pool<Slotted<T>> pool;
        private final PoolTap<Slotted<T>> tap;
        private final PooledKind<T> kind;

        Stormpot(PooledKind<T> kind, boolean virtualThreadSafe) {
            this.kind = kind;
            this.pool = stormpot.Pool.from(new Allocator<Slotted<T>>() {
                        @Override
                        public Slotted<T> allocate(Slot slot) {
                            return new Slotted<>(slot, kind.factory.get());
                        }

                        @Override
                        public void deallocate(Slotted<T> poolable) {}
                    })
                    .setSize(64)
                    .setExpiration(Expiration.never())
                    .build();
            this.tap = virtualThreadSafe ? pool.getVirtualThreadSafeTap() : pool.getThreadSafeTap();
        }

        @Override
        public int cycle() throws Exception {
            Slotted<T> s = tap.claim(TIMEOUT);
            int r = kind.use(s.value);
            kind.reset.accept(s.value);
            s.release();
            return r;
        }

        @Override
        public void shutDown() throws Exception {
            pool.shutdown().await(TIMEOUT);
        }
    }

    /** Jackson 3's recycler pooled wrapper. */
    final class Recycled<T> implements RecyclerPool.WithPool<Recycled<T>> {
        final T value;
        private RecyclerPool<Recycled<T>> pool;

        Recycled(T value) {
            this.value = value;
        }

        @Override
        public Recycled<T> withPool(RecyclerPool<Recycled<T>> pool) {
            this.pool = pool;
            return this;
        }

        @Override
        public void releaseToPool() {
            pool.releasePooled(this);
        }
    }

    /** Jackson 3's concurrent-deque recycler pool (the base of JsonRecyclerPools.newConcurrentDequePool()). */
    final class JacksonDeque<T> implements PoolRival {
        private final DequePool<T> pool;
        private final PooledKind<T> kind;

        JacksonDeque(PooledKind<T> kind) {
            this.kind = kind;
            this.pool = new DequePool<>(kind);
        }

        @Override
        public int cycle() {
            Recycled<T> r = pool.acquirePooled();
            int v = kind.use(r.value);
            kind.reset.accept(r.value);
            pool.releasePooled(r);
            return v;
        }

        /** The same pool class Jackson uses for its BufferRecycler, here for our objects. */
        static final class DequePool<T> extends RecyclerPool.ConcurrentDequePoolBase<Recycled<T>> {
            private static final long serialVersionUID = 1L;
            private final transient PooledKind<T> kind;

            DequePool(PooledKind<T> kind) {
                super(SERIALIZATION_NON_SHARED);
                this.kind = kind;
            }

            @Override
            public Recycled<T> createPooled() {
                return new Recycled<>(kind.factory.get());
            }
        }
    }
}
