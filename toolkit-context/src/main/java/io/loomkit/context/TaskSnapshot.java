package io.loomkit.context;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;

/**
 * The live tasks at one moment: for each, its name, id, owning scope path, age, thread state, what it is
 * {@linkplain BlockedOn blocked on} and its stack. {@link #diff(TaskSnapshot, TaskSnapshot)} groups the
 * tasks that appeared between two snapshots by identical stack, the pprof-diff workflow of Go.
 *
 * <p>{@link #toString()} is a readable report; {@link #toJson()} writes this stable shape (fields in this
 * order, times as ISO-8601 strings, stacks as strings in {@link StackTraceElement#toString()} form, top
 * frame first):
 * <pre>{@code
 * {"takenAt": "2026-11-27T10:15:30Z", "liveCount": 2, "tasks": [
 *   {"id": 41, "name": "request#3", "scopePath": ["request"], "ageMillis": 1500, "state": "WAITING",
 *    "blockedOn": "CHANNEL_RECEIVE", "blocker": "java.util.concurrent.locks.AbstractQueuedSynchronizer$ConditionObject",
 *    "stack": ["java.base/jdk.internal.misc.Unsafe.park(Native Method)", "..."]}]}
 * }</pre>
 * {@code liveCount} is the monitor's count when the snapshot was taken; {@code tasks} may differ from it by
 * the tasks that started or finished while the snapshot was being taken.
 *
 * <p>Memory consistency effects: a snapshot is immutable and safe to share between threads.
 */
public final class TaskSnapshot {
    private final Instant takenAt;
    private final long liveCount;
    private final List<TaskInfo> tasks;

    private TaskSnapshot(Instant takenAt, long liveCount, List<TaskInfo> tasks) {
        this.takenAt = takenAt;
        this.liveCount = liveCount;
        this.tasks = List.copyOf(tasks);
    }

    static TaskSnapshot of(List<Tracked> live, long liveCount) {
        long now = System.nanoTime();
        List<TaskInfo> infos = new ArrayList<>(live.size());
        for (Tracked t : live) {
            Thread thread = t.runningThread();
            if (thread == null) {
                continue; // finished while we looked
            }
            StackTraceElement[] stack = thread.getStackTrace();
            Thread.State state = thread.getState();
            Object blocker = LockSupport.getBlocker(thread);
            if (state == Thread.State.TERMINATED || t.isFinished()) {
                continue;
            }
            long started = t.startNanos(); // 0 while a forked task waits for a carrier: it has not run yet
            infos.add(new TaskInfo(t.taskId(), t.taskName(), t.scopePath(),
                    started == 0 ? Duration.ZERO : Duration.ofNanos(now - started),
                    state, BlockedOn.classify(state, blocker, stack),
                    blocker == null ? null : blocker.getClass().getName(), Arrays.asList(stack)));
        }
        infos.sort(Comparator.comparingLong(TaskInfo::id));
        return new TaskSnapshot(Instant.now(), liveCount, infos);
    }

    /**
     * One live task.
     *
     * @param id a JVM-unique task number (the id of the thread it runs on)
     * @param name the task's name: its scope's name and number, or the wrapped executor's task name
     * @param scopePath names of the enclosing scopes, outermost first; empty for wrapped-executor tasks
     * @param age how long the task had been running
     * @param state its thread's state
     * @param blockedOn what it is waiting for
     * @param blocker the class of the object it is parked on, or null
     * @param stack its stack, top frame first
     */
    public record TaskInfo(long id, String name, List<String> scopePath, Duration age, Thread.State state,
            BlockedOn blockedOn, String blocker, List<StackTraceElement> stack) {
        /**
         * Validates and copies the components.
         *
         * @param id a JVM-unique task number
         * @param name the task's name
         * @param scopePath names of the enclosing scopes
         * @param age how long the task had been running
         * @param state its thread's state
         * @param blockedOn what it is waiting for
         * @param blocker the class of the park blocker, or null
         * @param stack its stack, top frame first
         */
        public TaskInfo {
            Objects.requireNonNull(name, "name");
            scopePath = List.copyOf(scopePath);
            Objects.requireNonNull(age, "age");
            Objects.requireNonNull(state, "state");
            Objects.requireNonNull(blockedOn, "blockedOn");
            stack = List.copyOf(stack);
        }

        /**
         * Returns the first frame outside the JDK and loomkit: usually the line that leaked.
         *
         * @return that frame, or null if there is none
         */
        public StackTraceElement userFrame() {
            for (StackTraceElement f : stack) {
                String c = f.getClassName();
                if (!(c.startsWith("java.") || c.startsWith("jdk.") || c.startsWith("sun.")
                        || c.startsWith("io.loomkit.channel.") || isContextMachinery(c))) {
                    return f;
                }
            }
            return null;
        }
    }

