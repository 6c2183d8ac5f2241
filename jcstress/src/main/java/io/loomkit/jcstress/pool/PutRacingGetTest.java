package io.loomkit.jcstress.pool;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.loomkit.pool.Pool;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * A put races a get on an empty pool: the object put is either handed to the getter or idle in the
 * pool afterwards, never both and never neither. r1: the getter got it; r2: idle count afterwards;
 * r3: the getter saw it reset (1) or dirty (0), meaningful only when r1 is 1.
 */
@JCStressTest
@Outcome(id = "1, 0, 1", expect = ACCEPTABLE, desc = "handed to the getter, reset")
@Outcome(id = "0, 1, 1", expect = ACCEPTABLE, desc = "getter got a new object; the put one stays idle")
@Outcome(id = "1, 0, 0", expect = FORBIDDEN, desc = "handed out before its reset was visible")
@Outcome(id = "1, 1, 1", expect = FORBIDDEN, desc = "both idle and held")
@Outcome(id = "0, 0, 1", expect = FORBIDDEN, desc = "object lost")
@Outcome(expect = FORBIDDEN, desc = "any other outcome")
@State
public class PutRacingGetTest {
    /** Pooled object whose reset state the getter checks. */
    static final class Buffer {
        int dirty = 1;
    }

    private final Pool<Buffer> pool = Pool.builder(Buffer::new, (Buffer b) -> b.dirty = 0)
            .maxIdlePerStripe(1)
            .releaseIdleOnGc(false)
            .build();
    private final Buffer returned = new Buffer();

    /** Creates the state; the pool starts empty. */
    public PutRacingGetTest() {}

    /** Puts the object, which resets it. */
    @Actor
    public void putter() {
        pool.put(returned);
    }

    /**
     * Gets an object.
     *
     * @param r result holder
     */
    @Actor
    public void getter(III_Result r) {
        Buffer b = pool.get();
        r.r1 = b == returned ? 1 : 0;
        r.r3 = b == returned ? 1 - b.dirty : 1;
    }

    /**
     * Counts the idle objects after both actors finished.
     *
     * @param r result holder
     */
    @Arbiter
    public void idle(III_Result r) {
        r.r2 = (int) pool.stats().idle();
    }
}
