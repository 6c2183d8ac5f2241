package io.loomkit.jmh.context;

import io.loomkit.context.CancellableContext;
import io.loomkit.context.Context;
import io.loomkit.context.ContextKey;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * loomkit Context against its rival, gRPC's io.grpc.Context, on the operations a request path does most:
 * polling for cancellation, making and cancelling a child, and reading a value set several levels up.
 * {@code impl} selects the implementation, so both run in the same JVM run with the same settings.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ContextBench {
    private static final int DEPTH = 8;

    @Param({"loomkit", "grpc"})
    public String impl;

    private final ContextKey<String>[] keys = newKeys();
    private final io.grpc.Context.Key<String>[] grpcKeys = newGrpcKeys();

    private boolean loomkit;
    private CancellableContext liveLoomkit;
    private Context deepLoomkit;
    private io.grpc.Context.CancellableContext liveGrpc;
    private io.grpc.Context deepGrpc;

    @SuppressWarnings({"unchecked", "rawtypes"}) // generic array creation
    private static ContextKey<String>[] newKeys() {
        ContextKey<String>[] k = new ContextKey[DEPTH];
        for (int i = 0; i < DEPTH; i++) {
            k[i] = ContextKey.named("k" + i);
        }
        return k;
    }

    @SuppressWarnings({"unchecked", "rawtypes"}) // generic array creation
    private static io.grpc.Context.Key<String>[] newGrpcKeys() {
        io.grpc.Context.Key<String>[] k = new io.grpc.Context.Key[DEPTH];
        for (int i = 0; i < DEPTH; i++) {
            k[i] = io.grpc.Context.key("k" + i);
        }
        return k;
    }

    @Setup(Level.Trial)
    public void setUp() {
        if (!impl.equals("loomkit") && !impl.equals("grpc")) {
            throw new IllegalArgumentException("impl: " + impl);
        }
        loomkit = impl.equals("loomkit"); // a field test, so the dispatch costs the same for both
        liveLoomkit = Context.background().withCancel();
        Context c = liveLoomkit;
        for (int i = 0; i < DEPTH; i++) {
            c = c.with(keys[i], "v" + i);
        }
        deepLoomkit = c;

        liveGrpc = io.grpc.Context.ROOT.withCancellation();
        io.grpc.Context g = liveGrpc;
        for (int i = 0; i < DEPTH; i++) {
            g = g.withValue(grpcKeys[i], "v" + i);
        }
        deepGrpc = g;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        liveLoomkit.cancel();
        liveGrpc.cancel(null);
    }

    /** isCancelled() on a live cancellable context. */
    @Benchmark
    public boolean isCancelled() {
        return loomkit ? liveLoomkit.isCancelled() : liveGrpc.isCancelled();
    }

    /** isCancelled() on a live context 8 value levels below its cancellable ancestor. */
    @Benchmark
    public boolean isCancelledDeep() {
        return loomkit ? deepLoomkit.isCancelled() : deepGrpc.isCancelled();
    }

    /*
     * The child is handed to a Blackhole before it is cancelled, as real code hands it to the work it
     * governs: otherwise escape analysis may scalar-replace a child that never leaves the method, which
     * measures the JIT, not the context.
     */

    /** Child of a live cancellable parent, used, then cancelled: the per-request pattern. */
    @Benchmark
    public boolean childCancel(Blackhole bh) {
        if (loomkit) {
            CancellableContext child = liveLoomkit.withCancel();
            bh.consume(child);
            return child.cancel();
        }
        io.grpc.Context.CancellableContext child = liveGrpc.withCancellation();
        bh.consume(child);
        return child.cancel(null);
    }

    /** Child of the root, used, then cancelled. */
    @Benchmark
    public boolean rootChildCancel(Blackhole bh) {
        if (loomkit) {
            CancellableContext child = Context.background().withCancel();
            bh.consume(child);
            return child.cancel();
        }
        io.grpc.Context.CancellableContext child = io.grpc.Context.ROOT.withCancellation();
        bh.consume(child);
        return child.cancel(null);
    }

    /** Reads the value set 8 levels up (the oldest one). */
    @Benchmark
    public String valueLookupDeep() {
        return loomkit ? deepLoomkit.get(keys[0]) : grpcKeys[0].get(deepGrpc);
    }
}
