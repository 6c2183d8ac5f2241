package io.loomkit.channel;

import io.loomkit.context.Context;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * Waits on several channel operations at once and performs exactly one of them, after Go's
 * {@code select} statement.
 *
 * <pre>{@code
 * String r = Select.select(
 *         requests.onReceive(req -> "got " + req),
 *         replies.onSend(reply, () -> "sent"),
 *         Select.onTimeout(Duration.ofSeconds(1), () -> "idle"));
 * }</pre>
 *
 * <p>When several clauses are ready, one is chosen uniformly at random (as in Go), so no channel starves.
 * Exactly one clause takes effect: a send clause that did not fire sent nothing, and a receive clause that
 * did not fire consumed nothing. If the chosen clause's channel is closed (for a receive: closed and
 * drained, or closed with an error), {@code select} throws that channel's {@link ChannelClosedException},
 * because a loomkit channel has no zero value to return. The clause's action runs in the selecting thread
 * after all channel locks are released; an exception it throws propagates.
 *
 * <p>Thread roles: any thread may select; any number of selects, senders and receivers may use the same
 * channels at once.
 *
 * <p>Memory consistency effects: as for {@link Channel}: actions before a send happen-before actions after
 * the receive of that element, whether either side is a plain call or a select clause.
 */
public final class Select {
    /*
     * Algorithm (ADR 0021): Go's selectgo. Lock every involved channel in the order of Channel.id (a
     * global order, so two selects cannot deadlock), poll the clauses in a random permutation and fire the
     * first ready one. If none is ready and there is no orElse, enqueue one Waiter node per channel clause,
     * all sharing one group waiter, and release the locks. Whoever first CASes the group (a waker on one
     * of the channels, or this thread on interrupt, timeout or context cancel) decides the outcome; the
     * losing nodes are then unlinked from their channels one by one.
     */

    private static final Comparator<Channel<?>> BY_ID = Comparator.comparingLong(c -> c.id);

    private Select() {
    }

    /**
     * Blocks until one clause can fire, performs it and returns its action's result.
     *
     * @param clauses the alternatives; at least one
     * @param <R> the result type
     * @return the result of the clause that fired
     * @throws InterruptedException if interrupted while waiting; no clause took effect
     * @throws ChannelClosedException if the chosen clause's channel is closed
     * @throws IllegalArgumentException if there are no clauses or more than one {@link #orElse}
     * @throws NullPointerException if {@code clauses} or one of them is null
     */
    @SafeVarargs
    @SuppressWarnings("varargs") // the array is only read, never stored or exposed
    public static <R> R select(Clause<? extends R>... clauses) throws InterruptedException {
        Objects.requireNonNull(clauses, "clauses");
        int n = clauses.length;
        if (n == 0) {
            throw new IllegalArgumentException("clauses must not be empty, was 0 clauses");
        }
        Channel<?>[] channels = new Channel<?>[n];
        int channelCount = 0;
        int contextCount = 0;
        int orElse = -1;
        int timeout = -1;
        for (int i = 0; i < n; i++) {
            Clause<? extends R> c = Objects.requireNonNull(clauses[i], "clauses[" + i + "]");
            if (c instanceof ReceiveClause<?, ? extends R> rc) {
                channels[channelCount++] = rc.channel;
            } else if (c instanceof SendClause<?, ? extends R> sc) {
                channels[channelCount++] = sc.channel;
            } else if (c instanceof SpecialClause<? extends R> s) {
                switch (s.kind) {
                    case CANCEL -> contextCount++;
                    case TIMEOUT -> {
                        if (timeout < 0 || s.timeoutNanos < special(clauses[timeout]).timeoutNanos) {
                            timeout = i;
                        }
                    }
                    case DEFAULT -> {
                        if (orElse >= 0) {
                            throw new IllegalArgumentException(
                                    "at most one orElse clause, was another at index " + i);
                        }
                        orElse = i;
                    }
                }
            }
        }
        long deadline = timeout < 0 ? 0L : System.nanoTime() + special(clauses[timeout]).timeoutNanos;
        Channel<?>[] locks = distinctById(channels, channelCount);

        int fired = -1;
        Object item = null;
        boolean interrupted = false;
        Waiter group = null;
        Waiter[] nodes = null;
        lockAll(locks);
        try {
            for (int i : randomOrder(n)) {
                Object r = poll(clauses[i], i == timeout);
                if (r != Channel.EMPTY) {
                    fired = i;
                    item = r;
                    break;
                }
            }
            if (fired < 0 && orElse < 0) {
                interrupted = Thread.interrupted();
                if (!interrupted) {
                    group = new Waiter(Thread.currentThread());
                    nodes = enqueue(group, clauses);
                }
            }
        } finally {
            unlockAll(locks);
        }
        if (fired >= 0) {
            return fire(clauses[fired], item);
        }
        if (orElse >= 0) {
            return special(clauses[orElse]).action.get();
        }
        if (interrupted) {
            throw new InterruptedException("select interrupted");
        }
        return await(clauses, group, nodes, contextCount, timeout, deadline);
    }

