/**
 * Structured cancellation for the virtual-thread era: {@link io.loomkit.context.Context}, task scopes that
 * own every task they start, and task leak detection, with a JUnit 5 extension in
 * {@code io.loomkit.context.junit} (JUnit is an optional dependency: only that package needs it).
 */
module io.loomkit.context {
    requires jdk.jfr;
    requires static org.junit.jupiter.api; // optional: only io.loomkit.context.junit uses it

    exports io.loomkit.context;
    exports io.loomkit.context.junit;
}
