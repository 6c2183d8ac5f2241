package io.loomkit.jcstress.map;

import io.loomkit.jcstress.map.VersionedMaps.Box;
import io.loomkit.map.ReadMostlyMap;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * Hypothesis: a reader of a key that is present before and after a concurrent write sees the old or the
 * new value, fully constructed, never "absent" - even when the writer's other insert rebuilds the table
 * under the reader. r1 = version read for key 7 (replaced), r2 = for key 3 (untouched); -1 = absent.
 */
@JCStressTest
@Outcome(id = "1, 1", expect = Expect.ACCEPTABLE, desc = "key 7 read before the replace (old or new table)")
@Outcome(id = "2, 1", expect = Expect.ACCEPTABLE, desc = "key 7 read after the replace")
@Outcome(expect = Expect.FORBIDDEN,
        desc = "-1: a present key read as absent; 0: a value seen before its constructor's store")
@State
public class PutRacingGetTest {
    private final ReadMostlyMap<Integer, Box> map = VersionedMaps.filled(0);

    @Actor
    public void writer() {
        map.put(VersionedMaps.FILL, new Box(1)); // rebuilds the table under the reader
        map.put(7, new Box(2));
    }

    @Actor
    public void reader(II_Result r) {
        r.r1 = read(7);
        r.r2 = read(3);
    }

    private int read(int key) {
        return VersionedMaps.version(map.get(key));
    }
}
