package io.loomkit.context.junit;

import io.loomkit.context.TaskMonitor;
import io.loomkit.context.TaskSnapshot;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.lang.reflect.AnnotatedElement;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test that leaves loomkit tasks running: Go's {@code goleak.VerifyNone}, by ownership rather than
 * by a process-wide diff. Tasks count as the test's when they are started (through a {@code TaskScope} or
 * a wrapped executor) by the test's thread, by a thread it created, or by a task it owns, between the
 * start of its {@code @BeforeEach} methods and the end of its {@code @AfterEach} methods. So a leak in one
 * test never fails another, even under JUnit's parallel execution. After the test, its tasks get
 * {@link #lingerMillis()} to finish (polled with backoff); any still alive fail the test with a report of
 * each one's scope, what it is blocked on and its stack.
 *
 * <pre>{@code
 * @VerifyNoLeaks
 * class OrderServiceTest { ... }
 * }</pre>
 *
 * <p>Put it on a class (every test method) or on a method. The extension adds no cost to code outside the
 * tests it is on.
 */
@SuppressWarnings("exports") // JUnit is an optional dependency: users of this package have it already
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@ExtendWith(VerifyNoLeaks.Extension.class)
public @interface VerifyNoLeaks {
    /**
     * How long the test's tasks may take to finish after the test, in milliseconds.
     *
     * @return the linger time; default 1000
     */
    long lingerMillis() default 1000;

    /**
     * Regular expressions for task names to ignore (matched against the whole name, such as
     * {@code "poller#1"}).
     *
     * @return the patterns; default none
     */
    String[] ignoreNames() default {};

    /**
     * Prefixes of the frame to ignore tasks by: a task is ignored if its first frame outside the JDK and
     * loomkit ({@link TaskSnapshot.TaskInfo#userFrame()}), written {@code class.method}, starts with one.
     *
     * @return the prefixes; default none
     */
    String[] ignoreTopFrames() default {};

    /**
     * The JUnit extension behind {@link VerifyNoLeaks}; registered by the annotation, not used directly.
     *
     * <p>Memory consistency effects: none of its own; see {@link TaskMonitor}.
     */
    @SuppressWarnings("exports") // as above
    final class Extension implements BeforeEachCallback, AfterEachCallback {
        private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(Extension.class);

        /** Creates the extension; JUnit does this. */
        public Extension() {}

        @Override
        public void beforeEach(ExtensionContext context) {
            context.getStore(NS).put("tracker", TaskMonitor.global().track(context.getDisplayName()));
        }

        @Override
        public void afterEach(ExtensionContext context) throws Exception {
            TaskMonitor.Tracker tracker = context.getStore(NS).remove("tracker", TaskMonitor.Tracker.class);
            if (tracker == null) {
                return;
            }
            tracker.close();
            VerifyNoLeaks config = find(context);
            TaskSnapshot leaked = tracker.awaitLeaks(Duration.ofMillis(config.lingerMillis()), ignoreRule(config));
            if (!leaked.tasks().isEmpty()) {
                throw new AssertionError(context.getDisplayName() + " leaked " + leaked.tasks().size()
                        + " task(s) still alive " + config.lingerMillis() + " ms after it ended:\n" + leaked);
            }
        }

        private static VerifyNoLeaks find(ExtensionContext context) {
            Optional<VerifyNoLeaks> onMethod = context.getTestMethod().map(m -> m.getAnnotation(VerifyNoLeaks.class));
            if (onMethod.isPresent()) {
                return onMethod.get();
            }
            for (Optional<Class<?>> c = context.getTestClass(); c.isPresent(); c = c.map(Class::getEnclosingClass)) {
                VerifyNoLeaks a = annotation(c.get());
                if (a != null) {
                    return a;
                }
                if (c.get().getEnclosingClass() == null) {
                    break;
                }
            }
            throw new IllegalStateException("VerifyNoLeaks.Extension used without @VerifyNoLeaks");
        }

        private static VerifyNoLeaks annotation(AnnotatedElement e) {
            return e.getAnnotation(VerifyNoLeaks.class);
        }

        static Predicate<TaskSnapshot.TaskInfo> ignoreRule(VerifyNoLeaks config) {
            List<Pattern> names = Arrays.stream(config.ignoreNames()).map(Pattern::compile).toList();
            List<String> frames = List.of(config.ignoreTopFrames());
            return t -> {
                for (Pattern p : names) {
                    if (p.matcher(t.name()).matches()) {
                        return true;
                    }
                }
                StackTraceElement f = t.userFrame();
                if (f != null) {
                    String where = f.getClassName() + "." + f.getMethodName();
                    for (String prefix : frames) {
                        if (where.startsWith(prefix)) {
                            return true;
                        }
                    }
                }
                return false;
            };
        }
    }
}
