/**
 * A per-carrier striped object pool for short-lived, expensive-to-build objects.
 */
module io.loomkit.pool {
    exports io.loomkit.pool;
}
