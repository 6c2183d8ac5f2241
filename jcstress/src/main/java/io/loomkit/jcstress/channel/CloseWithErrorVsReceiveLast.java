package io.loomkit.jcstress.channel;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.loomkit.channel.Channel;
import io.loomkit.channel.ChannelClosedException;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * closeWithError racing the receive of the last buffered element: the element is received or handed to
 * onUndelivered, exactly once.
 */
@JCStressTest
@Outcome(id = "1, 0", expect = ACCEPTABLE, desc = "received before the close")
@Outcome(id = "2, 1", expect = ACCEPTABLE, desc = "receive failed after the close; element went to onUndelivered")
@Outcome(id = "1, 1", expect = FORBIDDEN, desc = "element both received and undelivered")
@Outcome(id = "2, 0", expect = FORBIDDEN, desc = "element lost")
@Outcome(expect = FORBIDDEN, desc = "anything else")
@State
public class CloseWithErrorVsReceiveLast {
    private final AtomicInteger undelivered = new AtomicInteger();
    private final Channel<Integer> channel;

    public CloseWithErrorVsReceiveLast() {
        channel = Channel.<Integer>builder(1).onUndelivered(e -> undelivered.incrementAndGet()).build();
        channel.trySend(7);
    }

    @Actor
    public void receive(II_Result r) {
        try {
            Integer e = channel.tryReceive();
            r.r1 = e == null ? 3 : 1;
        } catch (ChannelClosedException e) {
            r.r1 = 2;
        }
    }

    @Actor
    public void close() {
        channel.closeWithError(new IllegalStateException("failed"));
    }

    @Arbiter
    public void arbiter(II_Result r) {
        r.r2 = undelivered.get();
    }
}
