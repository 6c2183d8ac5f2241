package io.loomkit.jcstress.map;

import io.loomkit.map.ReadMostlyMap;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * Hypothesis: a reader racing the removal of the key it reads gets the old value or null, never the
 * removal marker or a value of another key - while the slot goes live -> removed -> key cleared under
 * it. The key objects are the cached Integers the map stores, so the read takes the identity pass of
 * the probe (ADR 0034); key 6 sits next to key 7 and stays. r1 = version read for key 7 (-1 = absent),
 * r2 = for key 6.
 */
@JCStressTest
@Outcome(id = "1, 1", expect = Expect.ACCEPTABLE, desc = "key 7 read before the removal")
@Outcome(id = "-1, 1", expect = Expect.ACCEPTABLE, desc = "key 7 read after the removal")
@Outcome(expect = Expect.FORBIDDEN,
        desc = "-2: the removal marker handed out; anything else: a wrong value or a present key lost")
@State
public class GetRacingRemoveTest {
    private final ReadMostlyMap<Integer, Object> map = ReadMostlyMap.create();

    public GetRacingRemoveTest() {
        for (int i = 0; i < 16; i++) {
            map.put(i, i == 7 || i == 6 ? Integer.valueOf(1) : Integer.valueOf(100 + i));
        }
    }

    @Actor
    public void remover() {
        map.remove(7);
    }

    @Actor
    public void reader(II_Result r) {
        r.r1 = version(map.get(7));
        r.r2 = version(map.get(6));
    }

    /** The stored version, -1 for absent, -2 for anything that is not a value this test stored. */
    private static int version(Object v) {
        return v == null ? -1 : v instanceof Integer i ? i : -2;
    }
}
