package io.loomkit.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.loomkit.channel.CapacityAdvice.Verdict;
import org.junit.jupiter.api.Test;

/** The README's channel-sizing example, compiled and run. */
class SizingReadmeExampleTest {

    @Test
    void readmeExample() throws InterruptedException {
        // README begin
        Channel<String> jobs = Channel.<String>builder(1024).measured().build();
        for (int i = 0; i < 1_000; i++) {
            jobs.send("job-" + i);  // a producer that sends one at a time...
            jobs.receive();         // ...and a consumer that keeps up
        }
        CapacityAdvice advice = CapacityAdvisor.advise(jobs.stats());
        System.out.println(advice); // OVERSIZED: shrink capacity 1024 -> 3 (saves ~4084 bytes) — consumer batch ...
        // README end
        assertEquals(Verdict.OVERSIZED, advice.verdict());
        assertEquals(3, advice.recommendedCapacity());
    }
}
