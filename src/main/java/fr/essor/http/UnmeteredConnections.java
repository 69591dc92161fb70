package fr.essor.http;

import io.vertx.core.http.HttpConnection;
import io.vertx.core.net.impl.ConnectionBase;
import io.vertx.core.spi.metrics.NetworkMetrics;
import io.vertx.core.spi.metrics.TCPMetrics;

/**
 * Gives a connection the socket metric Vert.x 5.0.7 did not give it. Its {@code NetServerImpl} binds, then creates the
 * server's metrics in the bind's listener: a connection accepted in between gets no socket metric, yet its requests
 * are reported to the metrics created meanwhile, and Micrometer's {@code requestBegin} throws on the missing one. That
 * request is never answered: the client waits until the connection idles out. Seen at a restart with a readiness
 * probe polling every 50 ms (bench/run million): ready after 64.7 s instead of about 5. The connection handler runs
 * before the connection's first request is read, so the metric Vert.x would have made is made there. Internal API:
 * {@code UnmeteredConnectionsTest} fails when a Vert.x upgrade makes this unneeded or changes the API.
 */
final class UnmeteredConnections {
    private UnmeteredConnections() {
    }

    /** Makes the connection's socket metric when its server has metrics and Vert.x gave it none. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static void repair(HttpConnection connection) {
        if (connection instanceof ConnectionBase base && base.metric() == null) {
            NetworkMetrics<?> metrics = base.metrics();
            if (metrics instanceof TCPMetrics tcp) {
                base.metric(tcp.connected(base.remoteAddress(), base.remoteName()));
            }
        }
    }
}
