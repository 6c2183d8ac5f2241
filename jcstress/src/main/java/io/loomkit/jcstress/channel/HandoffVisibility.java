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
 * Fields written into an element before a rendezvous send are seen by the receiver: the hand-off through
 * a parked waiter's slot publishes the element (both actors block until they meet).
 */
@JCStressTest
@Outcome(id = "1, 2", expect = ACCEPTABLE, desc = "the receiver sees both fields")
@Outcome(expect = FORBIDDEN, desc = "the receiver saw a stale field")
@State
public class HandoffVisibility {
    /** Plain, non-final fields: only the channel's hand-off can publish them. */
    static final class Box {
        int x;
        int y;
    }

    private final Channel<Box> channel = Channel.rendezvous();

    @Actor
    public void sender() {
        Box b = new Box();
        b.x = 1;
        b.y = 2;
        try {
            channel.send(b);
        } catch (InterruptedException e) {
            throw new AssertionError("nobody interrupts", e);
        }
    }

    @Actor
    public void receiver(II_Result r) {
        try {
            Box b = channel.receive();
            r.r1 = b.x;
            r.r2 = b.y;
        } catch (InterruptedException e) {
            throw new AssertionError("nobody interrupts", e);
        }
    }
}
