package io.loomkit.context;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedSuccessfully;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import io.loomkit.context.junit.VerifyNoLeaks;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/** Runs fixture classes through the JUnit engine and asserts on the verdicts of @VerifyNoLeaks. */
class VerifyNoLeaksTest {
    /** Scopes the leaky fixture leaves open, closed after the run so the JVM stays clean. */
    static final List<TaskScope> LEAKED = new CopyOnWriteArrayList<>();

    @VerifyNoLeaks(lingerMillis = 300)
    static class Fixtures {
        @Test
        void leaks() {
            TaskScope scope = TaskScope.builder(Context.background()).name("leaky").open();
            LEAKED.add(scope);
            scope.fork(ctx -> {
                ctx.await();
                return null;
            });
        }

        @Test
        void finishesWithinTheLinger() throws Exception {
            TaskScope scope = TaskScope.open(Context.background()); // not closed, but its task ends soon
            scope.fork(ctx -> {
                Thread.sleep(50);
                return null;
            });
            Thread.sleep(20);
        }

        @Test
        void closesItsScope() throws Exception {
            try (TaskScope scope = TaskScope.open(Context.background())) {
                scope.fork(ctx -> {
                    ctx.await();
                    return null;
                });
                Thread.sleep(30);
            }
        }

        @Test
        void joinsItsTasks() throws Exception {
            try (TaskScope scope = TaskScope.open(Context.background())) {
                for (int i = 0; i < 50; i++) {
                    scope.fork(ctx -> 1);
                }
                scope.join();
            }
        }

        @Test
        @VerifyNoLeaks(ignoreNames = "ignored#.*", lingerMillis = 100)
        void leaksOnlyAnIgnoredTask() {
            TaskScope scope = TaskScope.builder(Context.background()).name("ignored").open();
            LEAKED.add(scope);
            scope.fork(ctx -> {
                ctx.await();
                return null;
            });
        }
    }

    private Events run(boolean parallel) {
        try {
            return EngineTestKit.engine("junit-jupiter")
                    .configurationParameter("junit.jupiter.execution.parallel.enabled", Boolean.toString(parallel))
                    .configurationParameter("junit.jupiter.execution.parallel.mode.default", "concurrent")
                    .configurationParameter("junit.jupiter.execution.parallel.config.strategy", "fixed")
                    .configurationParameter("junit.jupiter.execution.parallel.config.fixed.parallelism", "5")
                    .selectors(selectClass(Fixtures.class))
                    .execute()
                    .testEvents();
        } finally {
            LEAKED.forEach(TaskScope::close);
            LEAKED.clear();
        }
    }

    @Test
    void onlyTheLeakingTestFailsUnderParallelExecution() {
        Events events = run(true);
        events.assertStatistics(stats -> stats.started(5).succeeded(4).failed(1));
        events.assertThatEvents().haveExactly(1, event(test("leaks"),
                finishedWithFailure(instanceOf(AssertionError.class), message(m -> m.contains("leaked 1 task(s)")
                        && m.contains("leaky#1") && m.contains("CONTEXT_AWAIT")))));
        events.assertThatEvents().haveExactly(1, event(test("closesItsScope"), finishedSuccessfully()));
        events.assertThatEvents().haveExactly(1, event(test("finishesWithinTheLinger"), finishedSuccessfully()));
    }

    @Test
    void onlyTheLeakingTestFailsWhenRunInSequence() {
        run(false).assertStatistics(stats -> stats.started(5).succeeded(4).failed(1));
    }
}
