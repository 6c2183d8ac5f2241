package io.loomkit.channel;

/**
 * A FIFO of parked {@link Waiter} nodes of one channel, doubly linked so that a cancelled node can be
 * removed in O(1). Not thread-safe: every method is called with the owning channel's lock held.
 */
final class WaitQueue {
    private Waiter head;
    private Waiter tail;

    boolean isEmpty() {
        return head == null;
    }

    void add(Waiter node) {
        node.queued = true;
        node.prev = tail;
        if (tail == null) {
            head = node;
        } else {
            tail.next = node;
        }
        tail = node;
    }

    /** Removes and returns the oldest node, or null when empty. */
    Waiter poll() {
        Waiter node = head;
        if (node != null) {
            unlink(node);
        }
        return node;
    }

    /** Removes {@code node} if it is still queued here; a waker may have dequeued it already. */
    void remove(Waiter node) {
        if (node.queued) {
            unlink(node);
        }
    }

    private void unlink(Waiter node) {
        Waiter p = node.prev;
        Waiter n = node.next;
        if (p == null) {
            head = n;
        } else {
            p.next = n;
        }
        if (n == null) {
            tail = p;
        } else {
            n.prev = p;
        }
        node.prev = null;
        node.next = null;
        node.queued = false;
    }
}
