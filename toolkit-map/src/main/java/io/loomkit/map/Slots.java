package io.loomkit.map;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/*
 * The open-addressing table shared by ReadMostlyMap and its snapshots.
 *
 * Layout: one Object[] of length 2n (n a power of two), key of slot s at 2s and its value at 2s + 1, so a
 * hit usually touches one cache line. Linear probing from the Fibonacci-hashed home slot (Hashing). A slot's value is
 *   null       - never used in this table: ends every probe;
 *   TOMBSTONE  - its entry was removed: probes skip it, inserts never reuse it (so no key ever moves
 *                within a table and a slot never returns to null; the next rebuild drops it);
 *   otherwise  - the live value of the key at 2s.
 *
 * Publication: a writer stores the key (plain) and then the value with a release store; a reader loads the
 * value with an acquire load first and only then the key (plain), so the key and the objects both
 * reference are fully visible. On removal the writer release-stores TOMBSTONE and then clears the key; a
 * reader that raced and loads the key as null simply treats the slot as not matching.
 */
final class Slots {
    /** Marks a removed entry; never handed out. */
    static final Object TOMBSTONE = new Object();

    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(Object[].class);

    private Slots() {}

    /** Index of the key cell of the home slot of hash code {@code h} in table {@code t}. */
    static int home(Object[] t, int h) {
        return Hashing.slotOf(h, t.length >>> 1) << 1;
    }

    /** Index of the key cell after {@code i}, wrapping around. */
    static int next(Object[] t, int i) {
        return (i + 2) & (t.length - 2);
    }

    /** Any thread: the value cell of key cell {@code i}, acquire. */
    static Object valueAcquire(Object[] t, int i) {
        return SLOT.getAcquire(t, i + 1);
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
     * plain key loads; no allocation.
     */
    static Object get(Object[] t, Object key) {
        int i = home(t, key.hashCode());
        for (;;) {
            Object v = valueAcquire(t, i);
            if (v == null) {
                return null;
            }
            if (v != TOMBSTONE) {
                Object k = t[i];
                if (k == key || (k != null && key.equals(k))) {
                    return v;
                }
            }
            i = next(t, i);
        }
    }

    /**
     * Writer (or a frozen table): the key cell index of {@code key}'s live entry, or the bitwise
     * complement of the empty key cell where it would be inserted.
     */
    static int find(Object[] t, Object key, int h) {
        int i = home(t, h);
        for (;;) {
            Object v = t[i + 1];
            if (v == null) {
                return ~i;
            }
            if (v != TOMBSTONE) {
                Object k = t[i];
                if (k == key || key.equals(k)) {
                    return i;
                }
            }
            i = next(t, i);
        }
    }

    /** Writer: the empty key cell where a key of hash {@code h}, known to be absent, goes. */
    static int emptyFor(Object[] t, int h) {
        int i = home(t, h);
        while (t[i + 1] != null) {
            i = next(t, i);
        }
        return i;
    }
}
