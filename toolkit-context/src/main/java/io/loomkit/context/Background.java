package io.loomkit.context;

/** The root context: never cancelled, no deadline, no values. */
final class Background extends AbstractContext {
    static final Background INSTANCE = new Background();

    private Background() {
        super(null, null);
    }

    @Override
    public String toString() {
        return "Context.background()";
    }
}
