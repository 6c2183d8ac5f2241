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
import org.openjdk.jcstress.infra.results.IIII_Result;

/**
 * Two cancels with different causes: exactly one wins, and the context, its child and a third thread
 * that observed the cancellation all see the winner's cause.
 */
@JCStressTest
@Outcome(id = "1, 0, 1, 1", expect = ACCEPTABLE, desc = "first cancel won; everyone sees cause 1")
@Outcome(id = "0, 1, 2, 2", expect = ACCEPTABLE, desc = "second cancel won; everyone sees cause 2")
@Outcome(expect = FORBIDDEN, desc = "both or neither won, or observers disagree on the cause")
@State
public class ConcurrentCancelCauses {
    private final CancellableContext ctx = Context.background().withCancel();
    private final Context child = ctx.withCancel();
    private final RuntimeException one = new RuntimeException("1");
    private final RuntimeException two = new RuntimeException("2");

    @Actor
    public void first(IIII_Result r) {
        r.r1 = ctx.cancel(one) ? 1 : 0;
    }

    @Actor
    public void second(IIII_Result r) {
        r.r2 = ctx.cancel(two) ? 1 : 0;
    }

    @Arbiter
    public void arbiter(IIII_Result r) {
        r.r3 = id(ctx.cause());
        int childSees = id(child.cause());
        r.r4 = childSees == r.r3 ? childSees : -1;
    }

    private int id(Throwable t) {
        return t == one ? 1 : t == two ? 2 : 0;
    }
}
