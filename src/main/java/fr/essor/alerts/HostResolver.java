package fr.essor.alerts;

import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.net.InetAddress;
import java.util.List;

/** Every address a host name resolves to; an interface so the delivery-time check is tested without DNS. */
@FunctionalInterface
interface HostResolver {

    Future<List<InetAddress>> resolve(String host);

    /** The system resolver ({@code InetAddress}, which blocks), on a worker thread, never on an event loop. */
    static HostResolver system(Vertx vertx) {
        return host -> vertx.executeBlocking(() -> List.of(InetAddress.getAllByName(host)), false);
    }
}
