package io.loomkit.jcstress.channel;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.loomkit.channel.Channel;
import io.loomkit.channel.Select;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * A select over two ready channels fires exactly one clause while another thread receives from one of
 * them: the other clause consumes nothing, and the two elements are taken or left exactly once.
 */
@JCStressTest
@Outcome(id = "1, 0, 1", expect = ACCEPTABLE, desc = "select took a; the racer found a empty; b remains")
@Outcome(id = "2, 1, 0", expect = ACCEPTABLE, desc = "select took b (or a was gone); the racer took a")
@Outcome(id = "2, 0, 1", expect = FORBIDDEN, desc = "select took b yet a was not there for the racer: a lost")
@Outcome(id = "1, 1, 0", expect = FORBIDDEN, desc = "a received twice")
@Outcome(expect = FORBIDDEN, desc = "more or fewer than two elements accounted for")
@State
public class SelectTwoReady {
    private final Channel<Integer> a = Channel.bounded(1);
    private final Channel<Integer> b = Channel.bounded(1);

    public SelectTwoReady() {
        a.trySend(1);
        b.trySend(2);
    }

    @Actor
    public void select(III_Result r) {
        try {
            r.r1 = Select.select(a.onReceive(x -> x), b.onReceive(x -> x));
        } catch (InterruptedException e) {
            throw new AssertionError("nobody interrupts", e);
        }
    }

    @Actor
    public void racer(III_Result r) {
        r.r2 = a.tryReceive() == null ? 0 : 1;
    }

    @Arbiter
    public void arbiter(III_Result r) {
        r.r3 = a.size() + b.size();
    }
}
