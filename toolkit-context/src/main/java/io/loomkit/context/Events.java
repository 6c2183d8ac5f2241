package io.loomkit.context;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;

/** JFR events, so production users see leaks in JDK Flight Recorder and JMC without extra tooling. */
final class Events {
    private Events() {}

    @Name("io.loomkit.TaskLeak")
    @Label("Task Leak")
    @Category({"loomkit", "Tasks"})
    @Description("A task that outlived its owner, or a cancellable context dropped without cancel")
    static final class TaskLeak extends Event {
        @Label("Kind")
        @Description("leaked-task or lost-cancel")
        String kind;

        @Label("Name")
        String name;

        @Label("Scope Path")
        String scopePath;

        @Label("Blocked On")
        String blockedOn;

        @Label("Stack")
        String stack;
    }

    @Name("io.loomkit.TaskCountAlert")
    @Label("Task Count Alert")
    @Category({"loomkit", "Tasks"})
    @Description("The number of live loomkit tasks rose above an alert threshold")
    static final class TaskCountAlert extends Event {
        @Label("Threshold")
        long threshold;

        @Label("Live Tasks")
        long liveCount;
    }

    static void countAlert(long threshold, long liveCount) {
        TaskCountAlert e = new TaskCountAlert();
        if (e.shouldCommit()) {
            e.threshold = threshold;
            e.liveCount = liveCount;
            e.commit();
        }
    }

    static void leak(String kind, String name, String scopePath, String blockedOn, String stack) {
        TaskLeak e = new TaskLeak();
        if (e.shouldCommit()) {
            e.kind = kind;
            e.name = name;
            e.scopePath = scopePath;
            e.blockedOn = blockedOn;
            e.stack = stack;
            e.commit();
        }
    }
}
