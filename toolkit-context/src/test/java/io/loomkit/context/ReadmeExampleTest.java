package io.loomkit.context;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The README's example, compiled and run, so the README stays true. */
class ReadmeExampleTest {
    static final ContextKey<String> REQUEST_ID = ContextKey.named("requestId");

    @Test
    void readmeExample() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        // --- README: toolkit-context ---
        try (CancellableContext ctx = Context.background().with(REQUEST_ID, "r-42").withTimeout(Duration.ofMillis(200));
             TaskScope scope = TaskScope.open(ctx)) {
            Task<String> user = scope.fork(c -> "user of " + c.get(REQUEST_ID));
            Task<Integer> orders = scope.fork(c -> 3);
            scope.join();                 // first failure cancels the siblings and is rethrown
            out.println(user.get() + " has " + orders.get() + " orders");
        }                                 // close(): cancels and waits for anything still running
        // --- end ---
        assertEquals("user of r-42 has 3 orders", bytes.toString(StandardCharsets.UTF_8).strip());
    }

    private final java.util.List<TaskScope> forgotten = new java.util.ArrayList<>();

    private void handleSomeRequests() {
        TaskScope scope = TaskScope.builder(Context.background()).name("handler").open();
        forgotten.add(scope);
        scope.fork(ctx -> {
            ctx.await();
            return null;
        });
    }

    @Test
    void readmeLeakExample() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        PrintStream err = out;
        // --- README: leak detection (System.out/err replaced by out/err) ---
        TaskMonitor monitor = TaskMonitor.global();
        Registration alert = monitor.alertAbove(5_000, snapshot -> err.println("task leak?\n" + snapshot));
        TaskSnapshot before = monitor.snapshot();
        handleSomeRequests();                                          // your code
        TaskSnapshot.Diff leaked = TaskSnapshot.diff(before, monitor.snapshot());
        out.println(leaked);             // tasks that appeared and stayed, grouped by stack, largest first
        alert.unregister();
        // --- end ---
        forgotten.forEach(TaskScope::close);
        assertEquals(1, leaked.newTasks(), leaked.toString());
        org.junit.jupiter.api.Assertions.assertTrue(bytes.toString(StandardCharsets.UTF_8).contains("handler#1"));
    }
}