    private static final List<String> MACHINERY = List.of("AbstractContext", "CancelNode", "TaskNode", "TaskScope",
            "WrappedTask", "Binding", "Listener", "ValueContext", "Background");

    /** Whether {@code className} is one of this package's classes that run a task or a wait for it. */
    static boolean isContextMachinery(String className) {
        String prefix = "io.loomkit.context.";
        if (!className.startsWith(prefix)) {
            return false;
        }
        String simple = className.substring(prefix.length());
        int nested = simple.indexOf('$');
        return MACHINERY.contains(nested < 0 ? simple : simple.substring(0, nested));
    }

    /**
     * Tasks of one stack in a {@link Diff}.
     *
     * @param count how many tasks have this stack
     * @param blockedOn what they wait for
     * @param stack the stack they share, top frame first
     * @param tasks the tasks
     */
    public record Group(int count, BlockedOn blockedOn, List<StackTraceElement> stack, List<TaskInfo> tasks) {
        /**
         * Copies the components.
         *
         * @param count how many tasks have this stack
         * @param blockedOn what they wait for
         * @param stack the shared stack
         * @param tasks the tasks
         */
        public Group {
            Objects.requireNonNull(blockedOn, "blockedOn");
            stack = List.copyOf(stack);
            tasks = List.copyOf(tasks);
        }
    }

    /**
     * The tasks alive in a later snapshot that were not in an earlier one, grouped by identical stack,
     * largest group first.
     *
     * <p>Memory consistency effects: immutable and safe to share between threads.
     *
     * @param before the earlier snapshot's time
     * @param after the later snapshot's time
     * @param groups the groups, largest first
     */
    public record Diff(Instant before, Instant after, List<Group> groups) {
        /**
         * Copies the components.
         *
         * @param before the earlier snapshot's time
         * @param after the later snapshot's time
         * @param groups the groups, largest first
         */
        public Diff {
            Objects.requireNonNull(before, "before");
            Objects.requireNonNull(after, "after");
            groups = List.copyOf(groups);
        }

        /**
         * Returns the number of tasks that appeared and are still alive.
         *
         * @return the sum of the group counts
         */
        public int newTasks() {
            return groups.stream().mapToInt(Group::count).sum();
        }

