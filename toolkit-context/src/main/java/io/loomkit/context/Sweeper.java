package io.loomkit.context;

import java.util.function.BiPredicate;

/**
 * Unlinks dead entries from a Treiber stack that other threads push onto and walk concurrently; shared by
 * a context's listener stack and the task monitor's stripes. The caller guarantees a single sweeper at a
 * time. Only dead entries (which never come back to life) are skipped, so a concurrent walker reaches
 * every live entry whichever links it reads; the top is moved with one CAS, which a concurrent push makes
 * fail, leaving those entries for the next sweep.
 */
final class Sweeper {
    private Sweeper() {}

    /** How to follow and change the links of one kind of entry. */
    interface Chain<E> {
        E next(E e);

        void setNext(E e, E next);

        boolean isDead(E e);
    }

    /**
     * Sweeps the stack whose top is {@code first}; returns the live entries found in the high 32 bits and
     * the entries unlinked in the low 32 bits.
     */
    static <E> long sweep(E first, Chain<E> chain, BiPredicate<E, E> casTop) {
        int live = 0;
        int unlinked = 0;
        E top = first;
        int skipped = 0;
        while (top != null && chain.isDead(top)) {
            top = chain.next(top);
            skipped++;
        }
        if (top != first && casTop.test(first, top)) {
            unlinked = skipped;
            first = top;
        }
        for (E prev = first; prev != null; ) {
            E n = chain.next(prev);
            if (n != null && chain.isDead(n)) {
                chain.setNext(prev, chain.next(n));
                unlinked++;
            } else {
                live++;
                prev = n;
            }
        }
        return (long) live << 32 | unlinked;
    }
}
