package io.loomkit.context;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TaskScopeTest {
    private static final ContextKey<String> REQUEST = ContextKey.named("request");

    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void joinWaitsForEveryTaskAndGetReturnsResults(ThreadKind kind) throws Exception {
        kind.run(() -> {
            try (TaskScope scope = TaskScope.open(Context.background())) {
                List<Task<Integer>> tasks = new ArrayList<>();
                for (int i = 0; i < 100; i++) {
                    int n = i;
                    tasks.add(scope.fork(ctx -> {
                        Thread.sleep(n % 5);
                        return n * n;
                    }));
                }
                scope.join();
                for (int i = 0; i < 100; i++) {
                    assertEquals(Task.State.SUCCEEDED, tasks.get(i).state());
                    assertEquals(i * i, tasks.get(i).get());
                }
            }
        });
    }

    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void firstFailureCancelsSiblingsAndJoinThrowsItWrapped(ThreadKind kind) throws Exception {
        kind.run(() -> {
            IOException boom = new IOException("backend down");
            try (TaskScope scope = TaskScope.open(Context.background())) {
                Task<String> sleeper = scope.fork(ctx -> {
                    Thread.sleep(60_000); // woken by the interrupt the failure causes
                    return "never";
                });
                Task<String> failing = scope.fork(ctx -> {
                    throw boom;
                });
                TaskFailedException e = assertThrows(TaskFailedException.class, scope::join);
                assertSame(boom, e.getCause());
                assertEquals(Task.State.FAILED, failing.state());
                assertSame(boom, failing.exception());
                assertEquals(Task.State.CANCELLED, sleeper.state());
                assertInstanceOf(InterruptedException.class, sleeper.exception());
                assertSame(boom, scope.context().cause());
                IllegalStateException notSucceeded = assertThrows(IllegalStateException.class, failing::get);
                assertSame(boom, notSucceeded.getCause());
            }
        });
    }

    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void closeCancelsRunningTasksAndWaitsForThem(ThreadKind kind) throws Exception {
        kind.run(() -> {
            LinkedBlockingQueue<String> neverFed = new LinkedBlockingQueue<>();
            AtomicInteger finished = new AtomicInteger();
            List<Task<String>> tasks = new ArrayList<>();
            CountDownLatch started = new CountDownLatch(10);
            TaskScope scope = TaskScope.open(Context.background());
            for (int i = 0; i < 10; i++) {
                tasks.add(scope.fork(ctx -> {
                    try {
                        started.countDown();
                        return neverFed.take();
                    } finally {
                        finished.incrementAndGet();
                    }
                }));
            }
            started.await();
            scope.close();
            assertEquals(10, finished.get(), "close returns only when every task has finished");
            for (Task<String> t : tasks) {
                assertEquals(Task.State.CANCELLED, t.state());
            }
            assertTrue(scope.context().isCancelled());
            assertEquals(0, scope.running());
            scope.close(); // idempotent
        });
    }

    @Test
    void forkAfterCloseIsRejected() {
        TaskScope scope = TaskScope.builder(Context.background()).name("orders").open();
        scope.close();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> scope.fork(ctx -> 1));
        assertTrue(e.getMessage().contains("orders"), e.getMessage());
        assertEquals("task", assertThrows(NullPointerException.class, () -> TaskScope.open(Context.background()).fork(null)).getMessage());
    }

    @Test
    void tasksRunBoundToTheirOwnChildOfTheScopeContext() throws Exception {
        Context parent = Context.background().with(REQUEST, "r-1");
        try (TaskScope scope = TaskScope.open(parent)) {
            AtomicReference<Context> given = new AtomicReference<>();
            Task<Context> t = scope.fork(ctx -> {
                given.set(ctx);
                return Context.current();
            });
            scope.join();
            assertSame(given.get(), t.get());
            assertEquals("r-1", t.get().get(REQUEST));
            assertNotSame(scope.context(), t.get());
            assertTrue(t.get().isCancelled(), "a finished task's context is cancelled, releasing what it holds");
            assertFalse(scope.context().isCancelled());
        }
    }

    @Test
    void parentCancellationInterruptsTasksAndJoinThrowsCancelled() throws Exception {
        CancellableContext parent = Context.background().withCancel();
        try (TaskScope scope = TaskScope.open(parent)) {
            CountDownLatch started = new CountDownLatch(1);
            Task<Void> t = scope.fork(ctx -> {
                started.countDown();
                Thread.sleep(60_000);
                return null;
            });
            started.await();
            IllegalArgumentException why = new IllegalArgumentException("client went away");
            parent.cancel(why);
            CancelledException e = assertThrows(CancelledException.class, scope::join);
            assertSame(why, e.getCause());
            assertEquals(Task.State.CANCELLED, t.state());
        }
    }

    @Test
    void timeoutOfTheParentStopsTheScope() throws Exception {
        try (CancellableContext ctx = Context.background().withTimeout(Duration.ofMillis(30));
                TaskScope scope = TaskScope.open(ctx)) {
            scope.fork(c -> {
                c.await();
                c.throwIfCancelled();
                return null;
            });
            CancelledException e = assertThrows(CancelledException.class, scope::join);
            assertInstanceOf(DeadlineExceededException.class, e.getCause());
        }
    }

    @Test
    void forkIntoACancelledScopeDoesNotStartTheTask() throws Exception {
        CancellableContext parent = Context.background().withCancel();
        parent.cancel();
        try (TaskScope scope = TaskScope.open(parent)) {
            AtomicBoolean ran = new AtomicBoolean();
            Task<Boolean> t = scope.fork(ctx -> ran.getAndSet(true));
            assertEquals(Task.State.CANCELLED, t.state());
            assertThrows(CancelledException.class, scope::join);
            assertFalse(ran.get());
        }
    }

    @Test
    void getBeforeJoinIsAnError() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (TaskScope scope = TaskScope.open(Context.background())) {
            Task<String> t = scope.fork(ctx -> {
                release.await();
                return "done";
            });
            assertEquals(Task.State.RUNNING, t.state());
            IllegalStateException e = assertThrows(IllegalStateException.class, t::get);
            assertTrue(e.getMessage().contains("join"), e.getMessage());
            release.countDown();
            scope.join();
            assertEquals("done", t.get());
        }
    }

    @Test
    void aConfiguredThreadFactoryIsUsed() throws Exception {
        try (TaskScope scope = TaskScope.builder(Context.background())
                .name("io")
                .threadFactory(r -> Thread.ofPlatform().name("io-worker").unstarted(r))
                .open()) {
            Task<String> t = scope.fork(ctx -> Thread.currentThread().getName() + "/" + Thread.currentThread().isVirtual());
            scope.join();
            assertEquals("io-worker/false", t.get());
            assertEquals("io#1", t.name());
        }
    }

    @Test
    void aThreadFactoryThatFailsReleasesTheSlot() {
        try (TaskScope scope = TaskScope.builder(Context.background()).threadFactory(r -> null).open()) {
            assertThrows(NullPointerException.class, () -> scope.fork(ctx -> 1));
            assertEquals(0, scope.running());
        }
    }

    @Test
    void nestedScopesKnowTheirPath() throws Exception {
        try (TaskScope outer = TaskScope.builder(Context.background()).name("request").open()) {
            Task<List<String>> t = outer.fork(ctx -> {
                try (TaskScope inner = TaskScope.builder(ctx).name("fanout").open()) {
                    return inner.path();
                }
            });
            outer.join();
            assertEquals(List.of("request", "fanout"), t.get());
        }
    }

    @Test
    void badBuilderInputIsRejected() {
        assertEquals("parent", assertThrows(NullPointerException.class, () -> TaskScope.open(null)).getMessage());
        TaskScope.Builder b = TaskScope.builder(Context.background());
        assertEquals("name", assertThrows(NullPointerException.class, () -> b.name(null)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> b.name(" "));
        assertEquals("threadFactory", assertThrows(NullPointerException.class, () -> b.threadFactory(null)).getMessage());
    }

    @Test
    void manyShortTasksLeaveNoEntriesInTheScopeContext() throws Exception {
        try (TaskScope scope = TaskScope.open(Context.background())) {
            for (int i = 0; i < 10_000; i++) {
                scope.fork(ctx -> 1);
            }
            scope.join();
            CancelNode scopeNode = ((AbstractContext) scope.context()).source;
            assertEquals(0, scopeNode.registeredListeners());
            assertTrue(scopeNode.linkedEntries() <= 64, "finished tasks must be swept: " + scopeNode.linkedEntries());
        }
    }
}
