package io.loomkit.examples;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.loomkit.channel.Channel;
import io.loomkit.context.CancellableContext;
import io.loomkit.context.CancelledException;
import io.loomkit.context.Context;
import io.loomkit.context.Task;
import io.loomkit.context.TaskFailedException;
import io.loomkit.context.TaskScope;
import io.loomkit.map.ReadMostlyMap;
import io.loomkit.pool.Lease;
import io.loomkit.pool.Pool;
import io.loomkit.pool.PoolStats;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A small HTTP service on 127.0.0.1 (an ephemeral port), one virtual thread per request, built on the four
 * loomkit modules:
 * <ul>
 *   <li>{@value #LOOKUP}: fans out to shard lookups under a {@code withTimeout} context inside a
 *       {@link TaskScope}; a request that misses its deadline answers 504;
 *   <li>responses are rendered with {@link ResponseEncoder}s leased from a {@link Pool};
 *   <li>every request publishes an event into the {@link Pipeline}'s measured, adaptive channel;
 *   <li>route configuration lives in a {@link ReadMostlyMap} that a background task updates while load runs;
 *   <li>{@value #LEAKY} leaks a task per hit (no timeout, waits on a channel nobody closes, escapes its
 *       request); {@value #FIXED} does the same wait correctly: with a deadline, owned by the request's scope.
 * </ul>
 */
final class DemoService implements AutoCloseable {
    static final String LOOKUP = "/lookup";
    static final String FIXED = "/events/fixed";
    static final String LEAKY = "/events/leaky";

    private final HttpServer server;
    private final ExecutorService handlers = Executors.newVirtualThreadPerTaskExecutor();
    private final ReadMostlyMap<String, RouteConfig> routes = ReadMostlyMap.create();
    private final Pool<ResponseEncoder> encoders = Pool.of(ResponseEncoder::new, ResponseEncoder::reset);
    /** Nobody sends on it; the leaky tasks wait on it until {@link #releaseLeakedTasks()} closes it. */
    private final Channel<String> notifications = Channel.rendezvous();
    private final CancellableContext stopUpdates = Context.background().withCancel();
    private final TaskScope background = TaskScope.builder(Context.background()).name("service").open();
    private final Pipeline pipeline = new Pipeline(background);
    private final AtomicLong configUpdates = new AtomicLong();
    private final AtomicLong serverErrors = new AtomicLong();
    private final Set<Long> versionsServed = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean closed = new AtomicBoolean();

    private DemoService(int fanout, Duration updateEvery) throws IOException {
        routes.put(LOOKUP, new RouteConfig(1, fanout, Duration.ofMillis(50), 512, 200));
        routes.put(FIXED, new RouteConfig(1, 1, Duration.ofMillis(20), 64, Integer.MAX_VALUE));
        background.fork(ctx -> {
            while (!stopUpdates.await(updateEvery)) {
                routes.compute(LOOKUP, (route, config) -> config.next(fanout));
                configUpdates.incrementAndGet();
            }
            return null;
        });
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
        server.setExecutor(handlers);
        route(LOOKUP, this::lookup);
        route(FIXED, this::fixed);
        route(LEAKY, this::leaky);
        server.start();
    }

    /**
     * Starts the service on an ephemeral loopback port.
     *
     * @param fanout the lookup route's largest fan-out
     * @param updateEvery how often the background task publishes a new lookup configuration
     */
    static DemoService start(int fanout, Duration updateEvery) throws IOException {
        return new DemoService(fanout, updateEvery);
    }

    URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + pathAndQuery);
    }

    private interface Handler {
        void handle(HttpExchange exchange) throws IOException;
    }

    private void route(String path, Handler handler) {
        server.createContext(path, exchange -> {
            try {
                handler.handle(exchange);
            } catch (RuntimeException e) {
                serverErrors.incrementAndGet(); // answered 500 below: the client counts it as an error
                exchange.sendResponseHeaders(500, -1);
            } finally {
                exchange.close();
            }
        });
    }

    private void lookup(HttpExchange exchange) throws IOException {
        long start = System.nanoTime();
        RouteConfig config = routes.get(LOOKUP); // lock-free: this read is on every request
        versionsServed.add(config.version());
        String query = exchange.getRequestURI().getRawQuery();
        String key = query != null && query.startsWith("key=") ? query.substring(4) : "none";
        boolean cold = ThreadLocalRandom.current().nextInt(config.coldOneIn()) == 0;
        int status;
        try (Lease<ResponseEncoder> lease = encoders.lease()) {
            status = render(lease.get().text(), key, config, cold);
            respond(exchange, status, lease.get(), config.version());
        }
        pipeline.publish(new Pipeline.Event(LOOKUP, status, System.nanoTime() - start, config.version()));
    }

    /** Fans out to the shards under the route's deadline and renders the answer; returns the status. */
    static int render(StringBuilder out, String key, RouteConfig config, boolean cold) {
        try (CancellableContext ctx = Context.background().withTimeout(config.timeout());
                TaskScope scope = TaskScope.builder(ctx).name("lookup").open()) {
            List<Task<String>> parts = new ArrayList<>(config.fanout());
            for (int shard = 0; shard < config.fanout(); shard++) {
                int s = shard;
                Duration delay = cold && s == 0 ? config.timeout().multipliedBy(4)
                        : Duration.ofMillis(1 + ThreadLocalRandom.current().nextInt(3));
                parts.add(scope.fork(c -> shardLookup(key, s, delay)));
            }
            scope.join();
            out.append("{\"key\":\"").append(key).append("\",\"config\":").append(config.version())
                    .append(",\"parts\":[");
            for (Task<String> part : parts) {
                out.append(part == parts.get(0) ? "\"" : ",\"").append(part.get()).append('"');
            }
            out.append("],\"pad\":\"");
            while (out.length() < config.payloadBytes() - 2) {
                out.append('.');
            }
            out.append("\"}");
            return 200;
        } catch (CancelledException deadline) {
            out.setLength(0);
            out.append("{\"error\":\"deadline of ").append(config.timeout().toMillis()).append(" ms exceeded\"}");
            return 504;
        } catch (TaskFailedException failed) {
            out.setLength(0);
            out.append("{\"error\":\"a shard failed\"}");
            return 502;
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            out.setLength(0);
            out.append("{\"error\":\"shutting down\"}");
            return 503;
        }
    }

    /** Stands in for a call to one backend shard. */
    private static String shardLookup(String key, int shard, Duration delay) throws InterruptedException {
        Thread.sleep(delay); // interrupted when the request's deadline passes
        return Integer.toHexString((key.hashCode() * 31 + shard) & 0xffff);
    }

    private void fixed(HttpExchange exchange) throws IOException {
        long start = System.nanoTime();
        RouteConfig config = routes.get(FIXED);
        boolean got;
        try {
            got = fixedHandler(notifications, config.timeout());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            got = false;
        }
        try (Lease<ResponseEncoder> lease = encoders.lease()) {
            lease.get().text().append(got ? "{\"event\":true}" : "{\"event\":null}");
            respond(exchange, 200, lease.get(), config.version());
        }
        pipeline.publish(new Pipeline.Event(FIXED, 200, System.nanoTime() - start, config.version()));
    }

    private void leaky(HttpExchange exchange) throws IOException {
        long start = System.nanoTime();
        leakyHandler(notifications);
        try (Lease<ResponseEncoder> lease = encoders.lease()) {
            lease.get().text().append("{\"accepted\":true}");
            respond(exchange, 202, lease.get(), 0);
        }
        pipeline.publish(new Pipeline.Event(LEAKY, 202, System.nanoTime() - start, 0));
    }

    /** Leaks: no timeout, the scope is never closed, and nobody ever sends on or closes {@code events}. */
    static void leakyHandler(Channel<String> events) {
        TaskScope scope = TaskScope.builder(Context.background()).name("leaky").open();
        scope.fork(ctx -> events.receive());
    }

    /** Fixed: a deadline bounds the wait and the scope is closed when the handler returns. */
    static boolean fixedHandler(Channel<String> events, Duration timeout) throws InterruptedException {
        try (CancellableContext ctx = Context.background().withTimeout(timeout);
                TaskScope scope = TaskScope.builder(ctx).name("fixed").open()) {
            scope.fork(c -> events.receive(c));
            try {
                scope.join();
                return true;
            } catch (CancelledException | TaskFailedException expected) {
                return false; // the deadline passed: nothing arrived, and nothing is left behind
            }
        }
    }

    private static void respond(HttpExchange exchange, int status, ResponseEncoder encoder, long version)
            throws IOException {
        int length = encoder.encode();
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.getResponseHeaders().set("X-Config-Version", Long.toString(version));
        exchange.sendResponseHeaders(status, length);
        try (OutputStream body = exchange.getResponseBody()) {
            encoder.writeTo(body);
        }
    }

    /** The demo's clean-up of the leak: closing the channel fails the leaked receives, so the tasks end. */
    void releaseLeakedTasks() {
        notifications.close();
    }

    Pipeline pipeline() {
        return pipeline;
    }

    PoolStats poolStats() {
        return encoders.stats();
    }

    long configUpdates() {
        return configUpdates.get();
    }

    long configVersion() {
        return routes.get(LOOKUP).version();
    }

    Set<Long> versionsServed() {
        return Set.copyOf(versionsServed);
    }

    long serverErrors() {
        return serverErrors.get();
    }

    /** Stops updates and the server, lets the pipeline drain, and waits for the background tasks. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        stopUpdates.cancel();
        server.stop(0);
        handlers.close();
        pipeline.close();
        try {
            background.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            background.close();
        }
    }
}
