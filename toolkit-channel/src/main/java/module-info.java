/**
 * Go-style bounded channels for virtual threads: rendezvous and buffered, close, iteration, select,
 * Context-aware blocking, and traffic measurement that sizes a channel from what it sees.
 */
module io.loomkit.channel {
    requires transitive io.loomkit.context;
    requires jdk.jfr;
    exports io.loomkit.channel;
}
