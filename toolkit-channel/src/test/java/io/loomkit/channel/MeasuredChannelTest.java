package io.loomkit.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MeasuredChannelTest {

    private static Thread start(boolean virtual, Runnable task) {
        return virtual ? Thread.ofVirtual().start(task) : Thread.ofPlatform().start(task);
    }

    @Test
    void unmeasuredChannelHasNoStats() {
        Channel<Integer> ch = Channel.bounded(4);
        IllegalStateException e = assertThrows(IllegalStateException.class, ch::stats);
        assertTrue(e.getMessage().contains("measured()"), e.getMessage());
    }

    @Test
    void countsBacklogAndBatch() {
        Channel<Integer> ch = Channel.<Integer>builder(8).measured().build();
        for (int i = 0; i < 5; i++) {
            assertTrue(ch.trySend(i));
        }
        for (int i = 0; i < 5; i++) {
            assertEquals(i, ch.tryReceive());
        }
        assertNull(ch.tryReceive()); // ends the consumer's batch of 5
        ChannelStats s = ch.stats();
        assertEquals(8, s.capacity());
        assertEquals(5, s.sent());
        assertEquals(5, s.received());
        assertEquals(4, s.backlogMax());
        assertEquals(2.0, s.backlogMean(), 1e-9); // backlogs 0,1,2,3,4
        assertEquals(3, s.backlogP50()); // bucket [2,3]
        assertEquals(4, s.backlogP99()); // bucket [4,7] capped at the max
        assertEquals(5.0, s.batchMean(), 1e-9);
        assertEquals(0, s.sendsFoundFull());
        assertEquals(0, s.sendsBlocked());
        assertEquals(0, s.receivesWaited());
        assertTrue(s.toString().startsWith("ChannelStats[capacity=8, lifetime: sent=5, received=5"), s.toString());
    }

    @Test
    void elementsDrainedByCloseWithErrorAreSentButNotReceived() {
        Channel<Integer> ch = Channel.<Integer>builder(8).measured().build();
        for (int i = 0; i < 5; i++) {
            assertTrue(ch.trySend(i));
        }
        assertEquals(0, ch.tryReceive());
        assertEquals(1, ch.tryReceive());
        ch.closeWithError(new IllegalStateException("test"));
        ChannelStats s = ch.stats();
        assertEquals(5, s.sent());
        assertEquals(2, s.received(), s.toString());
        assertEquals(2, s.receivedInWindow(), s.toString());
    }

    @Test
    void countsSendsThatFoundTheBufferFull() throws InterruptedException {
        Channel<Integer> ch = Channel.<Integer>builder(2).measured().build();
        assertTrue(ch.trySend(1));
        assertTrue(ch.trySend(2));
        assertFalse(ch.trySend(3));
        assertFalse(ch.send(3, Duration.ZERO));
        ChannelStats s = ch.stats();
        assertEquals(2, s.sent());
        assertEquals(2, s.sendsFoundFull());
    }

    @ParameterizedTest(name = "virtual={0}")
    @ValueSource(booleans = {false, true})
    void measuresBlockedSendersAndWaitingReceivers(boolean virtual) throws Exception {
        Channel<Integer> ch = Channel.<Integer>builder(1).measured().build();
        ch.send(1);
        Thread sender = start(virtual, () -> {
            try {
                ch.send(2);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        });
        Case.awaitParked(sender);
        assertTrue(ch.hasWaiters());
        assertEquals(1, ch.receive());
        sender.join();
        assertEquals(2, ch.receive());
        Thread receiver = start(virtual, () -> {
            try {
                assertEquals(3, ch.receive());
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        });
        Case.awaitParked(receiver);
        ch.send(3);
        receiver.join();
        ChannelStats s = ch.stats();
        assertEquals(3, s.sent());
        assertEquals(3, s.received());
        assertEquals(1, s.sendsFoundFull());
        assertEquals(1, s.sendsBlocked());
        assertTrue(s.sendBlockedTotal().toNanos() > 0);
        assertTrue(s.sendBlockedP99().compareTo(s.sendBlockedTotal()) <= 0);
        assertEquals(1, s.receivesWaited());
        assertTrue(s.receiveWaitTotal().toNanos() > 0);
    }

    @Test
    void rendezvousHandoffsAreCounted() throws Exception {
        Channel<Integer> ch = Channel.<Integer>builder(0).measured().build();
        Thread t = Thread.ofVirtual().start(() -> {
            try {
                for (int i = 0; i < 100; i++) {
                    ch.send(i);
                }
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        });
        for (int i = 0; i < 100; i++) {
            assertEquals(i, ch.receive());
        }
        t.join();
        ChannelStats s = ch.stats();
        assertEquals(100, s.sent());
        assertEquals(100, s.received());
        assertEquals(0, s.backlogMax());
    }

    @Test
    void ratesCoverTheWindow() throws InterruptedException {
        Channel<Integer> ch = Channel.<Integer>builder(1024).measured().build();
        for (int i = 0; i < 1000; i++) {
            ch.send(i);
            ch.receive();
        }
        ChannelStats s = ch.stats();
        assertTrue(s.sendRate() > 0.0, s.toString());
        assertTrue(s.receiveRate() > 0.0, s.toString());
        assertTrue(s.window().toNanos() > 0L);
    }

    @Test
    void resizeKeepsOrderAndMovesBlockedSendersIn() throws Exception {
        Channel<Integer> ch = Channel.<Integer>builder(4).adaptive(1, 64).build();
        // Wrap the ring so the copy has to unwrap it.
        for (int i = 0; i < 3; i++) {
            ch.send(-1);
            ch.receive();
        }
        for (int i = 0; i < 4; i++) {
            ch.send(i);
        }
        Thread[] senders = new Thread[3];
        for (int i = 0; i < senders.length; i++) {
            int v = 4 + i;
            senders[i] = Thread.ofVirtual().start(() -> {
                try {
                    ch.send(v);
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
            });
            Case.awaitParked(senders[i]); // one at a time, so their FIFO order is 4, 5, 6
        }
        ch.resize(16);
        for (Thread t : senders) {
            t.join();
        }
        assertEquals(16, ch.capacity());
        assertEquals(7, ch.size());
        assertEquals(10, ch.stats().sent()); // 3 + 4, and the 3 senders the growth moved in
        ch.resize(2); // cannot drop: shrinks only to the 7 buffered
        assertEquals(7, ch.capacity());
        for (int i = 0; i < 7; i++) {
            assertEquals(i, ch.receive());
        }
        ch.resize(2);
        assertEquals(2, ch.capacity());
    }

    @Test
    void onlyAnAdaptiveChannelResizes() {
        assertThrows(IllegalStateException.class, () -> Channel.<Integer>builder(4).measured().build().resize(8));
    }

    @Test
    void adaptiveArgumentsAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> Channel.builder(4).adaptive(0, 8));
        assertThrows(IllegalArgumentException.class, () -> Channel.builder(4).adaptive(8, 4));
        assertThrows(IllegalArgumentException.class, () -> Channel.builder(0).adaptive(1, 4));
        assertEquals(8, Channel.builder(100).adaptive(2, 8).build().capacity());
        assertEquals(2, Channel.builder(1).adaptive(2, 8).build().capacity());
    }
}
