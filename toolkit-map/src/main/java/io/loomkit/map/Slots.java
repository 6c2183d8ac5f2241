package io.loomkit.map;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/*
 * The open-addressing table shared by ReadMostlyMap and its snapshots.
 *
 * Layout: one Object[] of length 2n + 1 (n a power of two): the key of slot s at 2s, its value at 2s + 1,
 * so a hit usually touches one cache line; the last cell holds a byte[n] of tags, one per slot (ADR 0038):
 *   0          - the slot was never used in this table: ends every probe;
 *   otherwise  - 0x80 | seven bits of a second hash of the slot's key (tagOf), set before the slot's value
 *                is published and never changed within the table (a tombstone keeps its tag).
 * The length also says how the table is indexed (ADR 0035), so a reader needs no other load:
 *   2n + 1 - home slot = low bits of h ^ h >>> 16, as in ConcurrentHashMap: keys whose low bits already
 *            index well (even or strided ids) sit on their home slot, and the slots between them stay
 *            empty, so a miss is one load;
 *   2n + 2 - home slot = Fibonacci hashing (Hashing.slotOf), with one spare cell: the writer switches a
 *            map to it for good when low bits cluster (a long run of used slots, or keys sitting on
 *            average more than a slot past home: consecutive or power-of-two-strided hash codes).
 * Linear probing from the home slot. A slot's value is
 *   null       - not (yet) published: the slot holds no entry a reader may return;
 *   TOMBSTONE  - its entry was removed: probes skip it, inserts never reuse it (so no key ever moves
 *                within a table and a slot never returns to unused; the next rebuild drops it);
 *   otherwise  - the live value of the key at 2s.
 *
 * Probe order (ADR 0034, ADR 0038): get first compares stored keys by identity along the run from the
 * home slot to the first null value, which needs no load beyond the slots' own cache line (most callers
 * look up with the very key objects they stored): a hit on its home slot, and a miss whose home slot is
 * empty, each touch one line of the table. Only if that fails does it probe again, reading the tags and
 * touching a slot's key (and calling equals, which dereferences it) only where the tag matches: a slot
 * passed on the way costs one byte in a line of 64 tags instead of a dereference. The tags are not read
 * first: a separate array probed before the key/value line cost hits 12-25% (ADR 0038, as the control
 * bytes of ADR 0034 did), although it made misses cheaper.
 *
 * Publication: a writer stores the key and the tag (plain) and then the value with a release store; a
 * reader loads the value with an acquire load and only then the key (plain), so the key and the objects
 * it references are fully visible. In the tag pass a reader that sees a tag but a null value met an
 * insert in progress, which is not linearized yet: the slot does not match and the probe goes on. A
 * reader that sees tag 0 answers "absent"; any insert it could have missed is linearized after it (the
 * tag is stored before the value's release store, so a reader that has acquired that store, or a later
 * one, sees the tag). The byte[] is stored before the table is published (release store of
 * ReadMostlyMap.table, or a snapshot's final field) and never replaced. On removal the writer
 * release-stores TOMBSTONE and then clears the key; a reader that raced and loads the key as null treats
 * the slot as not matching. The indexing mode is the array's length, final from its allocation:
 * switching mode is a rebuild into a new array, published like any other, so a reader probes each table
 * the way it was filled.
 */
final class Slots {
    /** Marks a removed entry; never handed out. */
    static final Object TOMBSTONE = new Object();

    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(Object[].class);

    private Slots() {}

    /**
     * A new empty table of {@code slots} slots (a power of two, at least 2), indexed by the low bits of
     * the spread hash code, or by Fibonacci hashing if {@code scrambled}: its length is then even.
     */
    static Object[] newTable(int slots, boolean scrambled) {
        Object[] t = new Object[2 * slots + (scrambled ? 2 : 1)];
        t[t.length - 1] = new byte[slots];
        return t;
    }

    /** True if table {@code t} indexes by Fibonacci hashing (even length), false for the low bits. */
    static boolean scrambled(Object[] t) {
        return (t.length & 1) == 0;
    }

    /** The number of slots of table {@code t}. */
    static int slotCount(Object[] t) {
        return end(t) >>> 1;
    }

    /** One past the last key cell index of table {@code t}. */
    static int end(Object[] t) {
        return (t.length - 1) & -2;
    }

    private static byte[] tags(Object[] t) {
        return (byte[]) t[t.length - 1];
    }

    /**
     * The tag of a key of hash code {@code h}: never 0, and seven bits from a multiply other than the
     * home slot's, so keys whose home slots are neighbours (one run) still differ in their tags.
     */
    static byte tagOf(int h) {
        return (byte) ((h * 0x85EBCA6B) >>> 25 | 0x80);
    }

    /**
     * Index of the key cell of the home slot of hash code {@code h} in table {@code t}. The table's
     * length is 2n + 1 or 2n + 2 for n slots, so {@code numberOfLeadingZeros(length) + 2} is log2 of
     * 2^32 / n either way.
     */
    static int home(Object[] t, int h) {
        int length = t.length;
        if ((length & 1) != 0) {
            // 2n + 1 cells: length - 3 = 2n - 2 masks an even index to a key cell.
            return ((h ^ h >>> 16) << 1) & (length - 3);
        }
        return ((h * 0x9E3779B9) >>> (Integer.numberOfLeadingZeros(length) + 2)) << 1;
    }

