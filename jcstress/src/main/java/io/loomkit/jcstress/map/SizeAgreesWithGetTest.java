package io.loomkit.jcstress.map;

import io.loomkit.map.LongReadMostlyMap;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * Hypothesis: the lock-free size() is linearizable with get(): once a reader sees the size count a
 * concurrent insert, its next get sees the inserted value (the size's seqlock publishes both together).
 * r1 = size(), r2 = 1 if get found the key.
 */
@JCStressTest
@Outcome(id = "0, 0", expect = Expect.ACCEPTABLE, desc = "both before the insert")
@Outcome(id = "0, 1", expect = Expect.ACCEPTABLE, desc = "insert between size and get")
@Outcome(id = "1, 1", expect = Expect.ACCEPTABLE, desc = "both after the insert")
@Outcome(id = "1, 0", expect = Expect.FORBIDDEN, desc = "size counted an entry that get cannot see")
@Outcome(expect = Expect.FORBIDDEN, desc = "anything else")
@State
public class SizeAgreesWithGetTest {
    private final LongReadMostlyMap<String> map = LongReadMostlyMap.create();

    @Actor
    public void writer() {
        map.put(42L, "v");
    }

    @Actor
    public void reader(II_Result r) {
        r.r1 = map.size();
        r.r2 = map.get(42L) != null ? 1 : 0;
    }
}
