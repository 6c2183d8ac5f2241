package io.loomkit.jcstress.map;

import io.loomkit.map.ReadMostlyMap;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIII_Result;

/**
 * Hypothesis: remove(k) racing put(k, 2) on a key holding 1 is linearizable: the two return values, the
 * final value and the final size all agree with one of the two orders. r1 = remove's result, r2 = put's
 * result, r3 = final get, r4 = final size (0 stands for null).
 */
@JCStressTest
@Outcome(id = "1, 0, 2, 1", expect = Expect.ACCEPTABLE, desc = "remove, then put")
@Outcome(id = "2, 1, 0, 0", expect = Expect.ACCEPTABLE, desc = "put, then remove")
@Outcome(expect = Expect.FORBIDDEN, desc = "lost update, resurrection or a wrong size")
@State
public class RemoveRacingPutTest {
    private final ReadMostlyMap<String, Integer> map = ReadMostlyMap.create();

    public RemoveRacingPutTest() {
        map.put("other", 0);
        map.put("k", 1);
        map.remove("other");
    }

    @Actor
    public void remover(IIII_Result r) {
        Integer v = map.remove("k");
        r.r1 = v == null ? 0 : v;
    }

    @Actor
    public void putter(IIII_Result r) {
        Integer v = map.put("k", 2);
        r.r2 = v == null ? 0 : v;
    }

    @Arbiter
    public void arbiter(IIII_Result r) {
        Integer v = map.get("k");
        r.r3 = v == null ? 0 : v;
        r.r4 = map.size();
    }
}
