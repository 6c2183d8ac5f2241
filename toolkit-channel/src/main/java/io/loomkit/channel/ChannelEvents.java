package io.loomkit.channel;

import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Event;
import jdk.jfr.FlightRecorder;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Period;
import jdk.jfr.StackTrace;
import jdk.jfr.Threshold;
import jdk.jfr.Timespan;

/**
 * The channel's JFR events (ADR 0025): {@code io.loomkit.ChannelSendBlocked} for a send that parked
 * longer than its threshold (20 ms by default), and {@code io.loomkit.ChannelStats}, one per live
 * measured channel per period, off unless a recording enables it. Both cost nothing while no recording
 * enables them: the blocked event is only created when enabled, and only on the parking path.
 */
final class ChannelEvents {
    private static final SendBlocked PROBE = new SendBlocked();

    private ChannelEvents() {}

    /** Loaded by the first measured channel only, so a program without one never registers the hook. */
    private static final class Registry {
        static final Set<Reference<? extends Channel<?>>> MEASURED = ConcurrentHashMap.newKeySet();
        /** Collected channels' references, removed at the next registration: the set never grows unbounded. */
        static final ReferenceQueue<Channel<?>> COLLECTED = new ReferenceQueue<>();

        static {
            FlightRecorder.addPeriodicEvent(Stats.class, ChannelEvents::emitStats);
        }
    }

    /** Registers a measured channel for the periodic stats event; it is forgotten once collected. */
    static void register(Channel<?> channel) {
        Reference<? extends Channel<?>> gone;
        while ((gone = Registry.COLLECTED.poll()) != null) {
            Registry.MEASURED.remove(gone);
        }
        Registry.MEASURED.add(new WeakReference<>(channel, Registry.COLLECTED));
    }

    static Event beginSendBlocked() {
        if (!PROBE.isEnabled()) {
            return null;
        }
        SendBlocked e = new SendBlocked();
        e.begin();
        return e;
    }

    static void commitSendBlocked(Event event, Channel<?> channel) {
        SendBlocked e = (SendBlocked) event;
        e.end();
        if (e.shouldCommit()) {
            e.channel = channel.toString();
            e.commit();
        }
    }

    private static void emitStats() {
        Registry.MEASURED.removeIf(ref -> {
            Channel<?> c = ref.get();
            if (c == null) {
                return true;
            }
            ChannelStats s = c.stats();
            Stats e = new Stats();
            e.channel = c.toString();
            e.capacity = s.capacity();
            e.sent = s.sent();
            e.received = s.received();
            e.sendRate = s.sendRate();
            e.receiveRate = s.receiveRate();
            e.backlogP99 = s.backlogP99();
            e.backlogMax = s.backlogMax();
            e.sendsFoundFull = s.sendsFoundFull();
            e.sendBlockedTotal = s.sendBlockedTotal().toNanos();
            e.batchMean = s.batchMean();
            e.advice = CapacityAdvisor.advise(s).toString();
            e.commit();
            return false;
        });
    }

    @Name("io.loomkit.ChannelSendBlocked")
    @Label("Channel Send Blocked")
    @Category({"loomkit", "Channel"})
    @Description("A send parked on a full channel for longer than the threshold")
    @Threshold("20 ms")
    @StackTrace(true)
    static final class SendBlocked extends Event {
        @Label("Channel")
        String channel;
    }

    @Name("io.loomkit.ChannelStats")
    @Label("Channel Stats")
    @Category({"loomkit", "Channel"})
    @Description("Traffic and capacity advice of a measured channel")
    @Enabled(false)
    @Period("1 s")
    @StackTrace(false)
    static final class Stats extends Event {
        @Label("Channel")
        String channel;
        @Label("Capacity")
        int capacity;
        @Label("Sent")
        long sent;
        @Label("Received")
        long received;
        @Label("Send Rate (per s)")
        double sendRate;
        @Label("Receive Rate (per s)")
        double receiveRate;
        @Label("Backlog p99")
        int backlogP99;
        @Label("Backlog Max")
        int backlogMax;
        @Label("Sends Found Full")
        long sendsFoundFull;
        @Label("Senders Blocked Total")
        @Timespan(Timespan.NANOSECONDS)
        long sendBlockedTotal;
        @Label("Consumer Batch Mean")
        double batchMean;
        @Label("Advice")
        String advice;
    }
}
