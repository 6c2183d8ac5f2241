package io.loomkit.jcstress.channel;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.loomkit.channel.Channel;
import io.loomkit.channel.ChannelClosedException;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/** A send racing close is either delivered (and receivable after the close) or throws: never both, never neither. */
@JCStressTest
@Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "sent before the close; still received after it")
@Outcome(id = "2, 0", expect = ACCEPTABLE, desc = "send threw ChannelClosedException; nothing in the channel")
@Outcome(id = "1, 0", expect = FORBIDDEN, desc = "send returned but the element is lost")
@Outcome(id = "2, 1", expect = FORBIDDEN, desc = "send threw but the element was delivered")
@Outcome(expect = FORBIDDEN, desc = "anything else")
@State
public class CloseVsSend {
    private final Channel<Integer> channel = Channel.bounded(1);

    @Actor
    public void send(II_Result r) {
        try {
            r.r1 = channel.trySend(7) ? 1 : 3;
        } catch (ChannelClosedException e) {
            r.r1 = 2;
        }
    }

    @Actor
    public void close() {
        channel.close();
    }

    @Arbiter
    public void arbiter(II_Result r) {
        try {
            Integer e = channel.tryReceive();
            r.r2 = e == null ? 3 : 1;
        } catch (ChannelClosedException e) {
            r.r2 = 0;
        }
    }
}
