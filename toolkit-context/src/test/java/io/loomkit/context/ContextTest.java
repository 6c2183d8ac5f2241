package io.loomkit.context;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ContextTest {
    private static final ContextKey<String> USER = ContextKey.named("user");
    private static final ContextKey<Integer> LEVEL = ContextKey.named("level");

    @Test
    void backgroundIsNeverCancelledAndCarriesNothing() {
        Context bg = Context.background();
        assertFalse(bg.isCancelled());
        assertNull(bg.cause());
        assertEquals(Optional.empty(), bg.deadline());
        assertNull(bg.get(USER));
        bg.throwIfCancelled();
        assertSame(bg, Context.background());
    }

    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void plainCancelHasCancelledExceptionCauseAndWinsOnce(ThreadKind kind) throws Exception {
        kind.run(() -> {
            CancellableContext ctx = Context.background().withCancel();
            assertFalse(ctx.isCancelled());
            assertTrue(ctx.cancel());
            assertFalse(ctx.cancel());
            assertFalse(ctx.cancel(new IllegalStateException("late")));
            assertTrue(ctx.isCancelled());
            assertInstanceOf(CancelledException.class, ctx.cause());
            CancelledException thrown = assertThrows(CancelledException.class, ctx::throwIfCancelled);
            assertSame(ctx.cause(), thrown.getCause());
        });
    }

    @Test
    void cancelWithCauseKeepsThatCause() {
        IllegalStateException why = new IllegalStateException("upstream failed");
        CancellableContext ctx = Context.background().withCancel();
        ctx.cancel(why);
        assertSame(why, ctx.cause());
    }

    @Test
    void closeCancels() {
        CancellableContext ctx;
        try (CancellableContext c = Context.background().withCancel()) {
            ctx = c;
            assertFalse(c.isCancelled());
        }
        assertTrue(ctx.isCancelled());
        ctx.close(); // idempotent
    }

    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void parentCancelReachesEveryDescendantWithTheParentsCause(ThreadKind kind) throws Exception {
        kind.run(() -> {
            CancellableContext parent = Context.background().withCancel();
            CancellableContext child = parent.with(USER, "ann").withCancel();
            Context grandchild = child.with(LEVEL, 2).withTimeout(Duration.ofHours(1));
            RuntimeException why = new RuntimeException("shutdown");
            parent.cancel(why);
            assertTrue(child.isCancelled());
            assertTrue(grandchild.isCancelled());
            assertSame(why, child.cause());
            assertSame(why, grandchild.cause());
        });
    }

    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void childCancelledAfterItsParentKeepsTheParentsCauseEvenIfNeverObserved(ThreadKind kind) throws Exception {
        kind.run(() -> {
            CancellableContext parent = Context.background().withCancel();
            CancellableContext child = parent.withCancel(); // lazy: not linked until observed
            CancellableContext grandchild = child.withCancel();
            RuntimeException why = new RuntimeException("parent");
            parent.cancel(why);
            assertFalse(grandchild.cancel(new RuntimeException("late")), "the parent's cancel came first");
            assertSame(why, grandchild.cause());
            assertFalse(child.cancel(), "the parent's cancel came first");
            assertSame(why, child.cause());
        });
    }

    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void actionOnANeverObservedGrandchildRunsWhenTheRootIsCancelled(ThreadKind kind) throws Exception {
        kind.run(() -> {
            CancellableContext parent = Context.background().withCancel();
            Context grandchild = parent.withCancel().with(USER, "ann").withCancel();
            AtomicInteger runs = new AtomicInteger();
            grandchild.onCancel(runs::incrementAndGet); // links the grandchild and, through it, the child
            assertEquals(1, ((CancelNode) parent).linkedEntries());
            RuntimeException why = new RuntimeException("parent");
            parent.cancel(why);
            assertEquals(1, runs.get());
            assertSame(why, grandchild.cause());
        });
    }

    @Test
    void childrenLinkIntoTheParentOnlyWhenObserved() {
        CancellableContext parent = Context.background().withCancel();
        for (int i = 0; i < 1_000; i++) {
            parent.withCancel().cancel();
        }
        assertEquals(0, ((CancelNode) parent).linkedEntries(), "unobserved children never touch the parent");
        CancellableContext child = parent.withCancel();
        assertFalse(child.isCancelled());
        assertFalse(child.isCancelled());
        assertNull(child.cause());
        assertEquals(1, ((CancelNode) parent).linkedEntries(), "the first observation links the child once");
        child.cancel();
        assertFalse(parent.isCancelled());
    }

    @Test
    void cancellingAChildNeverTouchesTheParent() {
        CancellableContext parent = Context.background().withCancel();
        CancellableContext child = parent.withCancel();
        child.cancel();
        assertTrue(child.isCancelled());
        assertFalse(parent.isCancelled());
        assertNull(parent.cause());
    }

    @Test
    void childOfACancelledParentIsCancelledAtBirth() {
        CancellableContext parent = Context.background().withCancel();
        IllegalStateException why = new IllegalStateException("gone");
        parent.cancel(why);
        CancellableContext child = parent.withCancel();
        assertTrue(child.isCancelled());
        assertSame(why, child.cause());
        assertTrue(parent.with(USER, "x").withTimeout(Duration.ofDays(1)).isCancelled());
    }

    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void timeoutCancelsWithDeadlineExceeded(ThreadKind kind) throws Exception {
        kind.run(() -> {
            CancellableContext ctx = Context.background().withTimeout(Duration.ofMillis(20));
            assertTrue(ctx.deadline().isPresent());
            assertTrue(ctx.await(Duration.ofSeconds(10)), "deadline should fire");
            assertInstanceOf(DeadlineExceededException.class, ctx.cause());
        });
    }

    @Test
    void zeroAndNegativeTimeoutsAndPastDeadlinesCancelAtOnce() {
        assertInstanceOf(DeadlineExceededException.class, Context.background().withTimeout(Duration.ZERO).cause());
        assertInstanceOf(DeadlineExceededException.class,
                Context.background().withTimeout(Duration.ofSeconds(-5)).cause());
        assertInstanceOf(DeadlineExceededException.class,
                Context.background().withDeadline(Instant.now().minusSeconds(1)).cause());
    }

    @Test
    void hugeTimeoutsSaturateInsteadOfOverflowing() {
        CancellableContext ctx = Context.background().withTimeout(Duration.ofSeconds(Long.MAX_VALUE));
        assertFalse(ctx.isCancelled());
        assertEquals(Optional.of(Instant.MAX), ctx.deadline());
        ctx.cancel();
    }

    @Test
    void childDeadlineIsTheEarlierOfItsOwnAndItsParents() {
        Instant soon = Instant.now().plusSeconds(60);
        Instant later = soon.plusSeconds(3600);
        try (CancellableContext parent = Context.background().withDeadline(soon);
                CancellableContext laterChild = parent.withDeadline(later);
                CancellableContext earlierChild = parent.withDeadline(soon.minusSeconds(30))) {
            assertEquals(Optional.of(soon), laterChild.deadline());
            assertEquals(Optional.of(soon.minusSeconds(30)), earlierChild.deadline());
            assertEquals(Optional.of(soon), parent.with(USER, "u").deadline());
        }
    }

    @Test
    void parentDeadlineCancelsChildrenWithDeadlineExceeded() throws InterruptedException {
        CancellableContext parent = Context.background().withTimeout(Duration.ofMillis(20));
        CancellableContext child = parent.withTimeout(Duration.ofHours(1));
        assertTrue(child.await(Duration.ofSeconds(10)));
        assertInstanceOf(DeadlineExceededException.class, child.cause());
        assertSame(parent.cause(), child.cause());
    }

    @Test
    void cancelledTimersLeaveTheSharedTimerQueue() {
        int before = Deadlines.pendingTimers();
        List<CancellableContext> contexts = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            contexts.add(Context.background().withTimeout(Duration.ofHours(1)));
        }
        assertTrue(Deadlines.pendingTimers() >= before + 10_000);
        contexts.forEach(CancellableContext::cancel);
        assertTrue(Deadlines.pendingTimers() <= before, "cancelled timers must be removed, pending " + Deadlines.pendingTimers());
    }

    @Test
    void valuesAreTypedShadowedAndInheritedAcrossManyLevels() {
        Context ctx = Context.background();
        for (int i = 0; i < 20; i++) {
            ctx = ctx.with(LEVEL, i);
        }
        Context withUser = ctx.with(USER, "ann").withCancel().with(LEVEL, 99);
        assertEquals(99, withUser.get(LEVEL));
        assertEquals("ann", withUser.get(USER));
        assertEquals(19, ctx.get(LEVEL));
        assertNull(ctx.get(USER));
        assertNull(Context.background().get(LEVEL));
        ContextKey<String> sameName = ContextKey.named("user");
        assertNull(withUser.get(sameName), "keys compare by identity, not by name");
    }

    @Test
    void manyDistinctKeysAndRepeatedKeysAreAllFound() {
        List<ContextKey<Integer>> keys = new ArrayList<>();
        Context ctx = Context.background();
        for (int i = 0; i < 50; i++) {
            ContextKey<Integer> k = ContextKey.named("k" + i);
            keys.add(k);
            ctx = ctx.with(k, i).with(k, i + 1000); // the second value shadows the first, same segment or not
        }
        for (int i = 0; i < 50; i++) {
            assertEquals(i + 1000, ctx.get(keys.get(i)));
        }
    }

    @Test
    void siblingsDoNotSeeEachOthersValues() {
        Context base = Context.background().with(LEVEL, 1);
        Context a = base.with(USER, "a");
        Context b = base.with(USER, "b");
        assertEquals("a", a.get(USER));
        assertEquals("b", b.get(USER));
        assertNull(base.get(USER));
    }

    @Test
    void withoutCancelKeepsValuesAndDropsCancellationAndDeadline() {
        CancellableContext parent = Context.background().with(USER, "ann").withTimeout(Duration.ofHours(1));
        Context detached = parent.withoutCancel();
        parent.cancel();
        assertFalse(detached.isCancelled());
        assertEquals(Optional.empty(), detached.deadline());
        assertEquals("ann", detached.get(USER));
        assertFalse(detached.withCancel().isCancelled());
    }

    @Test
    void nullArgumentsAreRejectedByName() {
        Context bg = Context.background();
        CancellableContext c = bg.withCancel();
        assertEquals("key", assertThrows(NullPointerException.class, () -> bg.with(null, "v")).getMessage());
        assertEquals("value", assertThrows(NullPointerException.class, () -> bg.with(USER, null)).getMessage());
        assertEquals("key", assertThrows(NullPointerException.class, () -> bg.get(null)).getMessage());
        assertEquals("action", assertThrows(NullPointerException.class, () -> c.onCancel(null)).getMessage());
        assertEquals("timeout", assertThrows(NullPointerException.class, () -> bg.withTimeout(null)).getMessage());
        assertEquals("deadline", assertThrows(NullPointerException.class, () -> bg.withDeadline(null)).getMessage());
        assertEquals("cause", assertThrows(NullPointerException.class, () -> c.cancel(null)).getMessage());
        assertEquals("timeout", assertThrows(NullPointerException.class, () -> c.await(null)).getMessage());
        assertEquals("action", assertThrows(NullPointerException.class, () -> c.run(null)).getMessage());
        assertEquals("action", assertThrows(NullPointerException.class, () -> c.call(null)).getMessage());
        assertEquals("executor", assertThrows(NullPointerException.class, () -> c.wrap(null)).getMessage());
        assertFalse(c.isCancelled(), "a rejected call changes nothing");
    }

    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void onCancelRunsOnceAndAtOnceWhenAlreadyCancelled(ThreadKind kind) throws Exception {
        kind.run(() -> {
            CancellableContext ctx = Context.background().withCancel();
            AtomicInteger runs = new AtomicInteger();
            Registration r = ctx.onCancel(runs::incrementAndGet);
            ctx.cancel();
            ctx.cancel();
            assertEquals(1, runs.get());
            assertFalse(r.unregister(), "already ran");
            ctx.onCancel(runs::incrementAndGet);
            assertEquals(2, runs.get(), "registered after cancel: runs at once");
        });
    }

    @Test
    void unregisterPreventsTheRunExactlyOnce() {
        CancellableContext ctx = Context.background().withCancel();
        AtomicInteger runs = new AtomicInteger();
        Registration r = ctx.onCancel(runs::incrementAndGet);
        assertTrue(r.unregister());
        assertFalse(r.unregister());
        ctx.cancel();
        assertEquals(0, runs.get());
        Registration never = Context.background().onCancel(runs::incrementAndGet);
        assertTrue(never.unregister());
        assertFalse(never.unregister());
    }

    @Test
    void aThrowingListenerDoesNotStopTheOthersAndIsReported() throws Exception {
        List<Throwable> reported = new CopyOnWriteArrayList<>();
        AtomicInteger ran = new AtomicInteger();
        Thread t = new Thread(() -> {
            CancellableContext ctx = Context.background().withCancel();
            ctx.onCancel(ran::incrementAndGet);
            ctx.onCancel(() -> {
                throw new IllegalStateException("listener bug");
            });
            ctx.onCancel(ran::incrementAndGet);
            ctx.cancel();
        });
        t.setUncaughtExceptionHandler((thread, e) -> reported.add(e));
        t.start();
        t.join();
        assertEquals(2, ran.get());
        assertEquals(1, reported.size());
        assertEquals("listener bug", reported.get(0).getMessage());
    }

    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void awaitWakesOnCancelFromAnotherThread(ThreadKind kind) throws Exception {
        CancellableContext ctx = Context.background().withCancel();
        CountDownLatch waiting = new CountDownLatch(1);
        Thread canceller = Thread.ofVirtual().start(() -> {
            try {
                waiting.await();
                Thread.sleep(20);
            } catch (InterruptedException e) {
                return;
            }
            ctx.cancel();
        });
        kind.run(() -> {
            waiting.countDown();
            ctx.await();
            assertTrue(ctx.isCancelled());
        });
        canceller.join();
    }

    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void awaitHonoursInterruptAndTimeout(ThreadKind kind) throws Exception {
        kind.run(() -> {
            CancellableContext ctx = Context.background().withCancel();
            assertFalse(ctx.await(Duration.ofMillis(10)));
            Thread.currentThread().interrupt();
            assertThrows(InterruptedException.class, ctx::await);
            assertFalse(Thread.currentThread().isInterrupted());
            assertFalse(Context.background().await(Duration.ZERO));
            assertEquals(0, ((CancelNode) ctx).registeredListeners(), "await must unregister its wake-up");
        });
    }

    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void runCallAndWrapBindTheCurrentContextAndRestoreIt(ThreadKind kind) throws Exception {
        kind.run(() -> {
            Context outer = Context.background().with(USER, "outer");
            Context inner = Context.background().with(USER, "inner");
            assertSame(Context.background(), Context.current());
            outer.run(() -> {
                assertSame(outer, Context.current());
                try {
                    assertEquals("inner", inner.call(() -> Context.current().get(USER)));
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
                assertSame(outer, Context.current());
            });
            assertSame(Context.background(), Context.current());
            AtomicReference<Context> seen = new AtomicReference<>();
            CountDownLatch done = new CountDownLatch(1);
            inner.wrap(r -> Thread.ofVirtual().start(r)).execute(() -> {
                seen.set(Context.current());
                done.countDown();
            });
            assertTrue(done.await(10, TimeUnit.SECONDS));
            assertSame(inner, seen.get());
        });
    }

    @Test
    void cancelledChildrenAreUnlinkedFromALongLivedParent() {
        CancellableContext parent = Context.background().withCancel();
        java.lang.ref.WeakReference<CancellableContext> first = null;
        for (int i = 0; i < 1_000_000; i++) {
            CancellableContext child = parent.withCancel();
            child.onCancel(() -> { });
            if (first == null) {
                first = new java.lang.ref.WeakReference<>(child);
            }
            child.cancel();
        }
        assertTrue(((CancelNode) parent).linkedEntries() <= 64,
                "a parent must not keep entries of cancelled children: " + ((CancelNode) parent).linkedEntries());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (first.get() != null && System.nanoTime() < deadline) {
            System.gc();
        }
        assertNull(first.get(), "a cancelled child must be collectable while its parent lives");
        assertFalse(parent.isCancelled());
    }

    @Test
    void liveChildrenStayLinkedAndAreCancelledWithTheParent() {
        CancellableContext parent = Context.background().withCancel();
        List<CancellableContext> live = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            CancellableContext c = parent.withCancel();
            if (i % 10 == 0) {
                live.add(c);
            } else {
                c.cancel();
            }
        }
        parent.cancel();
        live.forEach(c -> assertTrue(c.isCancelled()));
    }

    @Test
    void toStringShowsStateDeadlineAndValues() {
        CancellableContext ctx = Context.background().with(USER, "ann").withCancel();
        assertTrue(ctx.toString().contains("live"), ctx.toString());
        assertTrue(ctx.toString().contains("user=ann"), ctx.toString());
        ctx.cancel();
        assertTrue(ctx.toString().contains("cancelled"), ctx.toString());
    }
}
