package io.loomkit.map;

/**
 * Slot selection and table sizing shared by the map's tables.
 *
 * <p>Open-addressing tables need hash codes spread over the whole table: user hash codes that differ
 * only in their high bits (boxed longs, many records) or form arithmetic sequences must not cluster.
 */
final class Hashing {
    /** The largest power-of-two table length an int-indexed array can have. */
    static final int MAX_TABLE_LENGTH = 1 << 30;

    private Hashing() {}

    /**
     * Returns the home slot of hash code {@code h} in a table of {@code slots} slots (a power of two):
     * Fibonacci hashing (Knuth, TAOCP 6.4), the top bits of {@code h * 2^32/phi}. Every bit of {@code h}
     * reaches those top bits, so no pre-mixing is needed; folding {@code h >>> 16} in first (as an
     * earlier version did) broke the even spread of arithmetic key sequences above 65,536 keys (hits at
     * 1,000,000 keys took 1.75 probes instead of 1.21, docs/adr/0033-map-probe-hashes.md). Consecutive
     * keys (ids, small integers) land far apart and almost never collide, which matters for linear
     * probing; it costs one multiply where MurmurHash's finalizer costs two and measured 3.5x slower
     * reads at 1,000 sequential keys (docs/adr/0031-map-hashing.md).
     */
    static int slotOf(int h, int slots) {
        return (h * 0x9E3779B9) >>> (Integer.numberOfLeadingZeros(slots) + 1);
    }

    /** As {@link #slotOf(int, int)} for a 64-bit key: the top bits of {@code k * 2^64/phi}. */
    static int slotOf(long k, int slots) {
        return (int) ((k * 0x9E3779B97F4A7C15L) >>> (Integer.numberOfLeadingZeros(slots) + 33));
    }

    /** Table length (slots) for {@code entries} after a rebuild: load factor at most 1/3. */
    static int rebuildLengthFor(int entries) {
        return tableLengthFor(Math.min(MAX_TABLE_LENGTH / 2, entries + entries / 2 + 1));
    }

    /**
     * Returns the smallest power of two table length (at least 2, at most {@link #MAX_TABLE_LENGTH})
     * that holds {@code entries} at a load factor of at most {@code eighths / 8}.
     *
     * @throws IllegalArgumentException if {@code entries} is negative or too large for one table
     */
    static int tableLengthFor(int entries, int eighths) {
        if (entries < 0 || entries > MAX_TABLE_LENGTH / 2) {
            throw new IllegalArgumentException("entries must be in [0, " + MAX_TABLE_LENGTH / 2 + "]: " + entries);
        }
        long wanted = Math.max(2, (8L * entries + eighths - 1) / eighths);
        return (int) Math.min(MAX_TABLE_LENGTH, Long.highestOneBit(wanted - 1) << 1);
    }

    /**
     * Returns the smallest power of two table length that holds {@code entries} at most at the load
     * factor {@code 1/2}, at least 2.
     *
     * @throws IllegalArgumentException if {@code entries} is negative or too large for one table
     */
    static int tableLengthFor(int entries) {
        if (entries < 0 || entries > MAX_TABLE_LENGTH / 2) {
            throw new IllegalArgumentException("entries must be in [0, " + MAX_TABLE_LENGTH / 2 + "]: " + entries);
        }
        int wanted = Math.max(2, entries * 2);
        return Integer.highestOneBit(wanted - 1) << 1;
    }
}
