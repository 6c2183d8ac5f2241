package io.loomkit.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The reservation a get leaves in the cell it took from (ADR 0036): the same thread's put returns into
 * it; nobody else takes it while its thread lives; it never blocks a cell for good.
 */
class ReservationTest {

    private static Pool<Item> oneCell() {
        return Pool.builder(Item::new, Item::reset).stripes(1).maxIdlePerStripe(1).releaseIdleOnGc(false).build();
    }

    /** A one-cell pool whose cell holds an idle item. */
    private static Pool<Item> oneIdle() {
        Pool<Item> pool = oneCell();
        pool.put(new Item());
        return pool;
    }

    private static Thread start(ThreadKind kind, Runnable body) {
        return kind == ThreadKind.VIRTUAL ? Thread.ofVirtual().start(body) : Thread.ofPlatform().start(body);
    }

    /** Waits inside a test thread, where an interrupt is a failure. */
    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void putReturnsIntoTheReservationOfItsOwnGet(ThreadKind kind) throws Exception {
        kind.run(() -> {
            Pool<Item> pool = oneCell();
            Item item = new Item();
            pool.put(item);
            for (int i = 0; i < 3; i++) {
                Item got = pool.get();
                assertSame(item, got);
                assertEquals(0, pool.stats().idle(), "a reserved cell holds no idle object");
                pool.put(got);
            }
            assertEquals(new PoolStats(0, 3, 0, 0, 0, 1), pool.stats());
        });
    }

    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void reservationOfALiveThreadIsNotTakenOver(ThreadKind kind) throws Exception {
        Pool<Item> pool = oneIdle();
        CountDownLatch reserved = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(1);
        Item[] held = new Item[1];
        Thread owner = start(kind, () -> {
            held[0] = pool.get();
            reserved.countDown();
            await(done);
            pool.put(held[0]);
        });
        reserved.await();
        Item other = new Item();
        pool.put(other);
        assertEquals(1, pool.stats().droppedOnFull(), "the live owner's cell takes no other object");
        assertNotSame(held[0], pool.get(), "the held object is not handed out again");
        done.countDown();
        owner.join();
        assertEquals(1, pool.stats().idle(), "the owner returned its object into its reservation");
    }

    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void reservationOfATerminatedThreadIsTakenOverByAPut(ThreadKind kind) throws Exception {
        Pool<Item> pool = oneIdle();
        Thread getter = start(kind, pool::get);
        getter.join();
        Item next = new Item();
        pool.put(next);
        assertEquals(new PoolStats(0, 1, 0, 0, 0, 1), pool.stats());
        assertSame(next, pool.get());
    }

    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void reservationOfATerminatedThreadIsFreedByTheGcSweep(ThreadKind kind) throws Exception {
        Pool<Item> pool = oneIdle();
        start(kind, pool::get).join();
        pool.releaseIdle(GcTicker.epoch() + 2);
        Item next = new Item();
        pool.put(next);
        assertSame(next, pool.get(), "the freed cell took the new object");
    }

    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void getFreesItsOwnStaleReservationSoAProducerDoesNotBlockItsConsumer(ThreadKind kind) throws Exception {
        Pool<Item> pool = oneIdle();
        CountDownLatch twoGets = new CountDownLatch(1);
        CountDownLatch consumed = new CountDownLatch(1);
        Thread producer = start(kind, () -> {
            pool.get(); // reserves the cell
            pool.get(); // passes its own reservation: frees it, then makes a new object
            twoGets.countDown();
            await(consumed);
        });
        twoGets.await();
        Item back = new Item();
        pool.put(back);
        assertEquals(0, pool.stats().droppedOnFull(), "the producer, still alive, does not block the cell");
        assertEquals(1, pool.stats().idle());
        consumed.countDown();
        producer.join();
    }
}
