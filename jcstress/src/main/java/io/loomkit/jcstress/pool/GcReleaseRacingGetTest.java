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
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * The GC sweep (what the Cleaner thread runs after a collection) races a get for an idle object that
 * is old enough to be released: exactly one of them takes it. r1: the getter got it; r2: released by
 * GC; r3: still idle afterwards.
 *
 * <p>The sweep is run through {@link PoolSweep}.
 */
@JCStressTest
@Outcome(id = "1, 0, 0", expect = ACCEPTABLE, desc = "getter took the object first")
@Outcome(id = "0, 1, 0", expect = ACCEPTABLE, desc = "the sweep released it first; getter made a new one")
@Outcome(id = "1, 1, 0", expect = FORBIDDEN, desc = "released while handed out")
@Outcome(id = "0, 0, 1", expect = FORBIDDEN, desc = "neither took the old idle object")
@Outcome(expect = FORBIDDEN, desc = "object lost or counted twice")
@State
public class GcReleaseRacingGetTest {
    private final Pool<Object> pool = Pool.builder(Object::new, o -> {}).stripes(1).build();
    private final Object idle = new Object();
    /** An epoch two GC cycles after the put: the sweep for it releases the idle object. */
    private final int sweepEpoch;

    /** Puts the idle object, before the actors run. */
    public GcReleaseRacingGetTest() {
        pool.put(idle);
        sweepEpoch = PoolSweep.twoCyclesAhead();
    }

    /**
     * Gets an object.
     *
     * @param r result holder
     */
    @Actor
    public void getter(III_Result r) {
        r.r1 = pool.get() == idle ? 1 : 0;
    }

    /** Runs the sweep as if two GC cycles had passed since the put. */
    @Actor
    public void sweeper() {
        PoolSweep.sweep(pool, sweepEpoch);
    }

    /**
     * Reads where the object ended up.
     *
     * @param r result holder
     */
    @Arbiter
    public void where(III_Result r) {
        PoolStats stats = pool.stats();
        r.r2 = (int) stats.releasedByGc();
        r.r3 = (int) stats.idle();
    }
}
