package io.loomkit.jcstress.channel;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.loomkit.channel.Channel;
import io.loomkit.channel.ChannelClosedException;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Mode;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.Signal;
import org.openjdk.jcstress.annotations.State;

/** A receive blocked on an empty rendezvous channel wakes up (and fails) when another thread closes it. */
@JCStressTest(Mode.Termination)
@Outcome(id = "TERMINATED", expect = ACCEPTABLE, desc = "receive threw ChannelClosedException")
@Outcome(id = "STALE", expect = FORBIDDEN, desc = "receive missed the close and stayed parked")
@State
public class ReceiveWakesOnClose {
    private final Channel<Integer> channel = Channel.rendezvous();

    @Actor
    public void receive() throws InterruptedException {
        try {
            channel.receive();
        } catch (ChannelClosedException expected) {
            // the close woke us: that is the hypothesis
        }
    }

    @Signal
    public void close() {
        channel.close();
    }
}
