package io.loomkit.jcstress.context;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.loomkit.context.Context;
import io.loomkit.context.TaskMonitor;
import io.loomkit.context.TaskScope;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.I_Result;

/**
 * liveCount() racing tasks that start and finish: the monitor keeps separate started and finished
 * counters, and the live count is their difference; read in the wrong order, a task that starts and
 * finishes between the two reads would make it negative. The observer reads it many times while two
 * trivial tasks run.
 */
@JCStressTest
@Outcome(id = "0", expect = ACCEPTABLE, desc = "every live count read was >= 0")
@Outcome(id = "1", expect = FORBIDDEN, desc = "a negative live count was read")
@State
public class LiveCountVsTasks {
    private final TaskScope scope = TaskScope.open(Context.background());

    @Actor
    public void fork() {
        scope.fork(ctx -> 1);
        scope.fork(ctx -> 2);
    }

    @Actor
    public void observe(I_Result r) {
        TaskMonitor m = TaskMonitor.global();
        for (int i = 0; i < 200; i++) {
            if (m.liveCount() < 0) {
                r.r1 = 1;
                return;
            }
        }
    }

    @Arbiter
    public void close() {
        scope.close();
    }
}
