package io.loomkit.channel;

/**
 * One alternative of a {@link Select#select(Clause[])}: receive from or send to a channel
 * ({@link Channel#onReceive}, {@link Channel#onSend}), a cancelled context ({@link Select#onCancel}), a
 * timeout ({@link Select#onTimeout}) or a default when nothing is ready ({@link Select#orElse}).
 *
 * <p>A clause is an immutable description; it takes effect only when a select chooses it. The same clause
 * may be passed to many selects, one after another or concurrently.
 *
 * <p>Memory consistency effects: see {@link Select}.
 *
 * @param <R> the result the select returns when this clause fires
 */
public sealed interface Clause<R> permits ReceiveClause, SendClause, SpecialClause {
}
