package io.loomkit.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loomkit.context.CancellableContext;
import io.loomkit.context.CancelledException;
import io.loomkit.context.Context;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ChannelTest {

    /** Fills a buffered channel to capacity; a rendezvous channel needs nothing. */
    private static void fill(Channel<Integer> ch) {
        for (int i = 0; i < ch.capacity(); i++) {
            assertTrue(ch.trySend(-1 - i));
        }
    }

    @ChannelCases
    void deliversInFifoOrderAndIterationEndsAtClose(Case c) throws Exception {
        Channel<Integer> ch = c.channel();
        int n = 10_000;
        Thread producer = c.start(() -> {
            try {
                for (int i = 0; i < n; i++) {
                    ch.send(i);
                }
                ch.close();
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        });
        int expected = 0;
        for (int x : ch) {
            assertEquals(expected++, x);
        }
        assertEquals(n, expected);
        producer.join();
        assertThrows(ChannelClosedException.class, ch::receive);
    }

    @ChannelCases
    void tryOperationsNeverBlock(Case c) {
        Channel<Integer> ch = c.channel();
        assertNull(ch.tryReceive());
        fill(ch);
        assertEquals(c.capacity(), ch.size());
        assertFalse(ch.trySend(42), "a full channel refuses");
        for (int i = 0; i < c.capacity(); i++) {
            assertEquals(-1 - i, ch.tryReceive());
        }
        assertNull(ch.tryReceive());
        assertEquals(0, ch.size());
    }

    @ChannelCases
    void closeLetsReceiversDrainThenFails(Case c) throws Exception {
        Channel<Integer> ch = c.channel();
        fill(ch);
        assertTrue(ch.close());
        assertFalse(ch.close());
        assertFalse(ch.closeWithError(new IllegalStateException()));
        assertTrue(ch.isClosed());
        ChannelClosedException e = assertThrows(ChannelClosedException.class, () -> ch.send(1));
        assertNull(e.getCause());
        assertTrue(e.getMessage().contains("capacity=" + c.capacity()), e.getMessage());
        assertThrows(ChannelClosedException.class, () -> ch.trySend(1));
        for (int i = 0; i < c.capacity(); i++) {
            assertEquals(-1 - i, ch.receive());
        }
        assertThrows(ChannelClosedException.class, ch::receive);
        assertThrows(ChannelClosedException.class, ch::tryReceive);
        assertThrows(ChannelClosedException.class, () -> ch.receive(Duration.ofMillis(1)));
    }

    @ChannelCases
    void closeWithErrorFailsAtOnceAndHandsBufferToOnUndelivered(Case c) {
        List<Integer> undelivered = new ArrayList<>();
        Channel<Integer> ch = Channel.<Integer>builder(c.capacity()).onUndelivered(undelivered::add).build();
        fill(ch);
        IllegalStateException error = new IllegalStateException("upstream failed");
        assertTrue(ch.closeWithError(error));
        ChannelClosedException e = assertThrows(ChannelClosedException.class, ch::receive);
        assertSame(error, e.getCause());
        assertSame(error, assertThrows(ChannelClosedException.class, () -> ch.send(1)).getCause());
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < c.capacity(); i++) {
            expected.add(-1 - i);
        }
        assertEquals(expected, undelivered);
        assertEquals(0, ch.size());
    }

    @ChannelCases
    void blockedReceiverWakesOnSendAndOnClose(Case c) throws Exception {
        Channel<Integer> ch = c.channel();
        CompletableFuture<Object> got = new CompletableFuture<>();
        Thread t = c.start(() -> {
            try {
                got.complete(ch.receive());
                got.obtrudeValue(ch.receive());
            } catch (Throwable e) {
                got.obtrudeValue(e);
            }
        });
        Case.awaitParked(t);
        ch.send(7);
        assertEquals(7, got.get());
        Case.awaitParked(t);
        ch.close();
        t.join();
        assertInstanceOf(ChannelClosedException.class, got.get());
    }

    @ChannelCases
    void blockedSenderFailsOnCloseAndKeepsItsElement(Case c) throws Exception {
        Channel<Integer> ch = c.channel();
        fill(ch);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread t = c.start(() -> {
            try {
                ch.send(99);
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        Case.awaitParked(t);
        ch.close();
        t.join();
        assertInstanceOf(ChannelClosedException.class, failure.get());
        for (int i = 0; i < c.capacity(); i++) {
            assertEquals(-1 - i, ch.receive(), "99 was never accepted");
        }
        assertThrows(ChannelClosedException.class, ch::receive);
    }

    @ChannelCases
    void interruptedWaitersLeaveNoTrace(Case c) throws Exception {
        Channel<Integer> ch = c.channel();
        fill(ch);
        // Regression for jox #48: interrupted senders must not grow the channel.
        for (int i = 0; i < 50; i++) {
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread t = c.start(() -> {
                try {
                    ch.send(1000);
                } catch (Throwable e) {
                    failure.set(e);
                }
            });
            Case.awaitParked(t);
            t.interrupt();
            t.join();
            assertInstanceOf(InterruptedException.class, failure.get());
        }
        assertFalse(ch.hasWaiters());
        for (int i = 0; i < c.capacity(); i++) {
            assertEquals(-1 - i, ch.tryReceive());
        }
        assertNull(ch.tryReceive(), "no interrupted send delivered its element");
        Thread r = c.start(() -> {
            try {
                ch.receive();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Case.awaitParked(r);
        r.interrupt();
        r.join();
        assertFalse(ch.hasWaiters());
        assertFalse(ch.trySend(5) && c.capacity() == 0, "no stale receiver takes a rendezvous element");
    }

    @ChannelCases
    void timedCallsTimeOut(Case c) throws Exception {
        Channel<Integer> ch = c.channel();
        assertEquals(Optional.empty(), ch.receive(Duration.ofMillis(5)));
        assertEquals(Optional.empty(), ch.receive(Duration.ZERO));
        fill(ch);
        assertFalse(ch.send(1, Duration.ofMillis(5)));
        assertFalse(ch.send(1, Duration.ofNanos(-1)));
        assertFalse(ch.hasWaiters());
        if (c.capacity() > 0) {
            assertEquals(Optional.of(-1), ch.receive(Duration.ofSeconds(-5)));
            assertTrue(ch.send(1, Duration.ofDays(365 * 1000)));
        }
    }

    @ChannelCases
    void contextCancelWakesBlockedCallers(Case c) throws Exception {
        Channel<Integer> ch = c.channel();
        try (CancellableContext ctx = Context.background().withCancel()) {
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread t = c.start(() -> {
                try {
                    ch.receive(ctx);
                } catch (Throwable e) {
                    failure.set(e);
                }
            });
            Case.awaitParked(t);
            IllegalStateException why = new IllegalStateException("shutdown");
            ctx.cancel(why);
            t.join();
            CancelledException e = assertInstanceOf(CancelledException.class, failure.get());
            assertSame(why, e.getCause());
            assertThrows(CancelledException.class, () -> ch.send(ctx, 1), "cancelled before the call");
        }
        fill(ch);
        try (CancellableContext ctx = Context.background().withCancel()) {
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread t = c.start(() -> {
                try {
                    ch.send(ctx, 5);
                } catch (Throwable e) {
                    failure.set(e);
                }
            });
            Case.awaitParked(t);
            ctx.cancel();
            t.join();
            assertInstanceOf(CancelledException.class, failure.get());
        }
        assertFalse(ch.hasWaiters());
        try (CancellableContext ctx = Context.background().withCancel()) {
            for (int i = 0; i < c.capacity(); i++) {
                assertEquals(-1 - i, ch.receive(ctx));
            }
        }
    }

    @ChannelCases
    void iterationInterruptedThrowsAndKeepsFlag(Case c) throws Exception {
        Channel<Integer> ch = c.channel();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicReference<Boolean> flag = new AtomicReference<>();
        Thread t = c.start(() -> {
            try {
                for (int x : ch) {
                    throw new AssertionError("nothing was sent: " + x);
                }
            } catch (Throwable e) {
                failure.set(e);
                flag.set(Thread.currentThread().isInterrupted());
            }
        });
        Case.awaitParked(t);
        t.interrupt();
        t.join();
        CancelledException e = assertInstanceOf(CancelledException.class, failure.get());
        assertInstanceOf(InterruptedException.class, e.getCause());
        assertTrue(flag.get());
    }

    @Test
    void rejectsBadInput() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Channel.bounded(-3));
        assertTrue(e.getMessage().contains("capacity") && e.getMessage().contains("-3"), e.getMessage());
        Channel<Integer> ch = Channel.bounded(2);
        assertEquals("element is null, on Channel[capacity=2, size=0, open]",
                assertThrows(NullPointerException.class, () -> ch.send(null)).getMessage());
        assertThrows(NullPointerException.class, () -> ch.trySend(null));
        assertThrows(NullPointerException.class, () -> ch.send(null, Duration.ZERO));
        assertThrows(NullPointerException.class, () -> ch.send(1, null));
        assertThrows(NullPointerException.class, () -> ch.send(null, 1));
        assertThrows(NullPointerException.class, () -> ch.receive((Context) null));
        assertThrows(NullPointerException.class, () -> ch.receive((Duration) null));
        assertThrows(NullPointerException.class, () -> ch.closeWithError(null));
        assertThrows(NullPointerException.class, () -> Channel.builder(1).onUndelivered(null));
        assertEquals(0, ch.size(), "rejected input changed nothing");
        assertFalse(ch.isClosed());
        assertEquals("Channel[capacity=2, size=0, open]", ch.toString());
        assertEquals(0, Channel.rendezvous().capacity());
    }

    @Test
    void oneMillionIdleChannelsAreAffordable() {
        Channel<?>[] channels = new Channel<?>[1_000_000];
        for (int i = 0; i < channels.length; i++) {
            channels[i] = Channel.bounded(i & 1);
        }
        assertEquals(1, channels[channels.length - 1].capacity());
    }

    /** Runs {@code body} on a helper thread of the case's kind, collecting what it throws. */
    private static Thread startCatching(Case c, AtomicReference<Throwable> failure, ThrowingBody body) {
        return c.start(() -> {
            try {
                body.run();
            } catch (Throwable e) {
                failure.set(e);
            }
        });
    }

    interface ThrowingBody {
        void run() throws Exception;
    }

    @ChannelCases
    void slotNodesAreGivenBackAfterEveryKindOfWait(Case c) throws Exception {
        Channel<Integer> ch = c.channel();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        // Hand-off to a parked receiver; with two parked receivers one holds the slot, one a fresh node.
        Thread r1 = startCatching(c, failure, () -> assertEquals(1, ch.receive()));
        Case.awaitParked(r1);
        assertEquals(2, ch.slotsInUse(), "a parked receive owns the receiver slot");
        Thread r2 = startCatching(c, failure, () -> assertEquals(2, ch.receive()));
        Case.awaitParked(r2);
        ch.send(1);
        r1.join();
        ch.send(2);
        r2.join();
        assertEquals(0, ch.slotsInUse(), "hand-off");
        // Timeout, interrupt and close end a wait without a hand-off.
        assertEquals(Optional.empty(), ch.receive(Duration.ofMillis(1)));
        assertEquals(0, ch.slotsInUse(), "receive timed out");
        Thread r3 = startCatching(c, failure, ch::receive);
        Case.awaitParked(r3);
        r3.interrupt();
        r3.join();
        assertInstanceOf(InterruptedException.class, failure.getAndSet(null));
        assertEquals(0, ch.slotsInUse(), "receive interrupted");
        fill(ch);
        Thread s1 = startCatching(c, failure, () -> ch.send(3));
        Case.awaitParked(s1);
        assertEquals(1, ch.slotsInUse(), "a parked send owns the sender slot");
        for (int i = 0; i < c.capacity(); i++) {
            assertEquals(-1 - i, ch.receive());
        }
        assertEquals(3, ch.receive());
        s1.join();
        assertEquals(0, ch.slotsInUse(), "sender hand-off");
        fill(ch);
        assertFalse(ch.send(4, Duration.ofMillis(1)));
        assertEquals(0, ch.slotsInUse(), "send timed out");
        Thread s2 = startCatching(c, failure, () -> ch.send(5));
        Case.awaitParked(s2);
        ch.close();
        s2.join();
        assertInstanceOf(ChannelClosedException.class, failure.getAndSet(null));
        assertEquals(0, ch.slotsInUse(), "send failed by close");
        assertFalse(ch.hasWaiters());
        assertNull(failure.get());
    }
}
