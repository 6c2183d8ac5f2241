package io.loomkit.jcstress.pool;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.loomkit.pool.Pool;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * Two getters race for the pool's only idle object: exactly one of them gets it, the other gets a new
 * object from the factory. Each result is 1 if that actor got the idle object.
 */
@JCStressTest
@Outcome(id = {"1, 0", "0, 1"}, expect = ACCEPTABLE, desc = "one getter took the idle object")
@Outcome(id = "1, 1", expect = FORBIDDEN, desc = "one object handed to two holders")
@Outcome(id = "0, 0", expect = FORBIDDEN, desc = "idle object missed by both getters")
@State
public class TwoGettersOneIdleObjectTest {
    private final Pool<Object> pool = Pool.builder(Object::new, o -> {}).releaseIdleOnGc(false).build();
    private final Object idle = new Object();

    /** Puts the one idle object, before the actors run. */
    public TwoGettersOneIdleObjectTest() {
        pool.put(idle);
    }

    /**
     * First getter.
     *
     * @param r result holder
     */
    @Actor
    public void getter1(II_Result r) {
        r.r1 = pool.get() == idle ? 1 : 0;
    }

    /**
     * Second getter.
     *
     * @param r result holder
     */
    @Actor
    public void getter2(II_Result r) {
        r.r2 = pool.get() == idle ? 1 : 0;
    }
}
