package io.loomkit.jcstress.channel;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.loomkit.channel.Channel;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Mode;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.Signal;
import org.openjdk.jcstress.annotations.State;

/** A send blocked on a full adaptive channel wakes up when the channel grows: the new room is its. */
@JCStressTest(Mode.Termination)
@Outcome(id = "TERMINATED", expect = ACCEPTABLE, desc = "the blocked send completed into the new room")
@Outcome(id = "STALE", expect = FORBIDDEN, desc = "the channel grew but the sender stayed parked")
@State
public class GrowWakesBlockedSender {
    private final Channel<Integer> channel = Channel.<Integer>builder(1).adaptive(1, 8).build();

    public GrowWakesBlockedSender() {
        channel.trySend(1);
    }

    @Actor
    public void send() throws InterruptedException {
        channel.send(2);
    }

    @Signal
    public void grow() {
        ResizeRace.resize(channel, 2);
    }
}
