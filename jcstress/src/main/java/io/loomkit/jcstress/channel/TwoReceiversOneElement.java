package io.loomkit.jcstress.channel;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.loomkit.channel.Channel;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/** Two receivers race for the one buffered element: exactly one of them takes it. */
@JCStressTest
@Outcome(id = "1, 0, 0", expect = ACCEPTABLE, desc = "the first receiver took it")
@Outcome(id = "0, 1, 0", expect = ACCEPTABLE, desc = "the second receiver took it")
@Outcome(id = "1, 1, 0", expect = FORBIDDEN, desc = "received twice")
@Outcome(id = "0, 0, 1", expect = FORBIDDEN, desc = "both missed an element that was there")
@Outcome(expect = FORBIDDEN, desc = "lost or duplicated")
@State
public class TwoReceiversOneElement {
    private final Channel<Integer> channel = Channel.bounded(1);

    public TwoReceiversOneElement() {
        channel.trySend(7);
    }

    @Actor
    public void receiver1(III_Result r) {
        r.r1 = channel.tryReceive() == null ? 0 : 1;
    }

    @Actor
    public void receiver2(III_Result r) {
        r.r2 = channel.tryReceive() == null ? 0 : 1;
    }

    @Arbiter
    public void arbiter(III_Result r) {
        r.r3 = channel.size();
    }
}
