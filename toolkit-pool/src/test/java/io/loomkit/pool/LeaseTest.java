package io.loomkit.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class LeaseTest {

    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void closeReturnsTheObjectOnceAndGetAfterCloseThrows(ThreadKind kind) throws Exception {
        kind.run(() -> {
            Pool<Item> pool = Pool.builder(Item::new, Item::reset).releaseIdleOnGc(false).build();
            Lease<Item> lease = pool.lease();
            Item held = lease.get();
            held.dirt = 3;
            lease.close();
            assertEquals(1, held.resets);
            assertEquals(1, pool.stats().idle());
            assertThrows(IllegalStateException.class, lease::get);
            lease.close();
            assertEquals(1, held.resets, "the second close is a no-op");
            assertEquals(1, pool.stats().idle());
            try (Lease<Item> again = pool.lease()) {
                assertSame(held, again.get());
                assertEquals(0, again.get().dirt);
            }
        });
    }

    @Test
    void closeWithAThrowingResetPropagatesAndStillClosesTheLease() {
        Pool<Item> pool = Pool.of(Item::new, i -> {
            throw new IllegalStateException("reset failed");
        });
        Lease<Item> lease = pool.lease();
        assertThrows(IllegalStateException.class, lease::close);
        assertThrows(IllegalStateException.class, lease::get);
        lease.close();
        assertEquals(0, pool.stats().idle());
    }
}
