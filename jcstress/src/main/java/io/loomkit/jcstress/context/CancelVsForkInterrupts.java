package io.loomkit.jcstress.context;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.loomkit.context.CancellableContext;
import io.loomkit.context.Context;
import io.loomkit.context.Task;
import io.loomkit.context.TaskScope;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.I_Result;

/**
 * A cancel racing fork(): a task whose context is cancelled at any moment, before its thread runs, while
 * it starts or while its body runs, has its thread interrupted (or never runs). The task only sleeps, so
 * it ends by an interrupt or, if the interrupt was lost, after a second. The window this guards is
 * between the task's link into the scope's context and its thread being known (TaskNode.start/run).
 */
@JCStressTest
@Outcome(id = "1", expect = ACCEPTABLE, desc = "the task ran and its sleep was interrupted")
@Outcome(id = "2", expect = ACCEPTABLE, desc = "the task was cancelled before it started")
@Outcome(id = "0", expect = FORBIDDEN, desc = "the task slept to the end: its interrupt was lost")
@Outcome(expect = FORBIDDEN, desc = "anything else")
@State
public class CancelVsForkInterrupts {
    private final CancellableContext parent = Context.background().withCancel();
    private final TaskScope scope = TaskScope.open(parent);
    private volatile Task<Integer> task;

    @Actor
    public void fork() {
        task = scope.fork(ctx -> {
            try {
                Thread.sleep(1_000);
                return 0;
            } catch (InterruptedException e) {
                return 1;
            }
        });
    }

    @Actor
    public void cancel() {
        parent.cancel();
    }

    @Arbiter
    public void arbiter(I_Result r) {
        scope.close(); // waits for the task
        Task<Integer> t = task;
        r.r1 = t.state() == Task.State.SUCCEEDED ? t.get() : t.state() == Task.State.CANCELLED ? 2 : -1;
    }
}
