package io.loomkit.jcstress.context;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.loomkit.context.CancellableContext;
import io.loomkit.context.Context;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * A child of a cancellable parent links itself into the parent lazily, at its first observation. Two
 * first observations racing (an onCancel on one thread, an isCancelled on the other, which then cancels
 * the parent, racing the onCancel's link): the action runs exactly once, with the parent's cause, and the
 * child ends cancelled with the parent's cause.
 */
@JCStressTest
@Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "action ran once; child and action saw the parent's cause")
@Outcome(expect = FORBIDDEN, desc = "action lost or run twice, or the child missed the parent's cause")
@State
public class LazyLinkVsCancels {
    private final CancellableContext parent = Context.background().withCancel();
    private final CancellableContext child = parent.withCancel(); // not linked yet: never observed
    private final RuntimeException parentCause = new RuntimeException("parent");
    private final AtomicInteger runs = new AtomicInteger();
    private final AtomicReference<Throwable> seenByAction = new AtomicReference<>();

    @Actor
    public void addAction() {
        child.onCancel(() -> {
            seenByAction.set(child.cause());
            runs.incrementAndGet();
        });
    }

    @Actor
    public void pollThenCancelParent() {
        if (!child.isCancelled()) {
            parent.cancel(parentCause);
        }
    }

    @Arbiter
    public void arbiter(II_Result r) {
        // Read runs before observing the child again: a later observation could repair a lost link.
        r.r1 = runs.get();
        r.r2 = child.cause() == parentCause && seenByAction.get() == parentCause ? 1 : 0;
    }
}
