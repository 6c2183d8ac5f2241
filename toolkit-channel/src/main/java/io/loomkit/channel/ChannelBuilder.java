package io.loomkit.channel;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * Builds a {@link Channel}: {@code Channel.<T>builder(capacity).onUndelivered(hook).build()}.
 *
 * <p>Thread roles: a builder is used by one thread; the channels it builds are independent of it.
 *
 * <p>Memory consistency effects: none; a channel is safely published by {@link #build()}.
 *
 * @param <T> the type of elements
 */
public final class ChannelBuilder<T> {
    private final int capacity;
    private Consumer<? super T> onUndelivered;

    ChannelBuilder(int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("capacity must be >= 0, was " + capacity);
        }
        this.capacity = capacity;
    }

    /**
     * Sets the hook that receives every element that was accepted by the channel but will never be
     * received: the buffered elements when the channel is closed with an error. It runs in the thread that
     * closes the channel, outside the channel's lock, once per element, and must not block. An exception
     * from it does not stop the remaining calls; the first is rethrown to the closer.
     *
     * @param hook what to do with an undelivered element (release it, count it, log it)
     * @return this builder
     * @throws NullPointerException if {@code hook} is null
     */
    public ChannelBuilder<T> onUndelivered(Consumer<? super T> hook) {
        this.onUndelivered = Objects.requireNonNull(hook, "hook");
        return this;
    }

    /**
     * Builds the channel.
     *
     * @return a new open channel
     */
    public Channel<T> build() {
        return new Channel<>(capacity, onUndelivered);
    }
}
