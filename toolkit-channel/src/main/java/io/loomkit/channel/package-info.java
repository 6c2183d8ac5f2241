/**
 * Bounded channels after Go's {@code chan}: a rendezvous channel for signalling and bounded buffers for
 * hand-off between virtual threads, with {@code close}, iteration until closed, {@code select} over several
 * channels, and blocking calls that honour a {@link io.loomkit.context.Context}. A channel can measure its
 * own traffic and advise (or adapt) its capacity, because a buffer far above the real backlog wastes memory
 * and hides a slow consumer.
 */
package io.loomkit.channel;
