package io.loomkit.context;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LostCancelTest {
    private final List<TaskMonitor.LostCancel> reports = new CopyOnWriteArrayList<>();
    private Registration listener;

    private void detect(boolean sites) {
        TaskMonitor.global().detectLostCancels(true, sites);
        listener = TaskMonitor.global().onLostCancel(reports::add);
    }

    @AfterEach
    void off() {
        TaskMonitor.global().detectLostCancels(false, false);
        if (listener != null) {
            listener.unregister();
        }
    }

    private void awaitReports(int n) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (reports.size() < n && System.nanoTime() < end) {
            System.gc();
            Thread.sleep(10);
        }
    }

    @Test
    void aForgottenContextIsReportedWithTheLineThatMadeIt() throws Exception {
        CancellableContext parent = Context.background().withCancel(); // long-lived: must not keep the child alive
        detect(true);
        forgetAChild(parent);
        awaitReports(1);
        assertEquals(1, reports.size(), reports.toString());
        TaskMonitor.LostCancel lost = reports.get(0);
        assertEquals("forgetAChild", lost.creationSite().get(0).getMethodName(), lost.toString());
        assertTrue(lost.toString().contains("became unreachable without cancel() or close()"), lost.toString());
        parent.cancel();
    }

    private static void forgetAChild(Context parent) {
        CancellableContext child = parent.withTimeout(Duration.ofHours(1)); // the leak: never cancelled
        assertFalse(child.isCancelled());
    }

    @Test
    void cancelledAndClosedContextsAreNotReported() throws Exception {
        detect(false);
        for (int i = 0; i < 100; i++) {
            try (CancellableContext c = Context.background().withCancel()) {
                assertFalse(c.isCancelled());
            }
            Context.background().withTimeout(Duration.ofHours(1)).cancel();
        }
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(10);
        }
        assertTrue(reports.isEmpty(), reports.toString());
        assertEquals(0, TaskMonitor.global().lostCancels.pending());
    }

    @Test
    void withoutCreationSitesTheReportSaysHowToGetThem() throws Exception {
        detect(false);
        Context.background().withCancel(); // lost
        awaitReports(1);
        assertEquals(1, reports.size());
        assertTrue(reports.get(0).creationSite().isEmpty());
        assertTrue(reports.get(0).toString().contains("switch creation-site recording on"));
    }

    @Test
    void trackedChildrenStillFollowTheirParent() {
        detect(false);
        CancellableContext parent = Context.background().withCancel();
        CancellableContext child = parent.withCancel();
        parent.cancel();
        assertTrue(child.isCancelled());
    }
}
