package io.loomkit.context;

/**
 * An entry of a {@link CancelNode}'s stack: a user action ({@link Listener}) or a child context, which is
 * its own entry so that linking a child costs no extra object.
 */
sealed interface Link permits Listener, CancelNode, CancelNode.ChildRef, LostCancels.Ref {
    /** The next older entry; only the owner's single sweeper changes it, and only to skip removed ones. */
    Link nextLink();

    void setNextLink(Link next);

    /** Whether the entry no longer needs firing: an unregistered action or a child already cancelled. */
    boolean isRemoved();

    /** Cancels the child or runs the action, at most once; reports what an action throws. */
    void fire(Throwable cause);
}
