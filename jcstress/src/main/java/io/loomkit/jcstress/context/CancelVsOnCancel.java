package io.loomkit.jcstress.context;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.loomkit.context.CancellableContext;
import io.loomkit.context.Context;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.I_Result;

/** An action registered while the context is being cancelled runs exactly once: never lost, never twice. */
@JCStressTest
@Outcome(id = "1", expect = ACCEPTABLE, desc = "the action ran once (from the stack or at registration)")
@Outcome(id = "0", expect = FORBIDDEN, desc = "lost: registered but never ran")
@Outcome(expect = FORBIDDEN, desc = "ran more than once")
@State
public class CancelVsOnCancel {
    private final CancellableContext ctx = Context.background().withCancel();
    private final AtomicInteger runs = new AtomicInteger();

    @Actor
    public void cancel() {
        ctx.cancel();
    }

    @Actor
    public void register() {
        ctx.onCancel(runs::incrementAndGet);
    }

    @Arbiter
    public void arbiter(I_Result r) {
        r.r1 = runs.get();
    }
}
