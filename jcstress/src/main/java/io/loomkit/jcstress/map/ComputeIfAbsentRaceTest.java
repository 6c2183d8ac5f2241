package io.loomkit.jcstress.map;

import io.loomkit.map.ReadMostlyMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * Hypothesis: two computeIfAbsent calls racing on one absent key run the function exactly once and both
 * return the same value object. r1 = function calls, r2 = 1 if both callers got the same object.
 */
@JCStressTest
@Outcome(id = "1, 1", expect = Expect.ACCEPTABLE, desc = "one call, one shared value")
@Outcome(expect = Expect.FORBIDDEN, desc = "function ran twice or the callers disagree")
@State
public class ComputeIfAbsentRaceTest {
    private final ReadMostlyMap<String, Object> map = ReadMostlyMap.create();
    private final AtomicInteger calls = new AtomicInteger();
    private Object first;
    private Object second;

    private Object compute() {
        return map.computeIfAbsent("k", k -> {
            calls.incrementAndGet();
            return new Object();
        });
    }

    @Actor
    public void first() {
        first = compute();
    }

    @Actor
    public void second() {
        second = compute();
    }

    @Arbiter
    public void arbiter(II_Result r) {
        r.r1 = calls.get();
        r.r2 = first != null && first == second && map.get("k") == first ? 1 : 0;
    }
}
