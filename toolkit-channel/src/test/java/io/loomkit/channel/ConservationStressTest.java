package io.loomkit.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.loomkit.context.CancellableContext;
import io.loomkit.context.CancelledException;
import io.loomkit.context.Context;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Nothing lost, nothing duplicated: producers and consumers use every kind of send, receive and select on
 * two channels while a chaos thread interrupts them and cancels their contexts at random. At the end every
 * element must have been received, returned to its producer, or handed to onUndelivered exactly once.
 * {@code -Dloomkit.stress.elements=N} sets the elements per case (default 500,000, about 12 s for all cases;
 * run with millions by hand: a lost-element race in the reusable waiter slots (ADR 0028) showed only at
 * 2,000,000, in 4 of 14 cases).
 */
class ConservationStressTest {
    private static final int PRODUCERS = 3;
    private static final int CONSUMERS = 3;
    private static final int ELEMENTS = Integer.getInteger("loomkit.stress.elements", 500_000);

    /** Where each element ended: incremented once per fate, so each slot must end at exactly 1. */
    private final AtomicIntegerArray fate = new AtomicIntegerArray(ELEMENTS);
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    @ChannelCases
    void everyElementIsReceivedReturnedOrUndeliveredExactlyOnce(Case c) throws Exception {
        Channel<Integer> a = Channel.<Integer>builder(c.capacity()).onUndelivered(fate::incrementAndGet).build();
        Channel<Integer> b = Channel.<Integer>builder(c.capacity()).onUndelivered(fate::incrementAndGet).build();
        run(c, a, b, false);
    }

    /** The same on an adaptive channel that a chaos thread also resizes, and a measured one. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("buffered")
    void adaptiveChannelsResizedUnderLoadLoseAndDuplicateNothing(Case c) throws Exception {
        Channel<Integer> a = Channel.<Integer>builder(c.capacity()).adaptive(1, 64)
                .onUndelivered(fate::incrementAndGet).build();
        Channel<Integer> b = Channel.<Integer>builder(c.capacity()).measured()
                .onUndelivered(fate::incrementAndGet).build();
        run(c, a, b, true);
        ChannelStats s = b.stats();
        assertEquals(s.sent(), s.received(), s.toString()); // b was closed normally and drained
    }

    static List<Case> buffered() {
        return List.of(new Case(1, false), new Case(1, true), new Case(16, false), new Case(16, true));
    }

    private void run(Case c, Channel<Integer> a, Channel<Integer> b, boolean resize) throws Exception {
        List<Thread> producers = new ArrayList<>();
        List<Thread> consumers = new ArrayList<>();
        AtomicReferenceArray<CancellableContext> contexts = new AtomicReferenceArray<>(PRODUCERS + CONSUMERS);
        for (int p = 0; p < PRODUCERS; p++) {
            int id = p;
            producers.add(c.start(guard(() -> produce(id, a, b, contexts))));
        }
        for (int k = 0; k < CONSUMERS; k++) {
            int slot = PRODUCERS + k;
            consumers.add(c.start(guard(() -> consume(slot, a, b, contexts))));
        }
        List<Thread> all = new ArrayList<>(producers);
        all.addAll(consumers);
        AtomicBoolean chaosOn = new AtomicBoolean(true);
        Thread chaos = c.start(guard(() -> {
            ThreadLocalRandom rnd = ThreadLocalRandom.current();
            while (chaosOn.get()) {
                int victim = rnd.nextInt(all.size());
                if (rnd.nextBoolean()) {
                    all.get(victim).interrupt();
                } else {
                    CancellableContext ctx = contexts.get(victim);
                    if (ctx != null) {
                        ctx.cancel();
                    }
                }
                if (resize) {
                    a.resize(1 + rnd.nextInt(32));
                }
                LockSupport.parkNanos(rnd.nextInt(20_000));
            }
        }));
        for (Thread t : producers) {
            t.join();
        }
        chaosOn.set(false);
        chaos.join();
        // a fails: its buffer goes to onUndelivered; b closes normally: consumers drain it.
        a.closeWithError(new IllegalStateException("stress over"));
        b.close();
        for (Thread t : consumers) {
            t.join();
        }
        if (failure.get() != null) {
            throw new AssertionError("a worker failed", failure.get());
        }
        for (int i = 0; i < ELEMENTS; i++) {
            assertEquals(1, fate.get(i), "element " + i);
        }
        assertFalse(a.hasWaiters());
        assertFalse(b.hasWaiters());
    }

    private interface Work {
        void run() throws Exception;
    }

    private Runnable guard(Work work) {
        return () -> {
            try {
                work.run();
            } catch (Throwable e) {
                failure.compareAndSet(null, e);
            }
        };
    }

    private static CancellableContext context(AtomicReferenceArray<CancellableContext> contexts, int slot) {
        CancellableContext ctx = contexts.get(slot);
        if (ctx == null || ctx.isCancelled()) {
            ctx = Context.background().withCancel();
            contexts.set(slot, ctx);
        }
        return ctx;
    }

    private void produce(int id, Channel<Integer> a, Channel<Integer> b,
            AtomicReferenceArray<CancellableContext> contexts) {
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        for (int e = id; e < ELEMENTS; e += PRODUCERS) {
            Channel<Integer> ch = rnd.nextBoolean() ? a : b;
            boolean sent;
            try {
                sent = switch (rnd.nextInt(6)) {
                    case 0 -> {
                        ch.send(e);
                        yield true;
                    }
                    case 1 -> {
                        ch.send(context(contexts, id), e);
                        yield true;
                    }
                    case 2 -> ch.send(e, Duration.ofNanos(rnd.nextInt(50_000)));
                    case 3 -> ch.trySend(e);
                    case 4 -> Select.select(a.onSend(e, () -> true), b.onSend(e, () -> true));
                    default -> Select.select(ch.onSend(e, () -> true),
                            Select.onCancel(context(contexts, id), () -> false),
                            Select.onTimeout(Duration.ofNanos(rnd.nextInt(50_000)), () -> false));
                };
            } catch (InterruptedException | CancelledException ex) {
                sent = false;
            }
            if (!sent) {
                fate.incrementAndGet(e); // returned to the producer, which still owns it
            }
        }
    }

    private void consume(int slot, Channel<Integer> a, Channel<Integer> b,
            AtomicReferenceArray<CancellableContext> contexts) {
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        while (true) {
            Channel<Integer> ch = rnd.nextBoolean() ? a : b;
            Integer e;
            try {
                e = switch (rnd.nextInt(6)) {
                    case 0 -> ch.receive();
                    case 1 -> ch.receive(context(contexts, slot));
                    case 2 -> ch.receive(Duration.ofNanos(rnd.nextInt(50_000))).orElse(null);
                    case 3 -> ch.tryReceive();
                    case 4 -> Select.select(a.onReceive(x -> x), b.onReceive(x -> x));
                    default -> Select.select(ch.onReceive(x -> x),
                            Select.onCancel(context(contexts, slot), () -> null),
                            Select.onTimeout(Duration.ofNanos(rnd.nextInt(50_000)), () -> null));
                };
            } catch (InterruptedException | CancelledException ex) {
                e = null;
            } catch (ChannelClosedException closed) {
                break;
            }
            if (e != null) {
                fate.incrementAndGet(e);
            }
        }
        Thread.interrupted();
        drain(b);
    }

    private void drain(Channel<Integer> ch) {
        try {
            Integer e;
            while ((e = ch.tryReceive()) != null) {
                fate.incrementAndGet(e);
            }
        } catch (ChannelClosedException closed) {
            // b is closed and drained, or a failed: either way nothing is left to take.
        }
    }
}
