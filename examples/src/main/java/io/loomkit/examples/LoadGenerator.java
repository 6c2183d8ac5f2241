package io.loomkit.examples;

import io.loomkit.channel.CapacityAdvice;
import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Drives a {@link DemoService} over loopback HTTP with {@link HttpClient}: {@code concurrency} virtual-thread
 * clients send requests until the request budget or the duration runs out, whichever comes first (nine in
 * ten to {@value DemoService#LOOKUP}, one in ten to {@value DemoService#FIXED}), printing a progress line
 * about once a second. {@link #probe} then sends a few sequential requests to one endpoint.
 */
final class LoadGenerator implements AutoCloseable {
    /**
     * What the clients measured for one endpoint.
     *
     * @param path the endpoint
     * @param requests requests sent
     * @param ok answers with a 2xx status
     * @param timeouts answers with 504 (the request's deadline passed)
     * @param errors other statuses and failed exchanges
     * @param p50 median latency
     * @param p99 99th-percentile latency
     */
    record EndpointResult(String path, long requests, long ok, long timeouts, long errors, Duration p50,
            Duration p99) {}

    private final DemoService service;
    private final PrintStream out;
    private final ExecutorService clientThreads = Executors.newVirtualThreadPerTaskExecutor();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .executor(clientThreads).connectTimeout(Duration.ofSeconds(5)).build();
    private final List<Recorder> recorders = new ArrayList<>();
    private long loadRequests;

    LoadGenerator(DemoService service, PrintStream out) {
        this.service = service;
        this.out = out;
    }

    /** Runs the load phase; returns how many requests it sent. */
    long run(Options options) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + options.duration().toNanos();
        AtomicLong issued = new AtomicLong();
        LongAdder done = new LongAdder();
        CountDownLatch finished = new CountDownLatch(options.concurrency());
        List<Thread> clients = new ArrayList<>();
        for (int c = 0; c < options.concurrency(); c++) {
            Recorder recorder = new Recorder();
            recorders.add(recorder);
            clients.add(Thread.ofVirtual().name("client-" + c).start(() -> {
                try {
                    long n;
                    while ((n = issued.getAndIncrement()) < options.requests() && System.nanoTime() - deadline < 0) {
                        boolean lookup = n % 10 != 9;
                        send(recorder, lookup ? DemoService.LOOKUP : DemoService.FIXED,
                                lookup ? DemoService.LOOKUP + "?key=k" + n % 1000 : DemoService.FIXED);
                        done.increment();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    finished.countDown();
                }
            }));
        }
        long lastCount = 0;
        long lastTick = start;
        while (!finished.await(Math.max(1, lastTick + 1_000_000_000L - System.nanoTime()), TimeUnit.NANOSECONDS)) {
            long now = System.nanoTime();
            if (now - lastTick >= 1_000_000_000L) {
                long count = done.sum();
                progress((now - start) / 1_000_000_000L, count, (count - lastCount) * 1e9 / (now - lastTick));
                lastCount = count;
                lastTick = now;
            }
        }
        for (Thread t : clients) {
            t.join();
        }
        loadRequests = done.sum();
        out.printf("load done: %d requests in %.1f s (%d clients, bounds %d requests / %d s)%n", loadRequests,
                (System.nanoTime() - start) / 1e9, options.concurrency(), options.requests(),
                options.duration().toSeconds());
        return loadRequests;
    }

    private void progress(long seconds, long count, double rate) {
        CapacityAdvice advice = service.pipeline().advice(); // from the channel's stats() at this moment
        String action = switch (advice.verdict()) {
            case OVERSIZED -> "shrink to " + advice.recommendedCapacity();
            case UNDERSIZED -> "grow to " + advice.recommendedCapacity();
            case CONSUMER_TOO_SLOW -> "rate-limit producers";
            case OK, NOT_ENOUGH_DATA -> "keep";
        };
        out.printf("  [%2d s] %7d requests, %6.0f req/s | config v%-3d | pipeline channel capacity %4d,"
                + " advice %s (%s)%n", seconds, count, rate, service.configVersion(), service.pipeline().capacity(),
                advice.verdict(), action);
    }

    /** Sends {@code times} sequential requests to {@code path}; returns how many got a 2xx answer. */
    int probe(String path, int times) throws InterruptedException {
        Recorder recorder = new Recorder();
        recorders.add(recorder);
        for (int i = 0; i < times; i++) {
            send(recorder, path, path);
        }
        Tally t = recorder.tallies.get(path);
        return t == null ? 0 : (int) t.ok;
    }

    private void send(Recorder recorder, String path, String pathAndQuery) throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(service.uri(pathAndQuery)).timeout(Duration.ofSeconds(10))
                .GET().build();
        long t0 = System.nanoTime();
        int status;
        try {
            status = http.send(request, HttpResponse.BodyHandlers.ofByteArray()).statusCode();
        } catch (IOException e) {
            status = -1; // connection refused, reset, timed out: an error
        }
        recorder.tallies.computeIfAbsent(path, p -> new Tally()).record(status, System.nanoTime() - t0);
    }

    long loadRequests() {
        return loadRequests;
    }

    /** Merges every client's tallies: one result per endpoint, in the order lookup, fixed, leaky. */
    Map<String, EndpointResult> results() {
        Map<String, EndpointResult> results = new LinkedHashMap<>();
        for (String path : List.of(DemoService.LOOKUP, DemoService.FIXED, DemoService.LEAKY)) {
            Tally merged = new Tally();
            for (Recorder r : recorders) {
                Tally t = r.tallies.get(path);
                if (t != null) {
                    merged.add(t);
                }
            }
            if (merged.requests > 0) {
                results.put(path, merged.result(path));
            }
        }
        return results;
    }

    @Override
    public void close() {
        http.close();
        clientThreads.close();
    }

    /** One client's tallies; only that client's thread writes it, and it is read after that thread ended. */
    private static final class Recorder {
        final Map<String, Tally> tallies = new HashMap<>();
    }

    private static final class Tally {
        long requests;
        long ok;
        long timeouts;
        long errors;
        long[] nanos = new long[1024];

        void record(int status, long latency) {
            if (requests == nanos.length) {
                nanos = Arrays.copyOf(nanos, nanos.length * 2);
            }
            nanos[(int) requests++] = latency;
            if (status >= 200 && status < 300) {
                ok++;
            } else if (status == 504) {
                timeouts++;
            } else {
                errors++;
            }
        }

        void add(Tally other) {
            int n = (int) (requests + other.requests);
            if (n > nanos.length) {
                nanos = Arrays.copyOf(nanos, Math.max(n, nanos.length * 2));
            }
            System.arraycopy(other.nanos, 0, nanos, (int) requests, (int) other.requests);
            requests = n;
            ok += other.ok;
            timeouts += other.timeouts;
            errors += other.errors;
        }

        EndpointResult result(String path) {
            long[] sorted = Arrays.copyOf(nanos, (int) requests);
            Arrays.sort(sorted);
            return new EndpointResult(path, requests, ok, timeouts, errors, percentile(sorted, 0.50),
                    percentile(sorted, 0.99));
        }

        /** Nearest-rank percentile. */
        private static Duration percentile(long[] sorted, double p) {
            if (sorted.length == 0) {
                return Duration.ZERO;
            }
            int rank = (int) Math.ceil(p * sorted.length);
            return Duration.ofNanos(sorted[Math.max(0, rank - 1)]);
        }
    }
}
