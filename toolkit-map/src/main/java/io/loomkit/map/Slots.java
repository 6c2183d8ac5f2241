package io.loomkit.map;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/*
 * The open-addressing table shared by ReadMostlyMap and its snapshots.
 *
 * Layout: one Object[] of length 2n + 1 (n a power of two, at least 16): the key of slot s at 2s, its
 * value at 2s + 1; the last cell holds a long[n / 8] of control words, one byte per slot, eight slots (a
 * "group") per word, in the manner of Abseil's SwissTable (Kulukundis, CppCon 2017). A slot's control
 * byte is
 *   0x00        - empty: never used in this table;
 *   0x7E        - deleted: its entry was removed;
 *   0x80 | fp   - full: fp is 7 bits of the key's hash that are not used to pick its group.
 * A probe loads its group's word and compares all eight bytes with the key's full byte at once (SWAR:
 * Mycroft's zero-byte test); only slots whose byte matches are visited, so a miss usually costs one word
 * load and a hit one word load plus the slot's key and value (one cache line). The 7-bit fingerprint
 * filters 127 of 128 non-matching keys before equals. See docs/adr/0034-map-control-bytes.md.
 *
 * Placement: the home slot (top bits of the Fibonacci-hashed hash code, Hashing) if empty, else the first
 * empty slot of its group, else of the next group, and so on (linear probing over groups). Slots are
 * never reused within a table (a removed entry's slot stays deleted until the next rebuild), so a slot
 * never returns to empty and keys never move: a key lies in its home group or in a later group, and
 * every group between them had no empty slot when it was inserted and still has none. A lookup therefore
 * stops at the first group that has an empty byte, after checking that group's matches.
 *
 * Value cells: null while the slot is empty, then the live value (replaced in place), then TOMBSTONE.
 *
 * Publication: a writer stores the key (plain), then the value (release), then the group's control
 * word with the slot's full byte (release). A reader acquire-loads the control word, and for a matching
 * byte acquire-loads the value and then plain-loads the key: the value's release happened before the
 * control word's, so a reader that sees a full byte sees a non-null value and its key, and the value's
 * acquire makes a value replaced in place visible with its contents. An insert takes effect when its
 * control word is stored. On removal the writer release-stores TOMBSTONE (the removal takes effect),
 * then marks the byte deleted and clears the key; a racing reader that loads TOMBSTONE or a null key
 * treats the slot as not matching. Readers never write.
 */
final class Slots {
    /** Marks a removed entry; never handed out. */
    static final Object TOMBSTONE = new Object();

    /** The smallest table: two groups, so a group index always uses at least one hash bit. */
    static final int MIN_SLOTS = 16;

    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(Object[].class);
    private static final VarHandle CONTROL = MethodHandles.arrayElementVarHandle(long[].class);
    private static final long LOW_BITS = 0x0101_0101_0101_0101L;
    private static final long HIGH_BITS = 0x8080_8080_8080_8080L;
    private static final long DELETED = 0x7E;
    private static final int PHI = 0x9E37_79B9;

    private Slots() {}

    /** A new empty table of {@code slots} slots (a power of two; at least {@link #MIN_SLOTS}). */
    static Object[] newTable(int slots) {
        int n = Math.max(MIN_SLOTS, slots);
        Object[] t = new Object[2 * n + 1];
        t[2 * n] = new long[n >>> 3];
        return t;
    }

    /** The number of slots of table {@code t}. */
    static int slotCount(Object[] t) {
        return t.length >>> 1;
    }

    /** One past the last key cell index of table {@code t}. */
    static int end(Object[] t) {
        return t.length - 1;
    }

    private static long[] control(Object[] t) {
        return (long[]) t[t.length - 1];
    }

    /** Shift that turns a Fibonacci product into a group index, for {@code groups} groups. */
    private static int groupShift(int groups) {
        return Integer.numberOfLeadingZeros(groups) + 1;
    }

    /** The full control byte of a key with Fibonacci product {@code p}, repeated in all eight bytes. */
    private static long fullBytes(int p, int shift) {
        // The 7 bits just below the group index; they also pick the home slot within the group.
        return LOW_BITS * (0x80 | (Integer.rotateRight(p, shift - 7) & 0x7F));
    }

    /** A byte's top bit set where {@code w} has a byte that may equal the byte of {@code full}. */
    private static long matches(long w, long full) {
        long x = w ^ full;
        return (x - LOW_BITS) & ~x & HIGH_BITS;
    }

    /** A byte's top bit set for each empty (zero) byte of {@code w}: full bytes have bit 7, deleted bit 1. */
    private static long empties(long w) {
        return ~(w | (w << 6)) & HIGH_BITS;
    }

    /** The key cell index of the slot that byte mask {@code m}'s lowest set bit marks in group {@code g}. */
    private static int cellOf(int g, long m) {
        return ((g << 3) | (Long.numberOfTrailingZeros(m) >>> 3)) << 1;
    }

