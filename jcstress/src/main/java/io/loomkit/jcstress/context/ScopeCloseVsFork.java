package io.loomkit.jcstress.context;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.loomkit.context.Context;
import io.loomkit.context.Task;
import io.loomkit.context.TaskScope;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * close() racing fork(): once close() has returned, no task of the scope is running. A fork either is
 * rejected, or its task is cancelled before it starts, or it starts and close() cancels and waits for it.
 * The task blocks until its context is cancelled, so a missed cancel would leave it running.
 */
@JCStressTest
@Outcome(id = "0, 0, 0", expect = ACCEPTABLE, desc = "fork rejected: the scope was already closed")
@Outcome(id = "1, 0, 0", expect = ACCEPTABLE, desc = "forked, then cancelled and awaited by close()")
@Outcome(expect = FORBIDDEN, desc = "a task was still running, or not ended, after close() returned")
@State
public class ScopeCloseVsFork {
    private final TaskScope scope = TaskScope.open(Context.background());
    private final AtomicInteger running = new AtomicInteger();
    private volatile Task<Void> task;

    @Actor
    public void close() {
        scope.close();
    }

    @Actor
    public void fork(III_Result r) {
        try {
            task = scope.fork(ctx -> {
                running.incrementAndGet();
                try {
                    ctx.await();
                } finally {
                    running.decrementAndGet();
                }
                return null;
            });
            r.r1 = 1;
        } catch (IllegalStateException closed) {
            r.r1 = 0;
        }
    }

    @Arbiter
    public void arbiter(III_Result r) {
        r.r2 = running.get();
        Task<Void> t = task;
        r.r3 = t != null && t.state() == Task.State.RUNNING ? 1 : 0;
    }
}
