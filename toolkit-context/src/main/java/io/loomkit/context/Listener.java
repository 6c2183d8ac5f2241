package io.loomkit.context;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One entry in a {@link CancelNode}'s listener stack: a user action or a child to cancel.
 *
 * <p>{@code state} moves once, from PENDING to FIRED (the canceller won) or to REMOVED (unregister won);
 * whoever wins the CAS owns the payload, so the action runs exactly once or never, and unregister returns
 * true exactly when it prevented the run.
 */
final class Listener implements Registration {
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
    /** The payload: exactly one of them is set until the state leaves PENDING. */
    private Runnable action;
    private CancelNode child;
    @SuppressWarnings("unused") // accessed through STATE
    private volatile int state;
    /** The next older listener; changed only by the owner's single sweeper, and only to skip REMOVED ones. */
    volatile Listener next;

    Listener(CancelNode owner, Runnable action) {
        this.owner = owner;
        this.action = action;
    }

    Listener(CancelNode owner, CancelNode child) {
        this.owner = owner;
        this.child = child;
    }

    boolean isRemoved() {
        return (int) STATE.getAcquire(this) == REMOVED;
    }

    /** Runs the payload if no unregister came first; reports what the action throws. */
    void fire(Throwable cause) {
        if (!STATE.compareAndSet(this, PENDING, FIRED)) {
            return;
        }
        CancelNode c = child;
        Runnable a = action;
        child = null;
        action = null;
        try {
            if (c != null) {
                c.cancel(cause);
            } else {
                a.run();
            }
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
        // Drop the payload at once: a stale entry must not keep a child context or a closure alive.
        child = null;
        action = null;
        if (owner != null) {
            owner.listenerRemoved();
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
