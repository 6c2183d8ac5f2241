package io.loomkit.jcstress.channel;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.loomkit.channel.Channel;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.I_Result;

/**
 * An adaptive channel's resize (shrink, then grow) racing a sender loses nothing, duplicates nothing and
 * keeps FIFO order. The channel starts with element 1 buffered; the producer tries 2 then 3; the consumer
 * takes one, shrinks the channel to 1, takes another and grows it to 3; the arbiter drains the rest.
 * {@code resize} is the channel's package-private test hook (reached by reflection: jcstress runs on the
 * class path). Two actors only: a third is not run on a 2-CPU machine.
 */
@JCStressTest
@Outcome(id = "1", expect = ACCEPTABLE, desc = "every sent element received once, in send order")
@Outcome(id = "2", expect = FORBIDDEN, desc = "a sent element was lost")
@Outcome(id = "3", expect = FORBIDDEN, desc = "an element was received twice, or one never sent appeared")
@Outcome(id = "4", expect = FORBIDDEN, desc = "elements came out of order")
@State
public class ResizeVsSend {
    static final Method RESIZE;

    static {
        try {
            RESIZE = Channel.class.getDeclaredMethod("resize", int.class);
            RESIZE.setAccessible(true);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Channel<Integer> channel = Channel.<Integer>builder(2).adaptive(1, 8).build();
    private boolean sent2;
    private boolean sent3;
    private final List<Integer> taken = new ArrayList<>(2);

    public ResizeVsSend() {
        channel.trySend(1);
    }

    @Actor
    public void producer() {
        sent2 = channel.trySend(2);
        sent3 = channel.trySend(3);
    }

    @Actor
    public void consumer() {
        take();
        resize(channel, 1);
        take();
        resize(channel, 3);
    }

    private void take() {
        Integer e = channel.tryReceive();
        if (e != null) {
            taken.add(e);
        }
    }

    static void resize(Channel<?> channel, int capacity) {
        try {
            RESIZE.invoke(channel, capacity);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    @Arbiter
    public void arbiter(I_Result r) {
        r.r1 = judge(channel, taken, sent2, sent3);
    }

    /** 1 if {@code taken} plus what is left equals the sent elements in order; else 2, 3 or 4 as listed. */
    static int judge(Channel<Integer> channel, List<Integer> taken, boolean sent2, boolean sent3) {
        List<Integer> all = new ArrayList<>(taken);
        Integer e;
        while ((e = channel.tryReceive()) != null) {
            all.add(e);
        }
        List<Integer> expected = new ArrayList<>(List.of(1));
        if (sent2) {
            expected.add(2);
        }
        if (sent3) {
            expected.add(3);
        }
        if (all.equals(expected)) {
            return 1;
        } else if (all.size() < expected.size() && expected.containsAll(all)) {
            return 2;
        } else if (all.size() != expected.size() || !all.containsAll(expected)) {
            return 3;
        }
        return 4;
    }
}
