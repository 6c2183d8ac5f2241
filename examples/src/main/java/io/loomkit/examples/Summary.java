package io.loomkit.examples;

import io.loomkit.channel.CapacityAdvice;
import io.loomkit.pool.PoolStats;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * What a demo run measured, for the printed summary and for the integration test.
 *
 * @param endpoints client-side results per endpoint, load phase and leak probes together
 * @param loadRequests requests sent in the load phase
 * @param serverErrors handler exceptions the service answered with 500
 * @param pool the encoder pool's counters
 * @param advice the pipeline channel's capacity advice at the end
 * @param channelCapacity the adaptive pipeline channel's capacity at the end
 * @param events events the pipeline's consumer wrote
 * @param batches batches it wrote them in
 * @param eventsDropped events dropped because the channel stayed full
 * @param configUpdates configuration versions the background task published
 * @param configVersionsServed distinct configuration versions the lookup handlers served
 * @param leaks what the leak watch found
 * @param leaksCleanedUp whether the live task count returned to its baseline after the clean-up
 */
record Summary(Map<String, LoadGenerator.EndpointResult> endpoints, long loadRequests, long serverErrors,
        PoolStats pool, CapacityAdvice advice, int channelCapacity, long events, long batches, long eventsDropped,
        long configUpdates, int configVersionsServed, LeakWatch.Report leaks, boolean leaksCleanedUp) {

    LoadGenerator.EndpointResult endpoint(String path) {
        LoadGenerator.EndpointResult r = endpoints.get(path);
        return r != null ? r : new LoadGenerator.EndpointResult(path, 0, 0, 0, 0, Duration.ZERO, Duration.ZERO);
    }

    long served() {
        return endpoints.values().stream().mapToLong(LoadGenerator.EndpointResult::requests).sum();
    }

    void print(PrintStream out) {
        out.println();
        out.println("== Summary ==");
        long timeouts = endpoints.values().stream().mapToLong(LoadGenerator.EndpointResult::timeouts).sum();
        long errors = endpoints.values().stream().mapToLong(LoadGenerator.EndpointResult::errors).sum();
        line(out, "requests served", "%d (%d in the load phase, the rest leak probes)", served(), loadRequests);
        for (LoadGenerator.EndpointResult r : endpoints.values()) {
            line(out, "  " + r.path(), "%d: %d ok, %d timed out (504), %d errors; latency p50 %s, p99 %s",
                    r.requests(), r.ok(), r.timeouts(), r.errors(), ms(r.p50()), ms(r.p99()));
        }
        line(out, "errors / timeouts", "%d errors (%d server-side), %d timeouts answered 504 at the deadline",
                errors, serverErrors, timeouts);
        line(out, "encoder pool", "hit rate %.1f%% (%d reused, %d created, %d dropped when full)",
                100 * pool.hitRate(), pool.reused(), pool.created(), pool.droppedOnFull());
        line(out, "pipeline channel", "capacity %d (adaptive %d..%d), %d events in %d batches (mean %.1f), %d dropped",
                channelCapacity, Pipeline.MIN_CAPACITY, Pipeline.MAX_CAPACITY, events, batches,
                batches == 0 ? 0.0 : (double) events / batches, eventsDropped);
        line(out, "channel advice", "%s", advice);
        line(out, "config updates", "%d published while load ran; lookup handlers served %d distinct versions",
                configUpdates, configVersionsServed);
        line(out, "leaks found", "leaky endpoint %d task(s)%s; fixed endpoint %d; other %d; alert fired %d time(s)",
                leaks.leaky(), leaks.leakFrame() == null ? "" : " blocked on " + leaks.blockedOn() + " at "
                        + leaks.leakFrame(), leaks.fixed(), leaks.other(), leaks.alerts());
        line(out, "leak clean-up", leaksCleanedUp ? "channel closed, leaked tasks ended, live count back to baseline"
                : "live count did NOT return to baseline");
    }

    private static void line(PrintStream out, String label, String format, Object... args) {
        out.printf(Locale.ROOT, "%-20s %s%n", label, String.format(Locale.ROOT, format, args));
    }

    private static String ms(Duration d) {
        return String.format(Locale.ROOT, "%.1f ms", d.toNanos() / 1e6);
    }
}
