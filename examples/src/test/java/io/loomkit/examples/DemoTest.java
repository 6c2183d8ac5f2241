package io.loomkit.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DemoTest {
    @Test
    void twoRequestsMeetTheirDeadlineAndTheThirdIsCancelled() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int ok = Demo.run(new PrintStream(bytes, true, StandardCharsets.UTF_8), 8);
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(2, ok, out);
        assertTrue(out.contains("req-3: stopped"), out);
        assertTrue(out.contains("DeadlineExceededException"), out);
    }

    @Test
    void theLeakyHandlerIsCaughtAndTheFixedOneIsClean() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int leaked = Demo.leaks(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(5, leaked, out);
        assertTrue(out.contains("5 task(s) leaked, blocked on CHANNEL_RECEIVE at io.loomkit.examples.Demo.lambda$leakyHandler"), out);
        assertTrue(out.contains("alert fired 1 time(s); the fixed handler left none"), out);
    }

    @Test
    void theOversizedChannelIsAdvisedToShrink() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        io.loomkit.channel.CapacityAdvice advice = Demo.sizing(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(io.loomkit.channel.CapacityAdvice.Verdict.OVERSIZED, advice.verdict(), out);
        assertTrue(advice.recommendedCapacity() < 4096, out);
        assertTrue(out.contains("1600 received"), out);
    }
}
