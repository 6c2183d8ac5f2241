package io.loomkit.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class ChannelClosedExceptionTest {
    @Test
    void keepsMessageAndCause() {
        IllegalStateException error = new IllegalStateException("upstream failed");
        ChannelClosedException e = new ChannelClosedException("send on closed channel", error);
        assertEquals("send on closed channel", e.getMessage());
        assertSame(error, e.getCause());
        assertNull(new ChannelClosedException("receive", null).getCause());
    }
}
