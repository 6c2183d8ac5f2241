package io.loomkit.context;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ContextKeyTest {
    @Test
    void keysWithTheSameNameAreDistinct() {
        ContextKey<String> a = ContextKey.named("user");
        ContextKey<String> b = ContextKey.named("user");
        assertNotEquals(a, b);
        assertEquals("user", a.name());
        assertEquals("ContextKey[user]", a.toString());
    }

    @Test
    void nullNameIsRejectedByName() {
        NullPointerException e = assertThrows(NullPointerException.class, () -> ContextKey.named(null));
        assertEquals("name", e.getMessage());
    }
}
