package io.loomkit.pool;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** Runs test code on a platform or on a virtual thread, so each semantic test covers both. */
enum ThreadKind {
    PLATFORM,
    VIRTUAL;

    ExecutorService executor() {
        return this == VIRTUAL ? Executors.newVirtualThreadPerTaskExecutor() : Executors.newCachedThreadPool();
    }

    /** Runs {@code body} on one thread of this kind and rethrows whatever it threw. */
    void run(ThrowingRunnable body) throws Exception {
        try (ExecutorService ex = executor()) {
            Future<?> f = ex.submit(() -> {
                body.run();
                return null;
            });
            try {
                f.get(60, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof Exception x) {
                    throw x;
                }
                if (e.getCause() instanceof Error err) {
                    throw err;
                }
                throw e;
            }
        }
    }

    /** A test body that may throw. */
    @FunctionalInterface
    interface ThrowingRunnable {
        /**
         * Runs the body.
         *
         * @throws Exception anything the body throws
         */
        void run() throws Exception;
    }
}
