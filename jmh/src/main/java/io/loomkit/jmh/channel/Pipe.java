package io.loomkit.jmh.channel;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.locks.LockSupport;
import org.jctools.queues.atomic.MpmcAtomicArrayQueue;

/** A blocking hand-off under test: loomkit's channel or one of its rivals, behind one interface. */
interface Pipe {
    void put(Integer e) throws InterruptedException;

    Integer take() throws InterruptedException;

    /**
     * Creates the named implementation.
     *
     * @param impl loomkit, jox, jdk (SynchronousQueue for 0, else ArrayBlockingQueue), ltq
     *     (LinkedTransferQueue: transfer for 0, else unbounded put), jctools (MpmcAtomicArrayQueue + park)
     */
    static Pipe create(String impl, int capacity) {
        return switch (impl) {
            case "loomkit" -> {
                io.loomkit.channel.Channel<Integer> ch = io.loomkit.channel.Channel.bounded(capacity);
                yield new Pipe() {
                    @Override
                    public void put(Integer e) throws InterruptedException {
                        ch.send(e);
                    }

                    @Override
                    public Integer take() throws InterruptedException {
                        return ch.receive();
                    }
                };
            }
            case "jox" -> {
                com.softwaremill.jox.Channel<Integer> ch = capacity == 0
                        ? com.softwaremill.jox.Channel.newRendezvousChannel()
                        : com.softwaremill.jox.Channel.newBufferedChannel(capacity);
                yield new Pipe() {
                    @Override
                    public void put(Integer e) throws InterruptedException {
                        ch.send(e);
                    }

                    @Override
                    public Integer take() throws InterruptedException {
                        return ch.receive();
                    }
                };
            }
            case "jdk" -> queue(capacity == 0 ? new SynchronousQueue<>() : new ArrayBlockingQueue<>(capacity));
            case "ltq" -> {
                LinkedTransferQueue<Integer> q = new LinkedTransferQueue<>();
                yield capacity > 0 ? queue(q) : new Pipe() {
                    @Override
                    public void put(Integer e) throws InterruptedException {
                        q.transfer(e);
                    }

                    @Override
                    public Integer take() throws InterruptedException {
                        return q.take();
                    }
                };
            }
            case "jctools" -> {
                if (capacity == 0) {
                    throw new IllegalArgumentException("jctools has no rendezvous queue, capacity was 0");
                }
                yield new ParkingMpmc(Math.max(2, capacity));
            }
            default -> throw new IllegalArgumentException("impl " + impl);
        };
    }

    private static Pipe queue(BlockingQueue<Integer> q) {
        return new Pipe() {
            @Override
            public void put(Integer e) throws InterruptedException {
                q.put(e);
            }

            @Override
            public Integer take() throws InterruptedException {
                return q.take();
            }
        };
    }

    /** What people write by hand: a lock-free MPMC array queue with spin, then yield, then timed park. */
    final class ParkingMpmc implements Pipe {
        private final MpmcAtomicArrayQueue<Integer> q;

        ParkingMpmc(int capacity) {
            q = new MpmcAtomicArrayQueue<>(capacity);
        }

        private static void idle(int round) {
            if (round < 64) {
                Thread.onSpinWait();
            } else if (round < 128) {
                Thread.yield();
            } else {
                LockSupport.parkNanos(10_000L);
            }
        }

        @Override
        public void put(Integer e) {
            for (int round = 0; !q.offer(e); round++) {
                idle(round);
            }
        }

        @Override
        public Integer take() {
            Integer e;
            for (int round = 0; (e = q.poll()) == null; round++) {
                idle(round);
            }
            return e;
        }
    }
}
