package io.loomkit.jcstress.channel;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.I_Result;

/**
 * An adaptive channel's resize (shrink, then grow) racing a sender loses nothing, duplicates nothing and
 * keeps FIFO order. The channel starts with element 1 buffered; the producer tries 2 then 3; the consumer
 * takes one, shrinks the channel to 1, takes another and grows it to 3; the arbiter drains the rest.
 * Two actors only: a third is not run on a 2-CPU machine.
 */
@JCStressTest
@Outcome(id = "1", expect = ACCEPTABLE, desc = "every sent element received once, in send order")
@Outcome(id = "2", expect = FORBIDDEN, desc = "a sent element was lost")
@Outcome(id = "3", expect = FORBIDDEN, desc = "an element was received twice, or one never sent appeared")
@Outcome(id = "4", expect = FORBIDDEN, desc = "elements came out of order")
@State
public class ResizeVsSend extends ResizeRace {
    @Actor
    public void producer() {
        sent2 = channel.trySend(2);
        sent3 = channel.trySend(3);
    }

    @Actor
    public void consumer() {
        take();
        resize(channel, 1);
        take();
        resize(channel, 3);
    }

    @Arbiter
    public void arbiter(I_Result r) {
        r.r1 = judge();
    }
}
