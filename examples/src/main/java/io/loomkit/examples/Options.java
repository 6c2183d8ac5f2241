package io.loomkit.examples;

import java.time.Duration;

/**
 * The demo's command-line flags. {@link #parse(String...)} rejects an unknown flag or a bad value with an
 * {@link IllegalArgumentException} whose message names it; {@code main} turns that into exit code 2.
 *
 * @param duration how long the load phase may run at most
 * @param concurrency how many virtual-thread clients send requests at once
 * @param requests how many requests the load phase may send at most
 * @param fanout helper tasks per request (the fan-out section, and the lookup route's initial fan-out)
 * @param help whether {@code --help} was given
 */
record Options(Duration duration, int concurrency, long requests, int fanout, boolean help) {
    static final String USAGE = """
            usage: demo [--duration SECONDS] [--concurrency N] [--requests N] [--fanout N] [--help]
              --duration SECONDS   longest load phase, 1..600 (default 10)
              --concurrency N      concurrent virtual-thread clients, 1..1024 (default 16)
              --requests N         most requests of the load phase, 1..10000000 (default 200000)
              --fanout N           helper tasks per request, 1..64 (default 8)
              --help               this text
            The load stops at whichever bound it reaches first; then the leaky endpoint is probed,
            the leak reported and cleaned up, and a summary printed.""";

    static Options defaults() {
        return new Options(Duration.ofSeconds(10), 16, 200_000, 8, false);
    }

    static Options parse(String... args) {
        Options o = defaults();
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            switch (flag) {
                case "--help", "-h" -> o = new Options(o.duration, o.concurrency, o.requests, o.fanout, true);
                case "--duration" -> o = new Options(Duration.ofSeconds(value(args, ++i, flag, 1, 600)),
                        o.concurrency, o.requests, o.fanout, o.help);
                case "--concurrency" -> o = new Options(o.duration, (int) value(args, ++i, flag, 1, 1024),
                        o.requests, o.fanout, o.help);
                case "--requests" -> o = new Options(o.duration, o.concurrency, value(args, ++i, flag, 1, 10_000_000),
                        o.fanout, o.help);
                case "--fanout" -> o = new Options(o.duration, o.concurrency, o.requests,
                        (int) value(args, ++i, flag, 1, 64), o.help);
                default -> throw new IllegalArgumentException("unknown flag: " + flag);
            }
        }
        return o;
    }

    private static long value(String[] args, int i, String flag, long min, long max) {
        if (i >= args.length) {
            throw new IllegalArgumentException(flag + " needs a value");
        }
        long v;
        try {
            v = Long.parseLong(args[i]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " needs a number, was " + args[i], e);
        }
        if (v < min || v > max) {
            throw new IllegalArgumentException(flag + " must be in " + min + ".." + max + ", was " + v);
        }
        return v;
    }
}
