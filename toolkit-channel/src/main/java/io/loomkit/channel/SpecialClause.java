package io.loomkit.channel;

import io.loomkit.context.Context;
import java.util.function.Supplier;

/** {@link Select#onCancel}, {@link Select#onTimeout} and {@link Select#orElse}: clauses without a channel. */
final class SpecialClause<R> implements Clause<R> {
    enum Kind { CANCEL, TIMEOUT, DEFAULT }

    final Kind kind;
    final Context context;
    final long timeoutNanos;
    final Supplier<? extends R> action;

    SpecialClause(Kind kind, Context context, long timeoutNanos, Supplier<? extends R> action) {
        this.kind = kind;
        this.context = context;
        this.timeoutNanos = timeoutNanos;
        this.action = action;
    }
}
