package io.loomkit.channel;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/** One test configuration: a capacity and a kind of thread for the helpers a test starts. */
record Case(int capacity, boolean virtual) {
    static final int[] CAPACITIES = {0, 1, 2, 16, 1024};

    static List<Case> all() {
        List<Case> cases = new ArrayList<>();
        for (int c : CAPACITIES) {
            cases.add(new Case(c, false));
            cases.add(new Case(c, true));
        }
        return cases;
    }

    <T> Channel<T> channel() {
        return Channel.bounded(capacity);
    }

    Thread start(Runnable task) {
        return virtual ? Thread.ofVirtual().start(task) : Thread.ofPlatform().start(task);
    }

    /** Waits until {@code t} is parked (or done): it has enqueued itself as a waiter. */
    static void awaitParked(Thread t) {
        while (true) {
            Thread.State s = t.getState();
            if (s == Thread.State.WAITING || s == Thread.State.TIMED_WAITING || s == Thread.State.TERMINATED) {
                return;
            }
            LockSupport.parkNanos(100_000L);
        }
    }

    @Override
    public String toString() {
        return "capacity=" + capacity + (virtual ? ", virtual" : ", platform");
    }
}
