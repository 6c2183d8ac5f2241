package io.loomkit.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;

class ChannelEventsTest {

    @Test
    void blockedSendAndPeriodicStatsAreRecordedWhenEnabled() throws Exception {
        Path file = Files.createTempFile("loomkit-channel", ".jfr");
        try (Recording recording = new Recording()) {
            recording.enable("io.loomkit.ChannelSendBlocked").withThreshold(Duration.ZERO);
            recording.enable("io.loomkit.ChannelStats").withPeriod(Duration.ofMillis(50));
            recording.start();
            Channel<Integer> ch = Channel.<Integer>builder(1).measured().build();
            ch.send(1);
            Thread sender = Thread.ofVirtual().start(() -> {
                try {
                    ch.send(2);
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
            });
            Case.awaitParked(sender);
            assertEquals(1, ch.receive());
            sender.join();
            assertEquals(2, ch.receive());
            for (int i = 0; i < 200; i++) {
                ch.send(i);
                ch.receive();
            }
            Thread.sleep(300); // let the periodic event fire a few times; the assertion does not depend on how many
            recording.stop();
            recording.dump(file);
            List<RecordedEvent> events = RecordingFile.readAllEvents(file);
            List<RecordedEvent> blocked = events.stream()
                    .filter(e -> e.getEventType().getName().equals("io.loomkit.ChannelSendBlocked")).toList();
            List<RecordedEvent> stats = events.stream()
                    .filter(e -> e.getEventType().getName().equals("io.loomkit.ChannelStats")).toList();
            assertEquals(1, blocked.size(), events.toString());
            assertTrue(blocked.get(0).getString("channel").startsWith("Channel[capacity=1"));
            assertFalse(stats.isEmpty());
            assertTrue(stats.stream().anyMatch(e -> e.getString("advice").contains("capacity")), stats.toString());
            // keep ch reachable until the recording is over, so the periodic hook still sees it
            assertEquals(1, ch.capacity());
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
