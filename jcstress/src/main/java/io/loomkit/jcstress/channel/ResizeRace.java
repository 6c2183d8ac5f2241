package io.loomkit.jcstress.channel;

import io.loomkit.channel.Channel;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;

/**
 * Shared state of the resize races: an adaptive channel holding element 1, whether 2 and 3 were sent, what
 * the consumer took. {@code resize} is the channel's package-private test hook, reached by reflection
 * (jcstress runs on the class path).
 */
abstract class ResizeRace {
    private static final Method RESIZE;

    static {
        try {
            RESIZE = Channel.class.getDeclaredMethod("resize", int.class);
            RESIZE.setAccessible(true);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final Channel<Integer> channel = Channel.<Integer>builder(2).adaptive(1, 8).build();
    boolean sent2;
    boolean sent3;
    final List<Integer> taken = new ArrayList<>(2);

    ResizeRace() {
        channel.trySend(1);
    }

    static void resize(Channel<?> channel, int capacity) {
        try {
            RESIZE.invoke(channel, capacity);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    void take() {
        Integer e = channel.tryReceive();
        if (e != null) {
            taken.add(e);
        }
    }

    /** 1 if what was taken plus what is left equals the sent elements in order; else 2, 3 or 4 (see outcomes). */
    int judge() {
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
