package io.loomkit.jcstress.pool;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.loomkit.pool.Pool;
import io.loomkit.pool.PoolStats;
import java.util.concurrent.atomic.AtomicBoolean;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIII_Result;

/**
 * Two threads get, use and put back through a pool of one cell that starts with one idle object. A get
 * leaves its thread's reservation in the cell and the put returns into it with plain stores and a
 * release store, no CAS (ADR 0036): the other thread's get must never take the object meanwhile, and
 * no object may vanish. Each object is an in-use flag. r1, r2: 1 if that actor found its object already
 * in use (shared); r3: idle objects at the end; r4: objects unaccounted for (created + 1 - idle -
 * dropped on full; 0 unless one was lost or counted twice).
 */
@JCStressTest
@Outcome(id = "0, 0, 1, 0", expect = ACCEPTABLE, desc = "each holder alone; the cell ends full")
@Outcome(expect = FORBIDDEN, desc = "an object shared by two holders, lost, or the cell left empty")
@State
public class ReservedReturnRacingGetTest {
    private final Pool<AtomicBoolean> pool = Pool.builder(AtomicBoolean::new, (AtomicBoolean b) -> {})
            .stripes(1).maxIdlePerStripe(1).releaseIdleOnGc(false).build();

    /** Puts the one idle object, before the actors run. */
    public ReservedReturnRacingGetTest() {
        pool.put(new AtomicBoolean());
    }

    /**
     * First thread: get, use, put back.
     *
     * @param r result holder
     */
    @Actor
    public void first(IIII_Result r) {
        r.r1 = cycle();
    }

    /**
     * Second thread: the same.
     *
     * @param r result holder
     */
    @Actor
    public void second(IIII_Result r) {
        r.r2 = cycle();
    }

    private int cycle() {
        AtomicBoolean inUse = pool.get();
        int shared = inUse.compareAndSet(false, true) ? 0 : 1;
        inUse.set(false);
        pool.put(inUse);
        return shared;
    }

    /**
     * Counts the idle objects and checks that none was lost, after both threads.
     *
     * @param r result holder
     */
    @Arbiter
    public void count(IIII_Result r) {
        PoolStats s = pool.stats();
        r.r3 = (int) s.idle();
        r.r4 = (int) (s.created() + 1 - s.idle() - s.droppedOnFull());
    }
}
