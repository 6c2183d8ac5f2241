/**
 * A read-mostly concurrent map whose reads take no lock, no CAS and allocate nothing.
 */
module io.loomkit.map {
    exports io.loomkit.map;
}