    private static <R> R await(Clause<? extends R>[] clauses, Waiter group, Waiter[] nodes, int contextCount,
            int timeout, long deadline) throws InterruptedException {
        Context[] contexts = null;
        int[] contextClause = null;
        if (contextCount > 0) {
            contexts = new Context[contextCount];
            contextClause = new int[contextCount];
            for (int i = 0, j = 0; i < clauses.length; i++) {
                if (clauses[i] instanceof SpecialClause<? extends R> s && s.kind == SpecialClause.Kind.CANCEL) {
                    contexts[j] = s.context;
                    contextClause[j++] = i;
                }
            }
        }
        int outcome = group.await(contexts, timeout >= 0, deadline);
        boolean channelFired = Waiter.isFired(outcome);
        int firedClause = channelFired ? Waiter.firedClause(outcome) : -1;
        for (int i = 0; i < nodes.length; i++) {
            Waiter node = nodes[i];
            if (node != null && i != firedClause) {
                if (clauses[i] instanceof SendClause) {
                    node.channel.unlinkSender(node);
                } else {
                    node.channel.unlinkReceiver(node);
                }
            }
        }
        if (channelFired) {
            return fire(clauses[firedClause], Waiter.firedClosed(outcome) ? Channel.CLOSED : nodes[firedClause].item);
        }
        if (outcome == Waiter.INTERRUPTED) {
            throw new InterruptedException("select interrupted");
        }
        if (outcome == Waiter.TIMED_OUT) {
            return special(clauses[timeout]).action.get();
        }
        return special(clauses[contextClause[Waiter.CONTEXT_CANCELLED - outcome]]).action.get();
    }

    /**
     * Performs {@code clause} if it is ready, with every channel locked.
     *
     * @return {@link Channel#EMPTY} if not ready; else the received element, {@link Channel#CLOSED}, or
     *     null for a fired send or special clause
     */
    private static Object poll(Clause<?> clause, boolean isEarliestTimeout) {
        if (clause instanceof ReceiveClause<?, ?> rc) {
            return rc.channel.pollLocked();
        }
        if (clause instanceof SendClause<?, ?> sc) {
            if (!sc.channel.isOpenLocked()) {
                return Channel.CLOSED;
            }
            return sc.channel.offerLocked(sc.element) ? null : Channel.EMPTY;
        }
        SpecialClause<?> s = (SpecialClause<?>) clause;
        boolean ready = switch (s.kind) {
            case CANCEL -> s.context.isCancelled();
            case TIMEOUT -> isEarliestTimeout && s.timeoutNanos <= 0L;
            case DEFAULT -> false;
        };
        return ready ? null : Channel.EMPTY;
    }

