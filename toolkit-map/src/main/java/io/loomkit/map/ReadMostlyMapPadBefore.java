package io.loomkit.map;

/*
 * ReadMostlyMap's `table` field sits between two 64-byte pads (class-hierarchy padding, as in JCTools and
 * the Disruptor: HotSpot lays a superclass's fields out before its subclass's). Every read loads `table`;
 * the writers' lock, the size sequence lock (allocated right after the map) and the writer-side fields
 * are written on every write. Padded only because a JMH run showed the false sharing:
 * docs/adr/0034-map-miss-path-and-padding.md.
 */

/** Bytes before {@link ReadMostlyMapTable#table}; the int fills the gap after the object header. */
abstract class ReadMostlyMapPadBefore {
    int h0;
    long b1, b2, b3, b4, b5, b6, b7, b8;
}
