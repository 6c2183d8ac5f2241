package io.loomkit.map;

/** ReadMostlyMap's table field, padded on both sides (see ReadMostlyMapPadBefore). */
abstract class ReadMostlyMapTable extends ReadMostlyMapPadBefore {
    /** Written only under the writers' lock (release), read by every get (acquire). */
    Object[] table;
}
