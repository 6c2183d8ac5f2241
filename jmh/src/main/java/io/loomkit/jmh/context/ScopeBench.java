package io.loomkit.jmh.context;

import io.loomkit.context.Context;
import io.loomkit.context.TaskScope;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * Fork and join of 10,000 trivial tasks: a TaskScope against what a user writes by hand with a
 * virtual-thread-per-task executor. The caller runs on a platform or a virtual thread.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ScopeBench {
    private static final int TASKS = 10_000;

    @Param({"loomkit", "virtualThreadExecutor"})
    public String impl;

    @Param({"platform", "virtual"})
    public String caller;

    @Benchmark
    public long forkJoin10k() throws Exception {
        return run();
    }

    /**
     * The same with loomkit's task monitor switched off: the difference to {@link #forkJoin10k()} is what
     * counting and listing live tasks (leak detection) costs per fork.
     */
    @Benchmark
    @Fork(jvmArgsAppend = "-Dio.loomkit.context.monitor=off")
    public long forkJoin10kUnmonitored() throws Exception {
        return run();
    }

    /**
     * The same on a virtual-thread scheduler of one carrier, for loomkit and the executor alike. With two
     * cores, a platform caller then has a core of its own and the carrier the other, so the run cannot fall
     * into the oversubscribed slow mode described in docs/benchmarks.md; from a virtual caller the forks
     * and the tasks share the one carrier. Either way what is left is the cost of a fork and a task.
     */
    @Benchmark
    @Fork(jvmArgsAppend = "-Djdk.virtualThreadScheduler.parallelism=1")
    public long forkJoin10kOneCarrier() throws Exception {
        return run();
    }

    private long run() throws Exception {
        return run(impl, caller);
    }

    /** One fork+join of {@link #TASKS} tasks by {@code impl}, called from a {@code caller} thread. */
    static long run(String impl, String caller) throws Exception {
        if (caller.equals("platform")) {
            return body(impl);
        }
        FutureTask<Long> f = new FutureTask<>(() -> body(impl));
        Thread.ofVirtual().start(f);
        return f.get();
    }

    private static long body(String impl) throws Exception {
        long sum = 0;
        if (impl.equals("loomkit")) {
            try (TaskScope scope = TaskScope.open(Context.background())) {
                List<io.loomkit.context.Task<Integer>> tasks = new ArrayList<>(TASKS);
                for (int i = 0; i < TASKS; i++) {
                    int n = i;
                    tasks.add(scope.fork(ctx -> n));
                }
                scope.join();
                for (io.loomkit.context.Task<Integer> t : tasks) {
                    sum += t.get();
                }
            }
        } else if (impl.equals("virtualThreadExecutor")) {
            try (ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
                List<Future<Integer>> tasks = new ArrayList<>(TASKS);
                for (int i = 0; i < TASKS; i++) {
                    int n = i;
                    tasks.add(ex.submit(() -> n));
                }
                for (Future<Integer> t : tasks) {
                    sum += t.get();
                }
            }
        } else {
            throw new IllegalArgumentException("impl: " + impl);
        }
        return sum;
    }
}
