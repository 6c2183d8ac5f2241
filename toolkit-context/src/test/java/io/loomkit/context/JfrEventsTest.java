package io.loomkit.context;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingStream;
import org.junit.jupiter.api.Test;

/** The leak and alert JFR events reach a recording, so JMC shows them without extra tooling. */
class JfrEventsTest {
    @Test
    void leakedTasksAndCountAlertsAreRecorded() throws Exception {
        List<RecordedEvent> events = new CopyOnWriteArrayList<>();
        CountDownLatch seen = new CountDownLatch(2);
        try (RecordingStream rs = new RecordingStream()) {
            rs.enable("io.loomkit.TaskLeak");
            rs.enable("io.loomkit.TaskCountAlert");
            rs.onEvent(e -> {
                events.add(e);
                seen.countDown();
            });
            rs.startAsync();

            TaskMonitor monitor = TaskMonitor.global();
            Registration alert = monitor.alertAbove((int) monitor.liveCount(), s -> { });
            TaskScope scope;
            try (TaskMonitor.Tracker tracker = monitor.track("jfr")) {
                scope = TaskScope.builder(Context.background()).name("jfr-leak").open();
                scope.fork(ctx -> {
                    ctx.await();
                    return null;
                });
                assertEquals(1, tracker.awaitLeaks(Duration.ofMillis(200), t -> false).tasks().size());
            }
            assertTrue(seen.await(20, TimeUnit.SECONDS), "events: " + events);
            alert.unregister();
            scope.close();
        }
        RecordedEvent leak = events.stream().filter(e -> e.getEventType().getName().equals("io.loomkit.TaskLeak"))
                .findFirst().orElseThrow();
        assertEquals("leaked-task", leak.getString("kind"));
        assertEquals("jfr-leak#1", leak.getString("name"));
        assertEquals("CONTEXT_AWAIT", leak.getString("blockedOn"));
        assertTrue(events.stream().anyMatch(e -> e.getEventType().getName().equals("io.loomkit.TaskCountAlert")));
    }
}
