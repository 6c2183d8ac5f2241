package io.loomkit.channel;

import java.util.function.Function;

/** {@link Channel#onReceive}: fires with a received element. */
final class ReceiveClause<T, R> implements Clause<R> {
    final Channel<T> channel;
    final Function<? super T, ? extends R> action;

    ReceiveClause(Channel<T> channel, Function<? super T, ? extends R> action) {
        this.channel = channel;
        this.action = action;
    }

    R fire(Object element) {
        return action.apply(Channel.cast(element));
    }
}
