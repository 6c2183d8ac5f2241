package io.loomkit.map;

import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.junit.jupiter.api.Test;

/**
 * Lincheck: get, put, remove, putIfAbsent, computeIfAbsent and size of ReadMostlyMap are linearizable
 * (model checking explores interleavings of the lock-free readers with the locked writers; stress runs
 * them on real threads). Three keys so operations collide; a small initial capacity so puts rebuild.
 */
@Param(name = "key", gen = IntGen.class, conf = "1:3")
@Param(name = "value", gen = IntGen.class, conf = "1:3")
public class ReadMostlyMapLincheckTest {
    private final ReadMostlyMap<Integer, Integer> map = ReadMostlyMap.builder().initialCapacity(1).build();

    /** Lincheck creates a fresh instance per scenario. */
    public ReadMostlyMapLincheckTest() {}

    /**
     * Lincheck operation.
     *
     * @param key the key
     * @return the value or null
     */
    @Operation
    public Integer get(@Param(name = "key") int key) {
        return map.get(key);
    }

    /**
     * Lincheck operation.
     *
     * @param key the key
     * @param value the value
     * @return the previous value or null
     */
    @Operation
    public Integer put(@Param(name = "key") int key, @Param(name = "value") int value) {
        return map.put(key, value);
    }

    /**
     * Lincheck operation.
     *
     * @param key the key
     * @return the removed value or null
     */
    @Operation
    public Integer remove(@Param(name = "key") int key) {
        return map.remove(key);
    }

    /**
     * Lincheck operation.
     *
     * @param key the key
     * @param value the value
     * @return the present value or null
     */
    @Operation
    public Integer putIfAbsent(@Param(name = "key") int key, @Param(name = "value") int value) {
        return map.putIfAbsent(key, value);
    }

    /**
     * Lincheck operation.
     *
     * @param key the key
     * @param value the value to compute
     * @return the present or computed value
     */
    @Operation
    public Integer computeIfAbsent(@Param(name = "key") int key, @Param(name = "value") int value) {
        return map.computeIfAbsent(key, k -> value);
    }

    /**
     * Lincheck operation.
     *
     * @return the size
     */
    @Operation
    public int size() {
        return map.size();
    }

    @Test
    void modelChecking() {
        new ModelCheckingOptions().iterations(40).invocationsPerIteration(300).threads(2).actorsPerThread(3)
                .minimizeFailedScenario(false).check(getClass());
    }

    @Test
    void stress() {
        new StressOptions().iterations(10).invocationsPerIteration(500).threads(2).actorsPerThread(3)
                .minimizeFailedScenario(false).check(getClass());
    }
}
