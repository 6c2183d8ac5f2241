package io.loomkit.pool;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Validate;
import org.junit.jupiter.api.Test;

/**
 * Lincheck model checking of get/put. A pool's get may legitimately miss an idle object that another
 * thread is putting (it then calls the factory), so there is no deterministic sequential model of
 * which object a get returns; instead every operation returns nothing and checks, inside the explored
 * interleaving, that no object is handed to two holders at once (an {@link AssertionError} thrown in one
 * interleaving differs from the sequential result and fails the check), and {@link #bounded()} checks
 * the idle bound and that no object sits in two cells after each scenario.
 */
public class PoolLincheckTest {
    private final Pool<Item> pool =
            Pool.builder(Item::new, Item::reset).stripes(2).maxIdlePerStripe(1).releaseIdleOnGc(false).build();

    /** Creates the state for one scenario. */
    public PoolLincheckTest() {}

    /** Takes an object, holds it exclusively, and puts it back. */
    @Operation
    public void getUsePut() {
        Item item = pool.get();
        item.acquire();
        item.release();
        pool.put(item);
    }

    /** Takes two objects at once and puts both back. */
    @Operation
    public void getTwoPutTwo() {
        Item a = pool.get();
        a.acquire();
        Item b = pool.get();
        b.acquire();
        a.release();
        b.release();
        pool.put(b);
        pool.put(a);
    }

    /** Idle objects stay within stripes x maxIdlePerStripe and no object is idle twice. */
    @Validate
    public void bounded() {
        List<Item> idle = new ArrayList<>();
        Item i;
        while (idle.size() <= 2 && pool.stats().idle() > 0 && (i = pool.get()) != null) {
            idle.add(i);
        }
        Map<Item, Boolean> seen = new IdentityHashMap<>();
        for (Item item : idle) {
            if (seen.put(item, Boolean.TRUE) != null) {
                throw new AssertionError("item " + item.id + " was idle in two cells");
            }
        }
        if (idle.size() > 2) {
            throw new AssertionError("more than 2 idle objects: " + idle.size());
        }
    }

    @Test
    void modelCheckGetPut() {
        new ModelCheckingOptions()
                .iterations(20)
                .invocationsPerIteration(300)
                .threads(2)
                .actorsPerThread(2)
                .check(PoolLincheckTest.class);
    }
}
