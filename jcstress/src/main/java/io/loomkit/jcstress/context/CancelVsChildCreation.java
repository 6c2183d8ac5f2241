package io.loomkit.jcstress.context;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.loomkit.context.CancellableContext;
import io.loomkit.context.Context;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.ZZ_Result;

/** A child created while its parent is cancelled always ends cancelled, with the parent's cause. */
@JCStressTest
@Outcome(id = "true, true", expect = ACCEPTABLE, desc = "child cancelled with the parent's cause")
@Outcome(id = "false, .*", expect = FORBIDDEN, desc = "child missed the parent's cancel")
@Outcome(id = "true, false", expect = FORBIDDEN, desc = "child cancelled with another cause")
@State
public class CancelVsChildCreation {
    private final CancellableContext parent = Context.background().withCancel();
    private final IllegalStateException cause = new IllegalStateException("parent cancelled");
    private volatile Context child;

    @Actor
    public void cancel() {
        parent.cancel(cause);
    }

    @Actor
    public void createChild() {
        child = parent.withCancel();
    }

    @Arbiter
    public void arbiter(ZZ_Result r) {
        r.r1 = child.isCancelled();
        r.r2 = child.cause() == cause;
    }
}
