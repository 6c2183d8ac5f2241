/**
 * Structured cancellation, after Go's {@code context} package: a {@link io.loomkit.context.Context}
 * carries cancellation (with a cause), a deadline and typed values from a parent to every child, and a
 * task scope owns every task it starts, so no task outlives the code that started it. Leak detection
 * counts and dumps the tasks that do.
 */
package io.loomkit.context;
