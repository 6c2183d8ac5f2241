package io.loomkit.channel;

import java.util.function.Supplier;

/** {@link Channel#onSend}: fires once its element was accepted by the channel. */
final class SendClause<T, R> implements Clause<R> {
    final Channel<T> channel;
    final T element;
    final Supplier<? extends R> action;

    SendClause(Channel<T> channel, T element, Supplier<? extends R> action) {
        this.channel = channel;
        this.element = element;
        this.action = action;
    }
}
