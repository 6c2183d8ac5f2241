package io.loomkit.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PoolStatsTest {
    @Test
    void hitRateIsReusedOverAllGets() {
        assertEquals(0.75, new PoolStats(1, 3, 0, 0, 0, 2).hitRate(), 1e-9);
    }

    @Test
    void hitRateOfAnUnusedPoolIsZero() {
        assertEquals(0.0, new PoolStats(0, 0, 0, 0, 0, 0).hitRate());
    }
}