        /**
         * Writes the diff as JSON: {@code {"before": ..., "after": ..., "newTasks": n, "groups": [{"count": n,
         * "blockedOn": ..., "stack": [...], "tasks": [task, ...]}]}}, each task as in
         * {@link TaskSnapshot#toJson()}.
         *
         * @return the JSON text
         */
        public String toJson() {
            Json j = new Json();
            j.open('{').field("before").string(before.toString()).field("after").string(after.toString())
                    .field("newTasks").number(newTasks()).field("groups").open('[');
            for (Group g : groups) {
                j.open('{').field("count").number(g.count()).field("blockedOn").string(g.blockedOn().name())
                        .field("stack").strings(g.stack().stream().map(Object::toString).toList())
                        .field("tasks").open('[');
                g.tasks().forEach(t -> writeTask(j, t));
                j.close(']').close('}');
            }
            return j.close(']').close('}').toString();
        }

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder();
            sb.append(newTasks()).append(" task(s) appeared between ").append(before).append(" and ").append(after)
                    .append(" and are still alive, in ").append(groups.size()).append(" group(s):\n");
            for (Group g : groups) {
                TaskInfo first = g.tasks().get(0);
                sb.append('\n').append(g.count()).append(" x ").append(g.blockedOn())
                        .append(", e.g. ").append(first.name())
                        .append(first.scopePath().isEmpty() ? "" : " in " + String.join("/", first.scopePath()))
                        .append(", age ").append(first.age().toMillis()).append(" ms\n");
                appendStack(sb, g.stack());
            }
            return sb.toString();
        }
    }

    /**
     * Returns the tasks alive in {@code after} that were not in {@code before}, grouped by identical stack,
     * largest group first.
     *
     * @param before the earlier snapshot
     * @param after the later snapshot
     * @return the diff
     * @throws NullPointerException if either snapshot is null
     */
    public static Diff diff(TaskSnapshot before, TaskSnapshot after) {
        Objects.requireNonNull(before, "before");
        Objects.requireNonNull(after, "after");
        Set<Long> old = new HashSet<>();
        before.tasks.forEach(t -> old.add(t.id()));
        Map<List<StackTraceElement>, List<TaskInfo>> byStack = new LinkedHashMap<>();
        for (TaskInfo t : after.tasks) {
            if (!old.contains(t.id())) {
                byStack.computeIfAbsent(t.stack(), k -> new ArrayList<>()).add(t);
            }
        }
        List<Group> groups = new ArrayList<>();
        byStack.forEach((stack, ts) -> groups.add(new Group(ts.size(), ts.get(0).blockedOn(), stack, ts)));
        groups.sort(Comparator.comparingInt(Group::count).reversed());
        return new Diff(before.takenAt, after.takenAt, groups);
    }

    /**
     * Returns when the snapshot was taken.
     *
     * @return the time
     */
    public Instant takenAt() {
        return takenAt;
    }

    /**
     * Returns the monitor's live count when the snapshot was taken.
     *
     * @return the live count
     */
    public long liveCount() {
        return liveCount;
    }

    /**
     * Returns the live tasks, in start order.
     *
     * @return the tasks
     */
    public List<TaskInfo> tasks() {
        return tasks;
    }

    /**
     * Returns this snapshot without the tasks {@code ignore} accepts.
     *
     * @param ignore which tasks to drop
     * @return a filtered snapshot with the same time and live count
     * @throws NullPointerException if {@code ignore} is null
     */
    public TaskSnapshot without(Predicate<TaskInfo> ignore) {
        Objects.requireNonNull(ignore, "ignore");
        return new TaskSnapshot(takenAt, liveCount, tasks.stream().filter(ignore.negate()).toList());
    }

    /**
     * Writes the snapshot as JSON in the shape documented on this class.
     *
     * @return the JSON text
     */
    public String toJson() {
        Json j = new Json();
        j.open('{').field("takenAt").string(takenAt.toString()).field("liveCount").number(liveCount)
                .field("tasks").open('[');
        tasks.forEach(t -> writeTask(j, t));
        return j.close(']').close('}').toString();
    }

    private static void writeTask(Json j, TaskInfo t) {
        j.open('{').field("id").number(t.id()).field("name").string(t.name())
                .field("scopePath").strings(t.scopePath()).field("ageMillis").number(t.age().toMillis())
                .field("state").string(t.state().name()).field("blockedOn").string(t.blockedOn().name())
                .field("blocker").string(t.blocker())
                .field("stack").strings(t.stack().stream().map(Object::toString).toList()).close('}');
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        sb.append(tasks.size()).append(" live task(s) at ").append(takenAt).append(" (live count ")
                .append(liveCount).append("):\n");
        for (TaskInfo t : tasks) {
            sb.append('\n').append(t.name()).append(" [id ").append(t.id()).append("]")
                    .append(t.scopePath().isEmpty() ? "" : " in " + String.join("/", t.scopePath()))
                    .append(", ").append(t.blockedOn()).append(" (").append(t.state()).append("), age ")
                    .append(t.age().toMillis()).append(" ms\n");
            appendStack(sb, t.stack());
        }
        return sb.toString();
    }

    private static void appendStack(StringBuilder sb, List<StackTraceElement> stack) {
        for (StackTraceElement f : stack) {
            sb.append("\tat ").append(f).append('\n');
        }
    }
}
