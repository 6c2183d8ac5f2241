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
 * An adaptive channel's resize (shrink, then grow) racing a receiver loses nothing, duplicates nothing
 * and keeps FIFO order. The channel starts with element 1 buffered; the producer tries 2, shrinks the
 * channel to 1, tries 3 and grows it to 4; the consumer takes up to two; the arbiter drains the rest.
 */
@JCStressTest
@Outcome(id = "1", expect = ACCEPTABLE, desc = "every sent element received once, in send order")
@Outcome(id = "2", expect = FORBIDDEN, desc = "a sent element was lost")
@Outcome(id = "3", expect = FORBIDDEN, desc = "an element was received twice, or one never sent appeared")
@Outcome(id = "4", expect = FORBIDDEN, desc = "elements came out of order")
@State
public class ResizeVsReceive extends ResizeRace {
    @Actor
    public void producer() {
        sent2 = channel.trySend(2);
        resize(channel, 1);
        sent3 = channel.trySend(3);
        resize(channel, 4);
    }

    @Actor
    public void consumer() {
        take();
        take();
    }

    @Arbiter
    public void arbiter(I_Result r) {
        r.r1 = judge();
    }
}
