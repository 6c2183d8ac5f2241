package io.loomkit.jcstress.pool;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.loomkit.pool.Pool;
import io.loomkit.pool.PoolStats;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * Two puts race for a pool with room for one idle object: one is kept and one dropped; the bound is
 * never exceeded. r1: idle count; r2: objects dropped as full.
 */
@JCStressTest
@Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "one kept, one dropped")
@Outcome(id = "2, 0", expect = FORBIDDEN, desc = "bound of one idle object exceeded")
@Outcome(expect = FORBIDDEN, desc = "an object lost or counted twice")
@State
public class PutPutBoundTest {
    private final Pool<Object> pool = Pool.builder(Object::new, o -> {})
            .stripes(1)
            .maxIdlePerStripe(1)
            .releaseIdleOnGc(false)
            .build();

    /** Creates the state; the pool starts empty. */
    public PutPutBoundTest() {}

    /** First putter. */
    @Actor
    public void putter1() {
        pool.put(new Object());
    }

    /** Second putter. */
    @Actor
    public void putter2() {
        pool.put(new Object());
    }

    /**
     * Reads the counters after both puts.
     *
     * @param r result holder
     */
    @Arbiter
    public void counts(II_Result r) {
        PoolStats stats = pool.stats();
        r.r1 = (int) stats.idle();
        r.r2 = (int) stats.droppedOnFull();
    }
}
