package io.loomkit.jcstress.channel;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.loomkit.channel.Channel;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * A receive blocked on an empty channel is interrupted while a sender hands it an element: either the
 * receive returns the element, or it throws and the element stays in the channel. Never lost.
 */
@JCStressTest
@Outcome(id = "1, 0", expect = ACCEPTABLE, desc = "received; nothing left")
@Outcome(id = "-1, 1", expect = ACCEPTABLE, desc = "interrupted; the element stayed in the channel")
@Outcome(id = "-1, 0", expect = FORBIDDEN, desc = "interrupted and the element is lost")
@Outcome(id = "1, 1", expect = FORBIDDEN, desc = "received and still in the channel")
@Outcome(expect = FORBIDDEN, desc = "anything else")
@State
public class InterruptedReceiveVsSend {
    private static final int IDLE = 0;
    private static final int WAITING = 1;
    private static final int INTERRUPTING = 2;
    private static final int DONE = 3;

    private final Channel<Integer> channel = Channel.bounded(1);
    /** Confines the interrupt to the receiver's actor call, so no stray interrupt hits a later test. */
    private final AtomicInteger phase = new AtomicInteger(IDLE);
    private volatile Thread receiver;

    @Actor
    public void receive(II_Result r) {
        receiver = Thread.currentThread();
        phase.set(WAITING);
        try {
            r.r1 = channel.receive();
        } catch (InterruptedException e) {
            r.r1 = -1;
        }
        if (!phase.compareAndSet(WAITING, DONE)) {
            while (phase.get() == INTERRUPTING) {
                Thread.onSpinWait();
            }
        }
        Thread.interrupted();
    }

    @Actor
    public void send() {
        // Interrupt first, so that the wake-up of the interrupted receiver races the hand-off below.
        if (phase.compareAndSet(WAITING, INTERRUPTING)) {
            receiver.interrupt();
            phase.set(DONE);
        }
        channel.trySend(1);
    }

    @Arbiter
    public void arbiter(II_Result r) {
        r.r2 = channel.size();
    }
}
