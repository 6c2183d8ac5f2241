package io.loomkit.jcstress.context;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.loomkit.context.Context;
import io.loomkit.context.TaskScope;
import java.util.concurrent.CountDownLatch;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Mode;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.Signal;
import org.openjdk.jcstress.annotations.State;

/**
 * join() blocked on the last running task wakes when that task finishes: the joiner's push-then-check and
 * the task's decrement-then-wake must not miss each other.
 */
@JCStressTest(Mode.Termination)
@Outcome(id = "TERMINATED", expect = ACCEPTABLE, desc = "join() returned after the last task finished")
@Outcome(id = "STALE", expect = FORBIDDEN, desc = "join() missed the wake-up and stayed parked")
@State
public class JoinWakesOnLastTask {
    private final CountDownLatch release = new CountDownLatch(1);
    private final TaskScope scope = TaskScope.open(Context.background());

    public JoinWakesOnLastTask() {
        scope.fork(ctx -> {
            release.await();
            return null;
        });
    }

    @Actor
    public void join() throws InterruptedException {
        scope.join();
    }

    @Signal
    public void finishTheTask() {
        release.countDown();
    }
}
