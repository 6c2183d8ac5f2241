/**
 * An object pool after Go's {@code sync.Pool}, made safe for millions of virtual threads: striped per
 * carrier thread, with a mandatory factory and reset hook, bounded per stripe, and releasing idle objects
 * across garbage-collection cycles so that a pool never pins memory. Pool temporary, expensive objects
 * (buffers, encoders, digesters); it is not a cache and not a connection pool.
 */
package io.loomkit.pool;
