package io.loomkit.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loomkit.channel.CapacityAdvice;
import io.loomkit.context.BlockedOn;
import io.loomkit.context.TaskMonitor;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DemoTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    private String output() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void twoRequestsMeetTheirDeadlineAndTheThirdIsCancelled() throws Exception {
        int ok = Demo.fanOut(out, 8);
        assertEquals(2, ok, output());
        assertTrue(output().contains("req-3: stopped"), output());
        assertTrue(output().contains("DeadlineExceededException"), output());
    }

    @Test
    void theOversizedChannelIsAdvisedToShrink() throws Exception {
        CapacityAdvice advice = Demo.sizing(out);
        assertEquals(CapacityAdvice.Verdict.OVERSIZED, advice.verdict(), output());
        assertTrue(advice.recommendedCapacity() < 4096, output());
        assertTrue(output().contains("1600 received"), output());
    }

    /** The integration test of issue 9: the service in-process for a few seconds, asserted on its summary. */
    @Test
    void theServiceServesUnderLoadAndTheLeakyEndpointIsCaughtButNotTheFixedOne() throws Exception {
        long liveBefore = TaskMonitor.global().liveCount();
        Summary s = Demo.run(Options.parse("--duration", "3", "--concurrency", "8", "--fanout", "4"), out);
        s.print(out);
        String text = output();

        LoadGenerator.EndpointResult lookup = s.endpoint(DemoService.LOOKUP);
        LoadGenerator.EndpointResult fixed = s.endpoint(DemoService.FIXED);
        LoadGenerator.EndpointResult leaky = s.endpoint(DemoService.LEAKY);
        assertTrue(s.loadRequests() > 0, text);
        assertEquals(s.loadRequests() + 2 * Demo.LEAK_PROBES, s.served(), text);
        assertTrue(lookup.ok() > 0 && fixed.ok() > Demo.LEAK_PROBES, text);
        assertEquals(Demo.LEAK_PROBES, leaky.ok(), text);
        assertEquals(0, lookup.errors() + fixed.errors() + leaky.errors() + s.serverErrors(), text);
        assertTrue(lookup.p50().compareTo(Duration.ZERO) > 0, text);
        assertTrue(lookup.p99().compareTo(lookup.p50()) >= 0, text);

        // the leak: every leaky hit left one task, blocked receiving at the leaking line; the fixed one none
        LeakWatch.Report leaks = s.leaks();
        assertEquals(Demo.LEAK_PROBES, leaks.leaky(), text);
        assertEquals(0, leaks.fixed(), text);
        assertEquals(0, leaks.other(), text);
        assertEquals(BlockedOn.CHANNEL_RECEIVE, leaks.blockedOn(), text);
        assertNotNull(leaks.leakFrame(), text);
        assertEquals(DemoService.class.getName(), leaks.leakFrame().getClassName(), text);
        assertTrue(leaks.leakFrame().getMethodName().contains("leakyHandler"), text);
        assertEquals(1, leaks.alerts(), text);
        assertTrue(text.contains("<-- the leaking line"), text);
        assertTrue(s.leaksCleanedUp(), text);
        assertEquals(liveBefore, TaskMonitor.global().liveCount(), text); // service stopped, leak cleaned up

        // the other three primitives
        assertTrue(s.configUpdates() > 0, text);
        assertTrue(s.configVersionsServed() > 1, text);
        assertTrue(s.pool().reused() > 0, text);
        assertTrue(s.pool().hitRate() > 0, text);
        assertNotNull(s.advice(), text);
        assertTrue(s.events() > 0 && s.events() + s.eventsDropped() == s.served(), text);
        assertTrue(s.channelCapacity() >= Pipeline.MIN_CAPACITY && s.channelCapacity() <= Pipeline.MAX_CAPACITY,
                text);
        assertTrue(text.contains("req/s | config v"), text); // a progress line was printed
        assertTrue(text.contains("== Summary =="), text);
    }

    @Test
    void theRequestBoundStopsTheLoadBeforeTheDuration() throws Exception {
        Summary s = Demo.run(Options.parse("--requests", "40", "--concurrency", "4", "--duration", "60"), out);
        assertEquals(40, s.loadRequests(), output());
        assertEquals(40 + 2 * Demo.LEAK_PROBES, s.served(), output());
        assertEquals(Demo.LEAK_PROBES, s.leaks().leaky(), output());
        assertEquals(0, s.leaks().fixed(), output());
    }

    @Test
    void flagsAreParsedAndBadOnesRejected() {
        Options o = Options.parse("--duration", "5", "--concurrency", "3", "--requests", "100", "--fanout", "2");
        assertEquals(new Options(Duration.ofSeconds(5), 3, 100, 2, false), o);
        assertTrue(Options.parse("--help").help());
        assertEquals(Options.defaults(), Options.parse());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Options.parse("--bogus")).getMessage()
                .contains("unknown flag: --bogus"));
        assertThrows(IllegalArgumentException.class, () -> Options.parse("--duration"));
        assertThrows(IllegalArgumentException.class, () -> Options.parse("--concurrency", "x"));
        assertThrows(IllegalArgumentException.class, () -> Options.parse("--requests", "0"));
    }
}
