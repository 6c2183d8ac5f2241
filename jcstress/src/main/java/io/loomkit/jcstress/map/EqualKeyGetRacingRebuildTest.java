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
 * Hypothesis: a reader that looks a present key up with an equal but not identical object - which
 * misses the identity pass and takes the tag pass (ADR 0038: a byte of tag per slot, read before the
 * slot's value) - sees the old or the new value, never "absent", even when the writer's other insert
 * rebuilds the table under it: a rebuilt table's tags are all stored before the table is published.
 * Keys are Integers from 1,000 up, so every boxing makes a new object. r1 = version read for key 1,007
 * (replaced), r2 = for key 1,003 (untouched); -1 = absent.
 */
@JCStressTest
@Outcome(id = "1, 1", expect = Expect.ACCEPTABLE, desc = "key 1007 read before the replace (old or new table)")
@Outcome(id = "2, 1", expect = Expect.ACCEPTABLE, desc = "key 1007 read after the replace")
@Outcome(expect = Expect.FORBIDDEN,
        desc = "-1: a present key read as absent (tag not yet visible); 0: a value seen before its constructor's store")
@State
public class EqualKeyGetRacingRebuildTest {
    private static final int FIRST = 1_000;

    private final ReadMostlyMap<Integer, Box> map = VersionedMaps.filled(FIRST);

    @Actor
    public void writer() {
        map.put(FIRST + VersionedMaps.FILL, new Box(1)); // rebuilds the table under the reader
        map.put(FIRST + 7, new Box(2));
    }

    @Actor
    public void reader(II_Result r) {
        r.r1 = read(FIRST + 7);
        r.r2 = read(FIRST + 3);
    }

    /** Boxes {@code key} afresh (above the Integer cache): equal to the stored key, never identical. */
    private int read(int key) {
        return VersionedMaps.version(map.get(Integer.valueOf(key)));
    }
}
