package io.loomkit.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/** The README's channel example, compiled and run. */
class ReadmeExampleTest {
    @Test
    void readmeExample() throws Exception {
        int sum = 0;
        // --- README example start
        Channel<Integer> jobs = Channel.bounded(16);
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            executor.submit(() -> {
                for (int i = 1; i <= 100; i++) {
                    jobs.send(i);            // blocks while the buffer is full
                }
                jobs.close();                // receivers drain what is left, then stop
                return null;
            });
            for (int job : jobs) {           // Go's `for job := range jobs`
                sum += job;
            }
        }
        Channel<String> replies = Channel.rendezvous();
        String r = Select.select(replies.onReceive(s -> "reply " + s),
                Select.onTimeout(Duration.ofMillis(10), () -> "timed out"));
        // --- README example end
        assertEquals(5050, sum);
        assertEquals("timed out", r);
    }
}