    private static Waiter[] enqueue(Waiter group, Clause<?>[] clauses) {
        Waiter[] nodes = new Waiter[clauses.length];
        for (int i = 0; i < clauses.length; i++) {
            if (clauses[i] instanceof ReceiveClause<?, ?> rc) {
                nodes[i] = new Waiter(group, i, rc.channel, null);
                rc.channel.enqueueReceiverLocked(nodes[i]);
            } else if (clauses[i] instanceof SendClause<?, ?> sc) {
                nodes[i] = new Waiter(group, i, sc.channel, sc.element);
                sc.channel.enqueueSenderLocked(nodes[i]);
            }
        }
        return nodes;
    }

    private static <R> R fire(Clause<? extends R> clause, Object item) {
        if (clause instanceof ReceiveClause<?, ? extends R> rc) {
            if (item == Channel.CLOSED) {
                throw rc.channel.closedException("select receive");
            }
            return rc.fire(item);
        }
        if (clause instanceof SendClause<?, ? extends R> sc) {
            if (item == Channel.CLOSED) {
                throw sc.channel.closedException("select send");
            }
            return sc.action.get();
        }
        return special(clause).action.get();
    }

    @SuppressWarnings("unchecked")
    private static <R> SpecialClause<? extends R> special(Clause<? extends R> clause) {
        return (SpecialClause<? extends R>) clause;
    }

    private static Channel<?>[] distinctById(Channel<?>[] channels, int count) {
        Channel<?>[] sorted = Arrays.copyOf(channels, count);
        Arrays.sort(sorted, BY_ID);
        int distinct = 0;
        for (int i = 0; i < count; i++) {
            if (distinct == 0 || sorted[distinct - 1] != sorted[i]) {
                sorted[distinct++] = sorted[i];
            }
        }
        return distinct == count ? sorted : Arrays.copyOf(sorted, distinct);
    }

    private static void lockAll(Channel<?>[] locks) {
        for (Channel<?> c : locks) {
            c.lock();
        }
    }

    private static void unlockAll(Channel<?>[] locks) {
        for (int i = locks.length - 1; i >= 0; i--) {
            locks[i].unlock();
        }
    }

    private static int[] randomOrder(int n) {
        int[] order = new int[n];
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 0; i < n; i++) {
            int j = random.nextInt(i + 1);
            order[i] = order[j];
            order[j] = i;
        }
        return order;
    }

    /**
     * Returns a clause that fires when {@code context} is cancelled.
     *
     * @param context the context to watch
     * @param action what to call when it fires
     * @param <R> the result type
     * @return the clause
     * @throws NullPointerException if an argument is null
     */
    public static <R> Clause<R> onCancel(Context context, Supplier<? extends R> action) {
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(action, "action");
        return new SpecialClause<>(SpecialClause.Kind.CANCEL, context, 0L, action);
    }

    /**
     * Returns a clause that fires when {@code timeout}, measured from the start of the select, passes
     * first. With several timeout clauses only the earliest can fire; zero or negative is ready at once.
     *
     * @param timeout how long to wait
     * @param action what to call when it fires
     * @param <R> the result type
     * @return the clause
     * @throws NullPointerException if an argument is null
     */
    public static <R> Clause<R> onTimeout(Duration timeout, Supplier<? extends R> action) {
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(action, "action");
        return new SpecialClause<>(SpecialClause.Kind.TIMEOUT, null, Channel.saturatedNanos(timeout), action);
    }

    /**
     * Returns a clause that fires at once when no other clause is ready (Go's {@code default}); a select
     * with it never blocks.
     *
     * @param action what to call when it fires
     * @param <R> the result type
     * @return the clause
     * @throws NullPointerException if {@code action} is null
     */
    public static <R> Clause<R> orElse(Supplier<? extends R> action) {
        Objects.requireNonNull(action, "action");
        return new SpecialClause<>(SpecialClause.Kind.DEFAULT, null, 0L, action);
    }
}
