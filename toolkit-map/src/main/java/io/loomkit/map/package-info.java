/**
 * A concurrent map for data that is read far more often than written (configuration, registries, caches
 * of stable keys), after the use case of Go's {@code sync.Map}: reads are a single acquire load and a probe
 * of plain loads, writes cost more. Unlike {@code sync.Map} it is typed, has an exact size, atomic compute
 * operations, consistent snapshots and optional insertion order.
 */
package io.loomkit.map;
