package io.loomkit.context;

/**
 * The context bound to the current thread. A {@code ThreadLocal} rather than a {@code ScopedValue}
 * because ScopedValue is a preview API on Java 21; it is only touched by {@code run}, {@code call},
 * wrapped executors and scope forks, never on the cancellation paths.
 */
final class Binding {
    private static final ThreadLocal<Context> CURRENT = new ThreadLocal<>();

    private Binding() {}

    static Context current() {
        Context c = CURRENT.get();
        return c == null ? Background.INSTANCE : c;
    }

    /** Binds {@code context} and returns what was bound before (null for nothing). */
    static Context bind(Context context) {
        Context previous = CURRENT.get();
        CURRENT.set(context);
        return previous;
    }

    /** Binds {@code context} on a thread that has no binding yet (skips the read that would create one). */
    static void bindFresh(Context context) {
        CURRENT.set(context);
    }

    static void restore(Context previous) {
        if (previous == null) {
            CURRENT.remove();
        } else {
            CURRENT.set(previous);
        }
    }
}
