package io.loomkit.jmh.pool;

import java.nio.ByteBuffer;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The pooled objects of the issue: a 4 KiB byte[] holder, a 64 KiB heap ByteBuffer, a StringBuilder(256).
 * Each knows how to make, use a little (so the JIT cannot drop the work) and reset one object.
 *
 * @param <T> the pooled type
 */
abstract class PooledKind<T> {
    final Supplier<T> factory;
    final Consumer<T> reset;

    PooledKind(Supplier<T> factory, Consumer<T> reset) {
        this.factory = factory;
        this.reset = reset;
    }

    /** Does a little work with the object, as a caller would; returns something to consume. */
    abstract int use(T obj);

    static PooledKind<?> of(String name) {
        return switch (name) {
            case "bytes4k" -> new Bytes();
            case "buffer64k" -> new Buffer();
            case "stringBuilder" -> new Builder();
            default -> throw new IllegalArgumentException("object: " + name);
        };
    }

    /** A holder of a 4 KiB array with a write position, as an encoder's scratch buffer. */
    static final class Bytes4k {
        final byte[] bytes = new byte[4096];
        int position;
    }

    static final class Bytes extends PooledKind<Bytes4k> {
        Bytes() {
            super(Bytes4k::new, b -> b.position = 0);
        }

        @Override
        int use(Bytes4k b) {
            b.bytes[b.position++] = 42;
            b.bytes[b.position++] = 7;
            return b.position + b.bytes[0];
        }
    }

    static final class Buffer extends PooledKind<ByteBuffer> {
        Buffer() {
            super(() -> ByteBuffer.allocate(64 * 1024), ByteBuffer::clear);
        }

        @Override
        int use(ByteBuffer b) {
            b.putLong(0x1234_5678L).putInt(42);
            return b.position() + b.get(0);
        }
    }

    static final class Builder extends PooledKind<StringBuilder> {
        Builder() {
            super(() -> new StringBuilder(256), sb -> sb.setLength(0));
        }

        @Override
        int use(StringBuilder sb) {
            sb.append("id=").append(42);
            return sb.length();
        }
    }
}