    /** Any thread: the value cell of key cell {@code i}, acquire. */
    static Object valueAcquire(Object[] t, int i) {
        return SLOT.getAcquire(t, i + 1);
    }

    /** Writer: stores the value of a live key cell {@code i} with release (a replacement). */
    static void setValueRelease(Object[] t, int i, Object value) {
        SLOT.setRelease(t, i + 1, value);
    }

    /** True if {@code v} is the value of a live entry. */
    static boolean isLive(Object v) {
        return v != null && v != TOMBSTONE;
    }

    /**
     * Any thread: the live value mapped to {@code key}, or null. One acquire load of a control word per
     * probed group, and for each matching byte an acquire load of the value and a plain load of the key;
     * no allocation.
     */
    static Object get(Object[] t, Object key) {
        long[] control = control(t);
        int mask = control.length - 1;
        int shift = groupShift(control.length);
        int p = key.hashCode() * PHI;
        long full = fullBytes(p, shift);
        int g = p >>> shift;
        for (;;) {
            long w = (long) CONTROL.getAcquire(control, g);
            for (long m = matches(w, full); m != 0; m &= m - 1) {
                int i = cellOf(g, m);
                Object v = valueAcquire(t, i);
                if (v != TOMBSTONE) {
                    Object k = t[i];
                    if (k == key || (k != null && key.equals(k))) {
                        return v;
                    }
                }
            }
            if (empties(w) != 0) {
                return null;
            }
            g = (g + 1) & mask;
        }
    }

    /**
     * Writer (or a frozen table): the key cell index of {@code key}'s live entry, or -1 if absent.
     */
    static int find(Object[] t, Object key, int h) {
        long[] control = control(t);
        int mask = control.length - 1;
        int shift = groupShift(control.length);
        int p = h * PHI;
        long full = fullBytes(p, shift);
        int g = p >>> shift;
        for (;;) {
            long w = control[g];
            for (long m = matches(w, full); m != 0; m &= m - 1) {
                int i = cellOf(g, m);
                Object v = t[i + 1];
                if (v != TOMBSTONE) {
                    Object k = t[i];
                    if (k == key || key.equals(k)) {
                        return i;
                    }
                }
            }
            if (empties(w) != 0) {
                return -1;
            }
            g = (g + 1) & mask;
        }
    }

    /**
     * Writer: the empty key cell where a key of hash {@code h}, known to be absent, goes: its home slot if
     * empty, else the first empty slot of the first group (from its home group on) that has one.
     */
    static int emptyFor(Object[] t, int h) {
        long[] control = control(t);
        int mask = control.length - 1;
        int shift = groupShift(control.length);
        int p = h * PHI;
        int g = p >>> shift;
        int home = (p >>> (shift - 3)) & 7;
        long w = control[g];
        if ((w >>> (home << 3) & 0xFF) == 0) {
            return ((g << 3) | home) << 1;
        }
        long e;
        while ((e = empties(w)) == 0) {
            g = (g + 1) & mask;
            w = control[g];
        }
        return cellOf(g, e);
    }

    /**
     * Writer: fills empty key cell {@code i} (from {@link #emptyFor}) with {@code key}
     * of hash {@code h} and {@code value}: key, then value (release), then control byte (release) —
     * the insert takes effect at the last store.
     */
    static void insert(Object[] t, int i, Object key, int h, Object value) {
        long[] control = control(t);
        int shift = groupShift(control.length);
        long full = fullBytes(h * PHI, shift) & 0xFF;
        t[i] = key;
        SLOT.setRelease(t, i + 1, value);
        setControlRelease(control, i >>> 1, full);
    }

    /**
     * Writer, for a table not yet published (a rebuild): {@link #emptyFor} and {@link #insert} with
     * plain stores; returns the key cell used.
     */
    static int insertPlain(Object[] t, Object key, int h, Object value) {
        int i = emptyFor(t, h);
        long[] control = control(t);
        t[i] = key;
        t[i + 1] = value;
        int s = i >>> 1;
        control[s >>> 3] |= (fullBytes(h * PHI, groupShift(control.length)) & 0xFF) << ((s & 7) << 3);
        return i;
    }

    /**
     * Writer: removes the live entry at key cell {@code i}. The TOMBSTONE store (release) is when the
     * removal takes effect; then the byte turns deleted and the key reference is dropped.
     */
    static void remove(Object[] t, int i) {
        SLOT.setRelease(t, i + 1, TOMBSTONE);
        setControlRelease(control(t), i >>> 1, DELETED);
        // Drop the key reference now; a racing reader that loads null just sees "no match".
        t[i] = null;
    }

    private static void setControlRelease(long[] control, int slot, long b) {
        int g = slot >>> 3;
        int bit = (slot & 7) << 3;
        long w = control[g];
        CONTROL.setRelease(control, g, (w & ~(0xFFL << bit)) | (b << bit));
    }
}
