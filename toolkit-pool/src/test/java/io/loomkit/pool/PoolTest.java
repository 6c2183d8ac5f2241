package io.loomkit.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class PoolTest {

    private static Pool<Item> pool() {
        return Pool.builder(Item::new, Item::reset).releaseIdleOnGc(false).build();
    }

    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void getOnAnEmptyPoolCallsTheFactory(ThreadKind kind) throws Exception {
        kind.run(() -> {
            AtomicInteger calls = new AtomicInteger();
            Pool<Item> pool = Pool.builder(() -> {
                calls.incrementAndGet();
                return new Item();
            }, Item::reset).build();
            assertNotSame(pool.get(), pool.get());
            assertEquals(2, calls.get());
            assertEquals(new PoolStats(2, 0, 0, 0, 0, 0), pool.stats());
        });
    }

    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void putResetsTheObjectAndGetReturnsItAgain(ThreadKind kind) throws Exception {
        kind.run(() -> {
            Pool<Item> pool = pool();
            Item item = pool.get();
            item.dirt = 7;
            pool.put(item);
            assertEquals(1, item.resets, "reset runs on put");
            assertEquals(0, item.dirt);
            assertEquals(1, pool.stats().idle());
            assertSame(item, pool.get());
            assertEquals(1, item.resets, "reset does not run again on get");
            assertEquals(new PoolStats(1, 1, 0, 0, 0, 0), pool.stats());
        });
    }

    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void factoryThatThrowsPropagatesAndThePoolStaysUsable(ThreadKind kind) throws Exception {
        kind.run(() -> {
            AtomicInteger calls = new AtomicInteger();
            Pool<Item> pool = Pool.of(() -> {
                if (calls.incrementAndGet() == 1) {
                    throw new IllegalStateException("boom");
                }
                return new Item();
            }, Item::reset);
            IllegalStateException e = assertThrows(IllegalStateException.class, pool::get);
            assertEquals("boom", e.getMessage());
            assertEquals(new PoolStats(0, 0, 0, 0, 0, 0), pool.stats());
            Item item = pool.get();
            pool.put(item);
            assertSame(item, pool.get());
        });
    }

    @Test
    void factoryThatReturnsNullThrowsNullPointerExceptionNamingTheFactory() {
        Supplier<Item> nullFactory = new Supplier<>() {
            @Override
            public Item get() {
                return null;
            }

            @Override
            public String toString() {
                return "nullFactory";
            }
        };
        Pool<Item> pool = Pool.of(nullFactory, Item::reset);
        NullPointerException e = assertThrows(NullPointerException.class, pool::get);
        assertTrue(e.getMessage().contains("factory") && e.getMessage().contains("nullFactory"), e.getMessage());
        assertEquals(0, pool.stats().created());
    }

    @Test
    void putNullThrowsBeforeAnyStateChange() {
        AtomicInteger resets = new AtomicInteger();
        Pool<Item> pool = Pool.of(Item::new, i -> resets.incrementAndGet());
        NullPointerException e = assertThrows(NullPointerException.class, () -> pool.put(null));
        assertEquals("obj", e.getMessage());
        assertEquals(0, resets.get());
        assertEquals(new PoolStats(0, 0, 0, 0, 0, 0), pool.stats());
    }

    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void resetThatThrowsDropsTheObjectAndPropagates(ThreadKind kind) throws Exception {
        kind.run(() -> {
            Pool<Item> pool = Pool.builder(Item::new, (Item i) -> {
                if (i.dirt < 0) {
                    throw new IllegalArgumentException("cannot reset");
                }
                i.reset();
            }).releaseIdleOnGc(false).build();
            Item bad = pool.get();
            bad.dirt = -1;
            assertThrows(IllegalArgumentException.class, () -> pool.put(bad));
            assertEquals(0, pool.stats().idle());
            assertNotSame(bad, pool.get());
            Item good = pool.get();
            pool.put(good);
            assertSame(good, pool.get());
        });
    }

    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void retainIfRefusalDropsTheObjectAfterReset(ThreadKind kind) throws Exception {
        kind.run(() -> {
            Pool<StringBuilder> pool = Pool.builder(() -> new StringBuilder(16), (StringBuilder sb) -> sb.setLength(0))
                    .retainIf(sb -> sb.capacity() <= 1024)
                    .build();
            StringBuilder huge = pool.get();
            huge.append("x".repeat(10_000));
            pool.put(huge);
            assertEquals(0, huge.length(), "reset ran before the drop");
            StringBuilder small = pool.get();
            assertNotSame(huge, small);
            pool.put(small);
            assertSame(small, pool.get());
            assertEquals(new PoolStats(2, 1, 0, 1, 0, 0), pool.stats());
        });
    }

    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void putIntoAFullStripeDropsTheObject(ThreadKind kind) throws Exception {
        kind.run(() -> {
            Pool<Item> pool = Pool.builder(Item::new, Item::reset).stripes(1).maxIdlePerStripe(2).build();
            List<Item> items = List.of(pool.get(), pool.get(), pool.get());
            items.forEach(pool::put);
            PoolStats stats = pool.stats();
            assertEquals(2, stats.idle());
            assertEquals(1, stats.droppedOnFull());
            assertEquals(3, items.stream().mapToInt(i -> i.resets).sum(), "every put resets");
        });
    }

    @Test
    void maxIdleZeroKeepsNothing() {
        Pool<Item> pool = Pool.builder(Item::new, Item::reset).maxIdlePerStripe(0).build();
        Item item = pool.get();
        pool.put(item);
        assertNotSame(item, pool.get());
        assertEquals(new PoolStats(2, 0, 1, 0, 0, 0), pool.stats());
    }

    @Test
    void getStealsFromAnotherThreadsStripeBeforeCallingTheFactory() throws Exception {
        Pool<Item> pool = Pool.builder(Item::new, Item::reset).stripes(64).releaseIdleOnGc(false).build();
        Item[] put = new Item[1];
        ThreadKind.PLATFORM.run(() -> {
            put[0] = pool.get();
            pool.put(put[0]);
        });
        for (ThreadKind kind : ThreadKind.values()) {
            kind.run(() -> {
                Item item = pool.get();
                assertSame(put[0], item, "idle object on some stripe is found");
                pool.put(item);
            });
        }
        assertEquals(1, pool.stats().created());
    }

    @Test
    void stripesAreRoundedUpToAPowerOfTwo() {
        assertEquals(4, Pool.builder(Item::new, Item::reset).stripes(3).build().stripeCount());
        assertEquals(1, Pool.builder(Item::new, Item::reset).stripes(1).build().stripeCount());
        int dflt = Pool.of(Item::new, Item::reset).stripeCount();
        assertEquals(1, Integer.bitCount(dflt));
        assertTrue(dflt >= Runtime.getRuntime().availableProcessors());
    }

    @Test
    void builderRejectsBadArgumentsNamingThem() {
        Pool.Builder<Item> b = Pool.builder(Item::new, Item::reset);
        assertEquals("stripes must be in [1, 65536]: 0",
                assertThrows(IllegalArgumentException.class, () -> b.stripes(0)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> b.stripes(65537));
        assertEquals("maxIdlePerStripe must be in [0, 4096]: -1",
                assertThrows(IllegalArgumentException.class, () -> b.maxIdlePerStripe(-1)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> b.maxIdlePerStripe(4097));
        assertEquals("retainIf", assertThrows(NullPointerException.class, () -> b.retainIf(null)).getMessage());
        assertEquals("factory",
                assertThrows(NullPointerException.class, () -> Pool.of(null, Item::reset)).getMessage());
        assertEquals("reset", assertThrows(NullPointerException.class, () -> Pool.builder(Item::new, null))
                .getMessage());
    }

    @Test
    void idleObjectsNeverExceedTheBoundWhateverThePutCount() {
        Pool<Item> pool = Pool.builder(Item::new, Item::reset).stripes(2).maxIdlePerStripe(3).build();
        List<Item> items = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            items.add(pool.get());
        }
        items.forEach(pool::put);
        assertTrue(pool.stats().idle() <= 6, pool.stats().toString());
        assertEquals(100, pool.stats().idle() + pool.stats().droppedOnFull());
    }

    @Test
    void readmeExample() {
        Pool<StringBuilder> builders = Pool.builder(() -> new StringBuilder(256), sb -> sb.setLength(0))
                .retainIf(sb -> sb.capacity() <= 64 * 1024) // do not keep builders that grew huge
                .build();
        try (Lease<StringBuilder> lease = builders.lease()) {
            StringBuilder sb = lease.get();
            sb.append("id=").append(42);
            assertEquals("id=42", sb.toString());
        } // close() resets the builder and keeps it for the next get()
        assertEquals(1, builders.stats().idle());
        assertEquals(0, builders.get().length());
    }
}
