package io.loomkit.jcstress.channel;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.loomkit.channel.Channel;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * Receivers that park one after another on a rendezvous channel share its single reusable receiver node
 * (ADR 0028): the first actor receives twice in a row, the second once, while a sender sends 1, 2, 3. Each
 * element must be received exactly once, and the first actor's two elements in send order. A node re-armed
 * without resetting its state, or before its previous owner read its element, gives a receiver nothing
 * (-1) or another receiver's element. The sender is a virtual thread that the second actor starts, because
 * jcstress runs at most two actors on a two-CPU machine.
 */
@JCStressTest
@Outcome(id = "1, 2, 3", expect = ACCEPTABLE, desc = "the first actor got 1 and 2")
@Outcome(id = "1, 3, 2", expect = ACCEPTABLE, desc = "the first actor got 1 and 3")
@Outcome(id = "2, 3, 1", expect = ACCEPTABLE, desc = "the first actor got 2 and 3")
@Outcome(expect = FORBIDDEN, desc = "an element lost, duplicated, reordered or replaced by a stale one")
@State
public class SlotReuseHandoff {
    private final Channel<Integer> channel = Channel.rendezvous();

    @Actor
    public void receiverTwice(III_Result r) {
        r.r1 = receive();
        r.r2 = receive();
    }

    @Actor
    public void receiverOnce(III_Result r) {
        Thread sender = Thread.ofVirtual().start(() -> {
            try {
                channel.send(1);
                channel.send(2);
                channel.send(3);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        });
        r.r3 = receive();
        try {
            sender.join();
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