    /** Index of the key cell after {@code i}, wrapping around (the mask is 2n - 2 for n slots). */
    static int next(Object[] t, int i) {
        return (i + 2) & ((t.length - 3) & -2);
    }

    /**
     * Writer: the length of the run of used slots through key cell {@code i} (itself used), counting
     * at most {@code limit} slots on each side.
     */
    static int runThrough(Object[] t, int i, int limit) {
        int mask = end(t) - 1;
        int n = 1;
        byte[] tags = tags(t);
        for (int j = (i - 2) & mask; n <= limit && tags[j >>> 1] != 0; j = (j - 2) & mask) {
            n++;
        }
        int left = n;
        for (int j = (i + 2) & mask; n - left < limit && tags[j >>> 1] != 0; j = (j + 2) & mask) {
            n++;
        }
        return n;
    }

    /** Writer: how many slots past its home slot key cell {@code i} holds a key of hash {@code h}. */
    static int displacement(Object[] t, int i, int h) {
        return ((i - home(t, h)) & (end(t) - 1)) >>> 1;
    }

    /** Any thread: the value cell of key cell {@code i}, acquire. */
    static Object valueAcquire(Object[] t, int i) {
        return SLOT.getAcquire(t, i + 1);
    }

    /** Writer, before {@link #setValueRelease}: stores the key of an unused key cell {@code i} and its tag. */
    static void setKey(Object[] t, int i, Object key, int h) {
        t[i] = key;
        tags(t)[i >>> 1] = tagOf(h);
    }

    /** Writer: stores the value of key cell {@code i} with release, publishing the key stored before it. */
    static void setValueRelease(Object[] t, int i, Object value) {
        SLOT.setRelease(t, i + 1, value);
    }

    /** True if {@code v} is the value of a live entry. */
    static boolean isLive(Object v) {
        return v != null && v != TOMBSTONE;
    }

    /**
     * Any thread: the live value mapped to {@code key}, or null. One acquire load per probed slot plus
     * plain key loads, and, past a non-identical key, plain tag loads; no allocation.
     */
    static Object get(Object[] t, Object key) {
        int h = key.hashCode();
        int i = home(t, h);
        Object v = valueAcquire(t, i);
        if (v == null) {
            return null;
        }
        if (t[i] == key && v != TOMBSTONE) {
            return v;
        }
        // The rest of the run, by identity only: these slots share the home slot's cache line, while
        // the tags are another array (ADR 0034, ADR 0038). Most lookups pass the stored key objects.
        for (int j = next(t, i);; j = next(t, j)) {
            Object w = valueAcquire(t, j);
            if (w == null) {
                break;
            }
            if (t[j] == key && w != TOMBSTONE) {
                return w;
            }
        }
        return getTagged(t, key, h, i);
    }

    /**
     * The probe of {@link #get} for a key that is not the identical object: walks the run from the home
     * slot to the first unused one, and only where the tag matches loads the slot's value and key and
     * calls equals. A complete lookup on its own (identity implies equality), so a write between the
     * identity pass and this one only means the answer is from this pass's instant.
     */
    private static Object getTagged(Object[] t, Object key, int h, int i) {
        byte[] tags = tags(t);
        byte tag = tagOf(h);
        for (;; i = next(t, i)) {
            byte g = tags[i >>> 1];
            if (g == 0) {
                return null;
            }
            if (g == tag) {
                Object v = valueAcquire(t, i);
                if (isLive(v)) {
                    Object k = t[i];
                    if (k == key || (k != null && key.equals(k))) {
                        return v;
                    }
                }
            }
        }
    }

    /**
     * Writer (or a frozen table): the key cell index of {@code key}'s live entry, or the bitwise
     * complement of the unused key cell where it would be inserted.
     */
    static int find(Object[] t, Object key, int h) {
        int home = home(t, h);
        if (t[home] == key && t[home + 1] != TOMBSTONE) {
            // The stored key object on its home slot, as in get: one line, no tag load. A writer (or a
            // frozen table) sees no insert in progress, and a removed entry's key is cleared.
            return home;
        }
        byte[] tags = tags(t);
        byte tag = tagOf(h);
        for (int i = home;; i = next(t, i)) {
            byte g = tags[i >>> 1];
            if (g == 0) {
                return ~i;
            }
            if (g == tag && t[i + 1] != TOMBSTONE) {
                Object k = t[i];
                if (k == key || key.equals(k)) {
                    return i;
                }
            }
        }
    }

    /** Writer: the unused key cell where a key of hash {@code h}, known to be absent, goes. */
    static int emptyFor(Object[] t, int h) {
        byte[] tags = tags(t);
        int i = home(t, h);
        while (tags[i >>> 1] != 0) {
            i = next(t, i);
        }
        return i;
    }
}
