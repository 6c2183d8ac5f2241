package io.loomkit.context;

/**
 * A persistent map of context values in segments. A segment is a small open-addressing table (keys and
 * values interleaved, at most half full) holding up to {@link #SEGMENT} pairs: a {@code with} copies the
 * newest segment and adds the pair, replacing an older value for the same key, so a lookup a few values
 * deep costs one or two probes instead of a walk up the chain. Past {@code SEGMENT} pairs a new segment
 * starts and links to the old one, which keeps {@code with} O(1) and a lookup O(depth / SEGMENT).
 */
final class Values {
    private static final int SEGMENT = 8;

    private final Object[] table; // key, value, key, value, ...; length 2 * power of two
    private final int size;
    private final Values older;

    private Values(Object[] table, int size, Values older) {
        this.table = table;
        this.size = size;
        this.older = older;
    }

    static Values with(Values current, ContextKey<?> key, Object value) {
        if (current == null || current.size == SEGMENT) {
            Object[] t = new Object[4];
            put(t, key, value);
            return new Values(t, 1, current);
        }
        int size = current.size + 1;
        int slots = Integer.highestOneBit(size * 2 - 1) << 1; // at most half full
        Object[] t = new Object[2 * slots];
        Object[] old = current.table;
        for (int i = 0; i < old.length; i += 2) {
            if (old[i] != null && old[i] != key) {
                put(t, (ContextKey<?>) old[i], old[i + 1]);
            }
        }
        if (current.get0(key) != null) {
            size--; // replaces the value in this segment
        }
        put(t, key, value);
        return new Values(t, size, current.older);
    }

    private static void put(Object[] t, ContextKey<?> key, Object value) {
        int mask = t.length - 2;
        int i = (key.hash << 1) & mask;
        while (t[i] != null) {
            i = (i + 2) & mask;
        }
        t[i] = key;
        t[i + 1] = value;
    }

    private Object get0(ContextKey<?> key) {
        Object[] t = table;
        int mask = t.length - 2;
        for (int i = (key.hash << 1) & mask; ; i = (i + 2) & mask) {
            Object k = t[i];
            if (k == key) {
                return t[i + 1];
            }
            if (k == null) {
                return null;
            }
        }
    }

    @SuppressWarnings("unchecked") // the value under a key always has the key's type: with() is typed
    <T> T get(ContextKey<T> key) {
        for (Values v = this; v != null; v = v.older) {
            Object found = v.get0(key);
            if (found != null) {
                return (T) found;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("values{");
        String sep = "";
        for (Values v = this; v != null; v = v.older) {
            for (int i = 0; i < v.table.length; i += 2) {
                if (v.table[i] != null) {
                    sb.append(sep).append(((ContextKey<?>) v.table[i]).name()).append('=').append(v.table[i + 1]);
                    sep = ", ";
                }
            }
        }
        return sb.append('}').toString();
    }
}
