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
import org.openjdk.jcstress.infra.results.IIII_Result;

/**
 * The reservation of a terminated thread is garbage, and a put and the GC sweep race to take it over:
 * exactly one wins, and the cell is not lost. Before the actors run, a virtual thread takes the one
 * idle object (leaving its reservation) and terminates without putting it back. r1: idle after the
 * actors; r2: released by GC; r3: dropped on full (the put found the cell held by the sweep for an
 * instant); r4: idle after the arbiter puts one more object (1: the cell is in use, not blocked).
 */
@JCStressTest
@Outcome(id = "1, 0, 0, 1", expect = ACCEPTABLE, desc = "put took over the cell (sweep first, or sweep saw it fresh)")
@Outcome(id = "0, 1, 0, 1", expect = ACCEPTABLE, desc = "put took over the reservation, the sweep released the object")
@Outcome(id = "0, 0, 1, 1", expect = ACCEPTABLE, desc = "the sweep held the cell for an instant; the put dropped")
@Outcome(id = "0, 0, 1, 0", expect = FORBIDDEN, desc = "the dead reservation still blocks the cell")
@Outcome(expect = FORBIDDEN, desc = "an object vanished or was counted twice")
@State
public class DeadOwnerReservationTest {
    private final Pool<Object> pool = Pool.builder(Object::new, o -> {}).stripes(1).maxIdlePerStripe(1).build();
    private final int sweepEpoch;

    /** Leaves the reservation of a terminated thread in the pool's one cell, before the actors run. */
    public DeadOwnerReservationTest() {
        pool.put(new Object());
        try {
            Thread.ofVirtual().start(pool::get).join();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        sweepEpoch = PoolSweep.twoCyclesAhead();
    }

    /** Puts an object: the cell is reserved by a dead thread, or free after the sweep. */
    @Actor
    public void putter() {
        pool.put(new Object());
    }

    /** Runs the GC sweep. */
    @Actor
    public void sweeper() {
        PoolSweep.sweep(pool, sweepEpoch);
    }

    /**
     * Where the object ended up, and whether the cell still takes objects.
     *
     * @param r result holder
     */
    @Arbiter
    public void where(IIII_Result r) {
        PoolStats s = pool.stats();
        r.r1 = (int) s.idle();
        r.r2 = (int) s.releasedByGc();
        r.r3 = (int) s.droppedOnFull();
        pool.put(new Object());
        r.r4 = (int) pool.stats().idle();
    }
}
