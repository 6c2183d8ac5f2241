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
 * A live thread's reservation is never taken over. One thread gets the idle object of a one-cell pool
 * (leaving its reservation) and returns it with a plain store; meanwhile another thread runs the GC
 * sweep as if two cycles had passed and then puts a second object. The put and the sweep may take over only
 * the reservations of terminated threads: if they took this one, the owner's plain store could
 * overwrite the other object and lose it. r1: objects unaccounted for (given back: the first object,
 * the second one and any the getter made; accounted: idle, dropped on full, released by GC), must be 0;
 * r2: idle at the end.
 */
@JCStressTest
@Outcome(id = {"0, 0", "0, 1"}, expect = ACCEPTABLE, desc = "every object idle, dropped or released, once")
@Outcome(expect = FORBIDDEN, desc = "an object lost (overwritten in its cell) or counted twice")
@State
public class LiveReservationRacingSweepTest {
    private final Pool<Object> pool = Pool.builder(Object::new, o -> {}).stripes(1).maxIdlePerStripe(1).build();
    private final int sweepEpoch;

    /** Puts the first object, before the actors run. */
    public LiveReservationRacingSweepTest() {
        pool.put(new Object());
        sweepEpoch = PoolSweep.twoCyclesAhead();
    }

    /** Gets an object (reserving the cell) and puts it back into the reservation. */
    @Actor
    public void owner() {
        pool.put(pool.get());
    }

    /**
     * Runs the GC sweep, then puts a second object: the cell is idle, reserved by a live thread, or
     * free. (jcstress runs at most as many actors as there are CPUs, two here, so one actor does both.)
     */
    @Actor
    public void sweeperThenPutter() {
        PoolSweep.sweep(pool, sweepEpoch);
        pool.put(new Object());
    }

    /**
     * Accounts for every object given back.
     *
     * @param r result holder
     */
    @Arbiter
    public void count(II_Result r) {
        PoolStats s = pool.stats();
        r.r1 = (int) (2 + s.created() - s.idle() - s.droppedOnFull() - s.releasedByGc());
        r.r2 = (int) s.idle();
    }
}
