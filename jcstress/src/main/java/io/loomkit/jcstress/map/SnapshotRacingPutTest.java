package io.loomkit.jcstress.map;

import io.loomkit.map.ReadMostlyMap;
import java.util.Map;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * Hypothesis: a snapshot taken while a writer puts "a" and then "b" is one point in time: it holds
 * neither, "a" only, or both, and its size matches. r1 = has "a", r2 = has "b", r3 = size.
 */
@JCStressTest
@Outcome(id = "0, 0, 1", expect = Expect.ACCEPTABLE, desc = "before both puts")
@Outcome(id = "1, 0, 2", expect = Expect.ACCEPTABLE, desc = "between the puts")
@Outcome(id = "1, 1, 3", expect = Expect.ACCEPTABLE, desc = "after both puts")
@Outcome(expect = Expect.FORBIDDEN, desc = "b without a, or a size that disagrees with the entries")
@State
public class SnapshotRacingPutTest {
    private final ReadMostlyMap<String, Integer> map = ReadMostlyMap.create();

    public SnapshotRacingPutTest() {
        map.put("base", 0);
    }

    @Actor
    public void writer() {
        map.put("a", 1);
        map.put("b", 1);
    }

    @Actor
    public void snapshotter(III_Result r) {
        Map<String, Integer> s = map.snapshot();
        r.r2 = s.containsKey("b") ? 1 : 0;
        r.r1 = s.containsKey("a") ? 1 : 0;
        r.r3 = s.size();
    }
}
