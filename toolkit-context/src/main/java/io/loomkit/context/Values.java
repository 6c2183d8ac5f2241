package io.loomkit.context;

/**
 * A persistent chain of key-value segments. Each segment holds up to {@link #SEGMENT} pairs copied from
 * the previous segment plus the new one, so a lookup a few values deep scans one small array instead of
 * chasing one node per level; past {@code SEGMENT} pairs a new segment starts and links to the old one,
 * which keeps {@code with} O(1) amortized. Newer pairs shadow older ones with the same key.
 */
final class Values {
    private static final int SEGMENT = 8;

    private final Object[] pairs; // key0, value0, key1, value1, ... oldest first
    private final Values older;

    private Values(Object[] pairs, Values older) {
        this.pairs = pairs;
        this.older = older;
    }

    static Values with(Values current, ContextKey<?> key, Object value) {
        if (current == null || current.pairs.length == 2 * SEGMENT) {
            return new Values(new Object[] {key, value}, current);
        }
        Object[] old = current.pairs;
        Object[] pairs = new Object[old.length + 2];
        System.arraycopy(old, 0, pairs, 0, old.length);
        pairs[old.length] = key;
        pairs[old.length + 1] = value;
        return new Values(pairs, current.older);
    }

    @SuppressWarnings("unchecked") // the value under a key always has the key's type: with() is typed
    <T> T get(ContextKey<T> key) {
        for (Values v = this; v != null; v = v.older) {
            Object[] p = v.pairs;
            for (int i = p.length - 2; i >= 0; i -= 2) {
                if (p[i] == key) {
                    return (T) p[i + 1];
                }
            }
        }
        return null;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("values{");
        String sep = "";
        for (Values v = this; v != null; v = v.older) {
            for (int i = v.pairs.length - 2; i >= 0; i -= 2) {
                sb.append(sep).append(((ContextKey<?>) v.pairs[i]).name()).append('=').append(v.pairs[i + 1]);
                sep = ", ";
            }
        }
        return sb.append('}').toString();
    }
}
