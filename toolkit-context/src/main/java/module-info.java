/**
 * Structured cancellation for the virtual-thread era: {@link io.loomkit.context.Context},
 * task scopes that own every task they start, and task leak detection.
 */
module io.loomkit.context {
    exports io.loomkit.context;
}
