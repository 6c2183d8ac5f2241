package io.loomkit.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loomkit.context.CancellableContext;
import io.loomkit.context.Context;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class SelectTest {

    @ChannelCases
    void choosesUniformlyAmongReadyChannels(Case c) throws Exception {
        Channel<String> a = Channel.bounded(Math.max(1, c.capacity()));
        Channel<String> b = Channel.bounded(Math.max(1, c.capacity()));
        int fromA = 0;
        int rounds = 1000;
        for (int i = 0; i < rounds; i++) {
            a.trySend("a");
            b.trySend("b");
            String got = Select.select(a.onReceive(x -> x), b.onReceive(x -> x));
            if (got.equals("a")) {
                fromA++;
                assertEquals("b", b.tryReceive(), "the other clause consumed nothing");
            } else {
                assertEquals("a", a.tryReceive(), "the other clause consumed nothing");
            }
        }
        // Binomial(1000, 0.5): outside [350, 650] has probability below 1e-20.
        assertTrue(fromA > 350 && fromA < 650, "a fired " + fromA + " of " + rounds);
    }

    @ChannelCases
    void blockedSelectWakesOnSendAndLeavesNoWaiters(Case c) throws Exception {
        Channel<Integer> a = c.channel();
        Channel<Integer> b = c.channel();
        CompletableFuture<String> got = new CompletableFuture<>();
        Thread t = c.start(() -> {
            try {
                got.complete(Select.select(a.onReceive(x -> "a" + x), b.onReceive(x -> "b" + x)));
            } catch (Throwable e) {
                got.completeExceptionally(e);
            }
        });
        Case.awaitParked(t);
        b.send(2);
        assertEquals("b2", got.get());
        t.join();
        assertFalse(a.hasWaiters());
        assertFalse(b.hasWaiters());
        assertTrue(a.trySend(1) == (c.capacity() > 0), "no stale select node takes a rendezvous element");
    }

    @ChannelCases
    void sendClauseFiresWhenAReceiverArrives(Case c) throws Exception {
        Channel<Integer> a = c.channel();
        Channel<Integer> b = c.channel();
        for (int i = 0; i < c.capacity(); i++) {
            a.send(-1);
            b.send(-1);
        }
        CompletableFuture<String> got = new CompletableFuture<>();
        Thread t = c.start(() -> {
            try {
                got.complete(Select.select(a.onSend(10, () -> "a"), b.onSend(20, () -> "b")));
            } catch (Throwable e) {
                got.completeExceptionally(e);
            }
        });
        Case.awaitParked(t);
        // A rendezvous receive takes the select's element; a buffered one frees the slot the select fills.
        assertEquals(c.capacity() == 0 ? 10 : -1, a.receive());
        assertEquals("a", got.get());
        t.join();
        for (int i = 1; i < c.capacity(); i++) {
            assertEquals(-1, a.receive());
        }
        if (c.capacity() > 0) {
            assertEquals(10, a.tryReceive());
        }
        assertNull(a.tryReceive());
        assertEquals(c.capacity(), b.size());
        for (int i = 0; i < c.capacity(); i++) {
            assertEquals(-1, b.tryReceive());
        }
        assertNull(b.tryReceive(), "the send clause that did not fire sent nothing");
        assertFalse(b.hasWaiters());
    }

    @ChannelCases
    void timeoutCancelAndInterruptEndABlockedSelect(Case c) throws Exception {
        Channel<Integer> a = c.channel();
        assertEquals("t", Select.select(a.onReceive(x -> "a"), Select.onTimeout(Duration.ofMillis(5), () -> "t")));
        assertEquals("t0", Select.select(a.onReceive(x -> "a"), Select.onTimeout(Duration.ZERO, () -> "t0"),
                Select.onTimeout(Duration.ofDays(1), () -> "late")));
        try (CancellableContext ctx = Context.background().withCancel()) {
            CompletableFuture<String> got = new CompletableFuture<>();
            Thread t = c.start(() -> {
                try {
                    got.complete(Select.select(a.onReceive(x -> "a"), Select.onCancel(ctx, () -> "cancelled")));
                } catch (Throwable e) {
                    got.completeExceptionally(e);
                }
            });
            Case.awaitParked(t);
            ctx.cancel();
            assertEquals("cancelled", got.get());
        }
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread t = c.start(() -> {
            try {
                Select.select(a.onReceive(x -> "a"));
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        Case.awaitParked(t);
        t.interrupt();
        t.join();
        assertInstanceOf(InterruptedException.class, failure.get());
        assertFalse(a.hasWaiters());
    }

    @ChannelCases
    void closedChannelFailsTheSelectThatChoseIt(Case c) throws Exception {
        Channel<Integer> a = c.channel();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread t = c.start(() -> {
            try {
                Select.select(a.onReceive(x -> "a"), Select.onTimeout(Duration.ofDays(1), () -> "t"));
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        Case.awaitParked(t);
        IllegalStateException why = new IllegalStateException("failed");
        a.closeWithError(why);
        t.join();
        assertSame(why, assertInstanceOf(ChannelClosedException.class, failure.get()).getCause());
        assertThrows(ChannelClosedException.class, () -> Select.select(a.onSend(1, () -> "s")));
    }

    @Test
    void orElseFiresOnlyWhenNothingIsReady() throws Exception {
        Channel<Integer> a = Channel.bounded(1);
        assertEquals("default", Select.select(a.onReceive(x -> "a"), Select.orElse(() -> "default")));
        a.send(1);
        assertEquals("a", Select.select(a.onReceive(x -> "a"), Select.orElse(() -> "default")));
        assertEquals("sent", Select.select(a.onSend(2, () -> "sent"), a.onReceive(x -> "got" + x)));
    }

    @Test
    void rejectsBadClauses() {
        Channel<Integer> a = Channel.bounded(1);
        assertThrows(IllegalArgumentException.class, () -> Select.select());
        assertThrows(IllegalArgumentException.class,
                () -> Select.select(Select.orElse(() -> 1), Select.orElse(() -> 2)));
        assertThrows(NullPointerException.class, () -> Select.select(a.onReceive(x -> 1), null));
        assertThrows(NullPointerException.class, () -> a.onSend(null, () -> 1));
        assertThrows(NullPointerException.class, () -> a.onReceive(null));
        assertThrows(NullPointerException.class, () -> Select.onTimeout(null, () -> 1));
        assertThrows(NullPointerException.class, () -> Select.onCancel(null, () -> 1));
        assertThrows(NullPointerException.class, () -> Select.orElse(null));
    }
}
