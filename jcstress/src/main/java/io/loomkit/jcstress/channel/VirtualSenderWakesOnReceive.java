package io.loomkit.jcstress.channel;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.loomkit.channel.Channel;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Mode;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.Signal;
import org.openjdk.jcstress.annotations.State;

/**
 * A virtual thread sending on a rendezvous channel wakes up when a receiver takes its element, whether the
 * receiver fires it while it yields its carrier, while it spins, or after it parked (ADR 0039: the waker
 * unparks only a thread that announced its park).
 */
@JCStressTest(Mode.Termination)
@Outcome(id = "TERMINATED", expect = ACCEPTABLE, desc = "the send returned after the element was taken")
@Outcome(id = "STALE", expect = FORBIDDEN, desc = "the sender was fired but never woken")
@State
public class VirtualSenderWakesOnReceive {
    /** Spreads the receiver's start over the sender's yield, spin and park phases, run after run. */
    private static final AtomicInteger RUNS = new AtomicInteger();

    private final Channel<Integer> channel = Channel.rendezvous();
    private final int delay = (RUNS.getAndIncrement() & 7) * 500;

    @Actor
    public void send() throws InterruptedException {
        Thread sender = Thread.ofVirtual().start(() -> {
            try {
                channel.send(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        sender.join();
    }

    @Signal
    public void receive() {
        for (int i = 0; i < delay; i++) {
            Thread.onSpinWait();
        }
        while (channel.tryReceive() == null) {
            Thread.onSpinWait();
        }
    }
}
