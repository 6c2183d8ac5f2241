package io.loomkit.jcstress.context;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.loomkit.context.CancellableContext;
import io.loomkit.context.Context;
import io.loomkit.context.Registration;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.ZI_Result;

/** unregister() racing cancel(): the action runs xor unregister returns true. */
@JCStressTest
@Outcome(id = "true, 0", expect = ACCEPTABLE, desc = "unregister won: the action never ran")
@Outcome(id = "false, 1", expect = ACCEPTABLE, desc = "cancel won: the action ran once")
@Outcome(id = "true, 1", expect = FORBIDDEN, desc = "unregister claimed to prevent a run that happened")
@Outcome(id = "false, 0", expect = FORBIDDEN, desc = "the action was lost")
@Outcome(expect = FORBIDDEN, desc = "the action ran twice")
@State
public class UnregisterVsCancel {
    private final CancellableContext ctx = Context.background().withCancel();
    private final AtomicInteger runs = new AtomicInteger();
    private final Registration registration = ctx.onCancel(runs::incrementAndGet);

    @Actor
    public void cancel() {
        ctx.cancel();
    }

    @Actor
    public void unregister(ZI_Result r) {
        r.r1 = registration.unregister();
    }

    @Arbiter
    public void arbiter(ZI_Result r) {
        r.r2 = runs.get();
    }
}
