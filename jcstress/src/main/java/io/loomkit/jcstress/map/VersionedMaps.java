package io.loomkit.jcstress.map;

import io.loomkit.map.ReadMostlyMap;

/** What the map tests that race a replace with a read share: the value type and the map they fill. */
final class VersionedMaps {
    /**
     * 48 entries fill a default map's table (128 slots after its growths) to its load limit of 3/8, so
     * the next insert rebuilds it (ReadMostlyMapTest.defaultMapRebuildsOnItsFortyNinthEntry).
     */
    static final int FILL = 48;

    private VersionedMaps() {}

    /** A value. Not final on purpose: only the map's release/acquire publishes {@code version}. */
    static final class Box {
        int version;

        Box(int version) {
            this.version = version;
        }
    }

    /** A default map holding keys {@code first .. first + FILL - 1}, each mapped to version 1. */
    static ReadMostlyMap<Integer, Box> filled(int first) {
        ReadMostlyMap<Integer, Box> map = ReadMostlyMap.create();
        for (int i = 0; i < FILL; i++) {
            map.put(first + i, new Box(1));
        }
        return map;
    }

    /** The version of {@code b}, -1 for absent (0 would mean its constructor's store was not seen). */
    static int version(Box b) {
        return b == null ? -1 : b.version;
    }
}
