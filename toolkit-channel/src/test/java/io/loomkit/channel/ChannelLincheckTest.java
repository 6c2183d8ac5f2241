package io.loomkit.channel;

import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.junit.jupiter.api.Test;

/**
 * Lincheck: the non-blocking operations of a channel (trySend, tryReceive, close, closeWithError, size,
 * isClosed) are linearizable, on a buffered channel of capacity 2 and on a rendezvous channel. Model
 * checking explores interleavings at every lock and CAS; stress runs them on real threads. Blocking
 * send/receive park, which a sequential specification cannot express; the jcstress tests and the
 * conservation stress test cover them.
 */
class ChannelLincheckTest {

    /** The operations, on a channel of the subclass's capacity. Results are codes, never exceptions. */
    @Param(name = "element", gen = IntGen.class, conf = "1:3")
    abstract static class Ops {
        private final Channel<Integer> channel;
        private int undelivered;

        Ops(int capacity) {
            channel = Channel.<Integer>builder(capacity).onUndelivered(e -> undelivered += e).build();
        }

        /**
         * @param element what to send
         * @return 1 sent, 0 refused, -1 closed
         */
        @Operation
        public int trySend(@Param(name = "element") int element) {
            try {
                return channel.trySend(element) ? 1 : 0;
            } catch (ChannelClosedException e) {
                return e.getCause() == null ? -1 : -2;
            }
        }

        /** @return the element, 0 if none is ready, -1 closed, -2 closed with error */
        @Operation
        public int tryReceive() {
            try {
                Integer e = channel.tryReceive();
                return e == null ? 0 : e;
            } catch (ChannelClosedException e) {
                return e.getCause() == null ? -1 : -2;
            }
        }

        /** @return whether this call closed the channel */
        @Operation
        public boolean close() {
            return channel.close();
        }

        /** @return the sum of the elements handed to onUndelivered by this call, or -1 if already closed */
        @Operation
        public int closeWithError() {
            int before = undelivered;
            return channel.closeWithError(new IllegalStateException("failed")) ? undelivered - before : -1;
        }

        /** @return the number of buffered elements */
        @Operation
        public int size() {
            return channel.size();
        }

        /** @return whether the channel is closed */
        @Operation
        public boolean isClosed() {
            return channel.isClosed();
        }

        void check() {
            // Budgeted to stay well under the 60 s test timeout on 2 shared cores.
            new ModelCheckingOptions().iterations(10).invocationsPerIteration(300).threads(2)
                    .actorsPerThread(3).check(getClass());
            new StressOptions().iterations(10).invocationsPerIteration(1_000).threads(3).actorsPerThread(2)
                    .check(getClass());
        }
    }

    /** Capacity 2: buffering, refusal when full, close draining, closeWithError handing the rest over. */
    public static class Buffered extends Ops {
        /** Lincheck creates a fresh instance per scenario. */
        public Buffered() {
            super(2);
        }
    }

    /** Capacity 0: try operations never meet each other; close and its exceptions must still linearize. */
    public static class Rendezvous extends Ops {
        /** Lincheck creates a fresh instance per scenario. */
        public Rendezvous() {
            super(0);
        }
    }

    @Test
    void bufferedChannelIsLinearizable() {
        new Buffered().check();
    }

    @Test
    void rendezvousChannelIsLinearizable() {
        new Rendezvous().check();
    }
}
