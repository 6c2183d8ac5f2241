package io.loomkit.map;

/** Bytes after {@link ReadMostlyMapTable#table}, before the map's own fields; the int fills the gap after it. */
abstract class ReadMostlyMapPadAfter extends ReadMostlyMapTable {
    int a0;
    long a1, a2, a3, a4, a5, a6, a7, a8;
}
