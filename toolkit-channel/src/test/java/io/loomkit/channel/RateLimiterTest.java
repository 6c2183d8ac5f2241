package io.loomkit.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loomkit.context.CancellableContext;
import io.loomkit.context.CancelledException;
import io.loomkit.context.Context;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RateLimiterTest {

    private static Thread start(boolean virtual, Runnable task) {
        return virtual ? Thread.ofVirtual().start(task) : Thread.ofPlatform().start(task);
    }

    @Test
    void argumentsAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> RateLimiter.perSecond(0, 1));
        assertThrows(IllegalArgumentException.class, () -> RateLimiter.perSecond(Double.NaN, 1));
        assertThrows(IllegalArgumentException.class, () -> RateLimiter.perSecond(Double.POSITIVE_INFINITY, 1));
        assertThrows(IllegalArgumentException.class, () -> RateLimiter.perSecond(10, 0));
        assertThrows(NullPointerException.class, () -> RateLimiter.perSecond(10, 1).acquire(null));
        assertEquals("RateLimiter[10.0 per s, burst 2]", RateLimiter.perSecond(10, 2).toString());
    }

    @Test
    void startsWithAFullBucketOfBurstPermits() {
        RateLimiter limiter = RateLimiter.perSecond(0.001, 3);
        assertTrue(limiter.tryAcquire());
        assertTrue(limiter.tryAcquire());
        assertTrue(limiter.tryAcquire());
        assertFalse(limiter.tryAcquire());
    }

    @Test
    void acquireCannotOutrunTheRate() throws InterruptedException {
        RateLimiter limiter = RateLimiter.perSecond(1_000, 1);
        long start = System.nanoTime();
        for (int i = 0; i < 51; i++) {
            limiter.acquire();
        }
        // One permit was in the bucket; 50 more refill at one per millisecond. A lower bound only.
        assertTrue(System.nanoTime() - start >= 49_000_000L);
    }

    @ParameterizedTest(name = "virtual={0}")
    @ValueSource(booleans = {false, true})
    void cancellingTheContextWakesAWaiterWithoutAPermit(boolean virtual) throws Exception {
        RateLimiter limiter = RateLimiter.perSecond(0.001, 1);
        assertTrue(limiter.tryAcquire());
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        try (CancellableContext ctx = Context.background().withCancel()) {
            Thread t = start(virtual, () -> {
                try {
                    limiter.acquire(ctx);
                } catch (Throwable e) {
                    thrown.set(e);
                }
            });
            Case.awaitParked(t);
            RuntimeException why = new RuntimeException("stop");
            ctx.cancel(why);
            t.join();
            assertTrue(thrown.get() instanceof CancelledException, String.valueOf(thrown.get()));
            assertSame(why, thrown.get().getCause());
        }
    }

    @Test
    void anAlreadyCancelledContextFailsAtOnce() {
        RateLimiter limiter = RateLimiter.perSecond(1, 1);
        try (CancellableContext ctx = Context.background().withCancel()) {
            ctx.cancel();
            assertThrows(CancelledException.class, () -> limiter.acquire(ctx));
        }
        assertTrue(limiter.tryAcquire()); // the failed call took nothing
    }

    @ParameterizedTest(name = "virtual={0}")
    @ValueSource(booleans = {false, true})
    void interruptWakesAWaiter(boolean virtual) throws Exception {
        RateLimiter limiter = RateLimiter.perSecond(0.001, 1);
        assertTrue(limiter.tryAcquire());
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread t = start(virtual, () -> {
            try {
                limiter.acquire();
            } catch (Throwable e) {
                thrown.set(e);
            }
        });
        Case.awaitParked(t);
        t.interrupt();
        t.join();
        assertTrue(thrown.get() instanceof InterruptedException, String.valueOf(thrown.get()));
    }
}
