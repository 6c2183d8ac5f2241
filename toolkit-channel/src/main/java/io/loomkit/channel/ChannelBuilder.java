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
    private boolean measured;
    private int min = -1;
    private int max = -1;

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
     * Makes the channel measure its traffic, for {@link Channel#stats()} and
     * {@link CapacityAdvisor#advise(ChannelStats)}. Counting happens under the lock the channel takes
     * anyway, on the send path only; the clock is read only around a park and once per 64 sends. A channel
     * built without this pays nothing.
     *
     * @return this builder
     */
    public ChannelBuilder<T> measured() {
        this.measured = true;
        return this;
    }

    /**
     * Makes the channel measured and adaptive: its logical capacity starts at the builder's capacity
     * (clamped into {@code [min, max]}) and then, judged every 125 ms on that interval's traffic only,
     * doubles when at least 10% of sends found it full (more than 1% in two intervals in a row) and shrinks
     * after half a second of backlog below a quarter of it (to twice that backlog or 2.5 consumer batches), never below {@code min} nor above
     * {@code max}. A resize copies the buffered elements in order: nothing is dropped or reordered.
     *
     * @param min the smallest capacity, at least 1
     * @param max the largest capacity, at least {@code min}
     * @return this builder
     * @throws IllegalArgumentException if {@code min < 1}, {@code max < min}, or the builder's capacity is 0
     */
    public ChannelBuilder<T> adaptive(int min, int max) {
        if (min < 1) {
            throw new IllegalArgumentException("min must be >= 1, was " + min);
        }
        if (max < min) {
            throw new IllegalArgumentException("max must be >= min (" + min + "), was " + max);
        }
        if (capacity == 0) {
            throw new IllegalArgumentException("capacity must be >= 1 for an adaptive channel, was 0");
        }
        this.min = min;
        this.max = max;
        this.measured = true;
        return this;
    }

    /**
     * Builds the channel.
     *
     * @return a new open channel
     */
    public Channel<T> build() {
        if (!measured) {
            return new Channel<>(capacity, onUndelivered);
        }
        Adaptation adaptation = min < 0 ? null : new Adaptation(min, max);
        int initial = adaptation == null ? capacity : Math.max(min, Math.min(max, capacity));
        Channel<T> channel = new Channel<>(initial, onUndelivered, new TrafficMeter(adaptation));
        ChannelEvents.register(channel);
        return channel;
    }
}
