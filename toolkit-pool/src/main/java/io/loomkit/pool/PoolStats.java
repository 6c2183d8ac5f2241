package io.loomkit.pool;

/**
 * Counters of a pool's traffic, read at one moment.
 *
 * <p>Each counter is read separately, so a snapshot taken while the pool is in use may be off by the
 * operations in flight; every counter only grows, except {@code idle}.
 *
 * <p>Memory consistency effects: a {@code PoolStats} is immutable and safe to share between threads.
 *
 * @param created objects made by the factory
 * @param reused gets served by an idle object instead of the factory
 * @param droppedOnFull objects given back to a full stripe and dropped
 * @param droppedByRetainIf objects given back that the {@code retainIf} predicate refused
 * @param releasedByGc idle objects released because they stayed unused across a garbage-collection cycle
 * @param idle objects held idle in the pool now
 */
public record PoolStats(
        long created, long reused, long droppedOnFull, long droppedByRetainIf, long releasedByGc, long idle) {

    /**
     * Returns the share of gets served by an idle object, from 0 to 1; 0 when nothing was asked for yet.
     *
     * @return {@code reused / (reused + created)}, or 0 when both are 0
     */
    public double hitRate() {
        long gets = reused + created;
        return gets == 0 ? 0.0 : (double) reused / gets;
    }
}
