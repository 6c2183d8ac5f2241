package io.loomkit.examples;

import java.time.Duration;

/**
 * One route's configuration, as the service keeps it in a {@link io.loomkit.map.ReadMostlyMap}: read on
 * every request without a lock, replaced by the background updater while load runs.
 *
 * @param version bumped by every update, so handlers can show which version they served
 * @param fanout helper tasks per request
 * @param timeout the request's deadline
 * @param payloadBytes roughly how many bytes the response body has
 * @param coldOneIn one request in this many hits a cold shard that answers after the deadline (a 504)
 */
record RouteConfig(long version, int fanout, Duration timeout, int payloadBytes, int coldOneIn) {
    /** The next version: fan-out and payload size cycle, so handlers visibly serve different versions. */
    RouteConfig next(int maxFanout) {
        long v = version + 1;
        return new RouteConfig(v, 1 + (int) (v % maxFanout), timeout, 256 + (int) (v % 8) * 256, coldOneIn);
    }
}
