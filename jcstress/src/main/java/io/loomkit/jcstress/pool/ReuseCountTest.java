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
 * Two threads get and put through a pool of a single cell, twice each, so that they take the same
 * cell's object in turn: every get is counted exactly once, as created or reused, although a reuse is
 * counted with a plain store (the taker holds the cell at TAKING meanwhile). r1 = created + reused
 * (must be the 4 gets), r2 = idle at the end (the one cell is full: 1).
 */
@JCStressTest
@Outcome(id = "4, 1", expect = ACCEPTABLE, desc = "every get counted once; the cell holds an object")
@Outcome(expect = FORBIDDEN, desc = "a get lost or counted twice, or the cell empty after the last put")
@State
public class ReuseCountTest {
    private final Pool<Object> pool = Pool.builder(Object::new, o -> {})
            .stripes(1).maxIdlePerStripe(1).releaseIdleOnGc(false).build();

    /** Fills the one cell, before the actors run. */
    public ReuseCountTest() {
        pool.put(new Object());
    }

    /** First thread: get and put, twice. */
    @Actor
    public void first() {
        pool.put(pool.get());
        pool.put(pool.get());
    }

    /** Second thread: the same. */
    @Actor
    public void second() {
        pool.put(pool.get());
        pool.put(pool.get());
    }

    /**
     * Counts the gets and the idle objects, after both threads.
     *
     * @param r result holder
     */
    @Arbiter
    public void count(II_Result r) {
        PoolStats s = pool.stats();
        r.r1 = (int) (s.created() + s.reused());
        r.r2 = (int) s.idle();
    }
}
