package io.loomkit.context;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A typed key for a value carried by a {@link Context}.
 *
 * <p>Keys compare by identity, never by name: two keys made with the same name are different keys, so
 * unrelated libraries cannot collide, and a key is the capability to read its value. Keep a key in a
 * {@code static final} field of the code that owns the value. The name only appears in
 * {@link #toString()}.
 *
 * <p>Memory consistency effects: a key is immutable and safe to share between threads.
 *
 * @param <T> the type of the value the key stands for
 */
public final class ContextKey<T> {
    /** Spreads keys over the slots of a value table; identity decides equality, this only where to look. */
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private final String name;
    final int hash;

    private ContextKey(String name) {
        this.name = name;
        this.hash = SEQUENCE.getAndAdd(0x61c88647); // golden-ratio increments spread consecutive keys
    }

    /**
     * Creates a new key, distinct from every other key, including those with the same name.
     *
     * @param name a name for debugging output
     * @param <T> the type of the value
     * @return a new key
     * @throws NullPointerException if {@code name} is null
     */
    public static <T> ContextKey<T> named(String name) {
        return new ContextKey<>(Objects.requireNonNull(name, "name"));
    }

    /**
     * Returns the name given to {@link #named(String)}.
     *
     * @return the key's name
     */
    public String name() {
        return name;
    }

    @Override
    public String toString() {
        return "ContextKey[" + name + "]";
    }
}
