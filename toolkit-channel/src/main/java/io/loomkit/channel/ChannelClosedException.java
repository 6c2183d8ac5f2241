package io.loomkit.channel;

/**
 * Thrown by a send to a closed channel, and by a receive from a channel that is closed and drained or
 * was closed with an error (then the error is the cause).
 *
 * <p>Memory consistency effects: everything a thread did before it closed the channel happens-before
 * another thread's catching this exception for that close.
 */
public final class ChannelClosedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception with a message that names the channel's state, and the error it was closed
     * with, if any.
     *
     * @param message what was attempted on which channel
     * @param cause the error the channel was closed with, or null for a plain close
     */
    public ChannelClosedException(String message, Throwable cause) {
        super(message, cause);
    }
}
