package io.loomkit.jcstress.context;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.loomkit.context.CancellableContext;
import io.loomkit.context.Context;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Mode;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.Signal;
import org.openjdk.jcstress.annotations.State;

/** A thread blocked in await() wakes up when another thread cancels the context. */
@JCStressTest(Mode.Termination)
@Outcome(id = "TERMINATED", expect = ACCEPTABLE, desc = "await() returned after the cancel")
@Outcome(id = "STALE", expect = FORBIDDEN, desc = "await() missed the cancel and stayed parked")
@State
public class AwaitWakesOnCancel {
    private final CancellableContext ctx = Context.background().withCancel();

    @Actor
    public void await() throws InterruptedException {
        ctx.await();
    }

    @Signal
    public void cancel() {
        ctx.cancel();
    }
}
