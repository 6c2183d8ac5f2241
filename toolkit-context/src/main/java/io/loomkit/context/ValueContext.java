package io.loomkit.context;

/** A context that adds values (or drops cancellation) and otherwise behaves as its source. */
final class ValueContext extends AbstractContext {
    ValueContext(CancelNode source, Values values) {
        super(source, values);
    }

    @Override
    public String toString() {
        return "Context[" + (source == null ? "never cancelled" : source.stateString()) + ", " + values + "]";
    }
}
