package io.loomkit.map;

/**
 * Hash mixing and table sizing shared by the map's tables.
 *
 * <p>Open-addressing tables index with the low bits of a hash, so user hash codes that differ only in
 * their high bits (boxed longs, many records) must be mixed first.
 */
final class Hashing {
    /** The largest power-of-two table length an int-indexed array can have. */
    static final int MAX_TABLE_LENGTH = 1 << 30;

    private Hashing() {}

    /** Mixes all 32 bits of {@code h} into the low bits (the finalizer of MurmurHash3). */
    static int mix(int h) {
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        return h ^ (h >>> 16);
    }

    /** Mixes a 64-bit key to 32 bits so that both halves matter (the finalizer of MurmurHash3, 64-bit). */
    static int mix(long k) {
        k ^= k >>> 33;
        k *= 0xff51afd7ed558ccdL;
        k ^= k >>> 33;
        k *= 0xc4ceb9fe1a85ec53L;
        k ^= k >>> 33;
        return (int) k;
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
