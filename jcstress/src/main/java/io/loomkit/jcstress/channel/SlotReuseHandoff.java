package io.loomkit.jcstress.channel;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.loomkit.channel.Channel;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * Two receivers park on one rendezvous channel while one sender sends two elements: the channel's single
 * reusable receiver node (ADR 0028) is handed from one receiver to the other between the two hand-offs.
 * Each receiver must get exactly one of the two elements: a node re-armed before its previous owner read
 * its element would give that owner nothing or the other's element.
 */
@JCStressTest
@Outcome(id = "1, 2", expect = ACCEPTABLE, desc = "the first receiver got the first element")
@Outcome(id = "2, 1", expect = ACCEPTABLE, desc = "the second receiver got the first element")
@Outcome(expect = FORBIDDEN, desc = "an element lost, duplicated or replaced by a stale one")
@State
public class SlotReuseHandoff {
    private final Channel<Integer> channel = Channel.rendezvous();

    @Actor
    public void receiver1(II_Result r) {
        r.r1 = receive();
    }

    @Actor
    public void receiver2(II_Result r) {
        r.r2 = receive();
    }

    @Actor
    public void sender() {
        try {
            channel.send(1);
            channel.send(2);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private int receive() {
        try {
            Integer e = channel.receive();
            return e == null ? -1 : e;
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
