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

/** A receive blocked on an empty channel wakes up when another thread sends. */
@JCStressTest(Mode.Termination)
@Outcome(id = "TERMINATED", expect = ACCEPTABLE, desc = "receive returned the sent element")
@Outcome(id = "STALE", expect = FORBIDDEN, desc = "receive missed the send and stayed parked")
@State
public class ReceiveWakesOnSend {
    private final Channel<Integer> channel = Channel.bounded(1);

    @Actor
    public void receive() throws InterruptedException {
        channel.receive();
    }

    @Signal
    public void send() {
        channel.trySend(1);
    }
}
