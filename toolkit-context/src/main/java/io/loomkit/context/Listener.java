package io.loomkit.context;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A user action in a {@link CancelNode}'s stack, and its {@link Registration}.
 *
 * <p>{@code state} moves once, from PENDING to FIRED (the canceller won) or to REMOVED (unregister won);
 * whoever wins the CAS owns the payload, so the action runs exactly once or never, and unregister returns
 * true exactly when it prevented the run.
 */
final class Listener implements Registration, Link {
    private static final int PENDING = 0;
    private static final int FIRED = 1;
    private static final int REMOVED = 2;
    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(Listener.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The node whose stack links this listener; null for contexts that are never cancelled. */
    private final CancelNode owner;
    /** The payload, dropped once the state leaves PENDING. */
    private Runnable action;
    @SuppressWarnings("unused") // accessed through STATE
    private volatile int state;
    private Link next; // plain: see the CancelNode header on why racy reads of links are safe

    Listener(CancelNode owner, Runnable action) {
        this.owner = owner;
        this.action = action;
    }

    @Override
    public Link nextLink() {
        return next;
    }

    @Override
    public void setNextLink(Link next) {
        this.next = next;
    }

    @Override
    public boolean isRemoved() {
        return (int) STATE.getAcquire(this) == REMOVED;
    }

    /** Runs the action if no unregister came first; reports what it throws. */
    @Override
    public void fire(Throwable cause) {
        if (!STATE.compareAndSet(this, PENDING, FIRED)) {
            return;
        }
        Runnable a = action;
        action = null;
        try {
            a.run();
        } catch (Throwable t) {
            Thread self = Thread.currentThread();
            self.getUncaughtExceptionHandler().uncaughtException(self, t);
        }
    }

    @Override
    public boolean unregister() {
        if (!STATE.compareAndSet(this, PENDING, REMOVED)) {
            return false;
        }
        // Drop the payload at once: a stale entry must not keep a closure (and what it captured) alive.
        action = null;
        if (owner != null) {
            owner.entryRemoved();
        }
        return true;
    }

    @Override
    public String toString() {
        return "Registration[" + switch ((int) STATE.getAcquire(this)) {
            case PENDING -> "pending";
            case FIRED -> "fired";
            default -> "unregistered";
        } + "]";
    }
}
