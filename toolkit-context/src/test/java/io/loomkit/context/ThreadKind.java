package io.loomkit.context;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;

/** Runs a test body on a platform or a virtual thread, so each rule is checked on both. */
enum ThreadKind {
    PLATFORM,
    VIRTUAL;

    Thread.Builder builder() {
        return this == PLATFORM ? Thread.ofPlatform().daemon() : Thread.ofVirtual();
    }

    <T> T call(Callable<T> body) throws Exception {
        FutureTask<T> task = new FutureTask<>(body);
        Thread t = builder().name("test-" + name().toLowerCase()).start(task);
        try {
            return task.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception ex) {
                throw ex;
            }
            throw e;
        } finally {
            t.interrupt();
        }
    }

    void run(ThrowingRunnable body) throws Exception {
        call(() -> {
            body.run();
            return null;
        });
    }

    @FunctionalInterface
    interface ThrowingRunnable {
        void run() throws Exception;
    }
}
