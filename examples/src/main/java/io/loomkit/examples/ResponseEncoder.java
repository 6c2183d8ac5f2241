package io.loomkit.examples;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.StandardCharsets;

/**
 * What a handler renders a response with: a text builder, a UTF-8 encoder and a byte buffer. Worth pooling
 * (toolkit-pool): building one costs a 16 KB array, a 4 KB builder and an encoder, and a request needs it
 * for a millisecond. Used by one thread at a time (the pool hands it to one holder).
 */
final class ResponseEncoder {
    private final StringBuilder text = new StringBuilder(4096);
    private final CharsetEncoder utf8 = StandardCharsets.UTF_8.newEncoder();
    private ByteBuffer bytes = ByteBuffer.allocate(16 * 1024);

    /** The pool's reset hook: runs before the encoder is handed out again. */
    void reset() {
        text.setLength(0);
        utf8.reset();
        bytes.clear();
    }

    StringBuilder text() {
        return text;
    }

    /** Encodes the text into the buffer (growing it if a payload is unusually large); returns the length. */
    int encode() {
        CharBuffer in = CharBuffer.wrap(text);
        bytes.clear();
        utf8.reset();
        while (utf8.encode(in, bytes, true).isOverflow()) {
            ByteBuffer bigger = ByteBuffer.allocate(bytes.capacity() * 2);
            bytes.flip();
            bigger.put(bytes);
            bytes = bigger;
        }
        utf8.flush(bytes);
        return bytes.position();
    }

    /** Writes what {@link #encode()} produced. */
    void writeTo(OutputStream out) throws IOException {
        out.write(bytes.array(), 0, bytes.position());
    }
}
