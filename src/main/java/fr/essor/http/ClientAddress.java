package fr.essor.http;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;

import java.util.ArrayList;
import java.util.List;

/**
 * The address a request comes from. {@code X-Forwarded-For} is believed only when the TCP peer is a trusted proxy;
 * then the client is the right-most listed address that is not itself a trusted proxy (the left part of the list is
 * whatever the client chose to send, so it is never believed).
 */
final class ClientAddress {
    private final TrustedProxies trusted;

    ClientAddress(TrustedProxies trusted) {
        this.trusted = trusted;
    }

    String of(HttpServerRequest request) {
        SocketAddress remote = request.remoteAddress();
        String peer = remote == null ? null : remote.hostAddress();
        return resolve(peer, trusted.isEmpty() ? List.of() : request.headers().getAll("X-Forwarded-For"));
    }

    String resolve(String peer, List<String> forwardedFor) {
        if (peer == null) {
            return "unknown";
        }
        byte[] peerBytes = TrustedProxies.parse(peer);
        if (peerBytes == null) {
            return peer; // e.g. a domain socket: not an IP, never a proxy
        }
        String client = TrustedProxies.canonical(peerBytes);
        if (!trusted.contains(peerBytes)) {
            return client;
        }
        List<String> hops = new ArrayList<>();
        for (String header : forwardedFor) {
            for (String hop : header.split(",")) {
                hops.add(hop.trim());
            }
        }
        for (int i = hops.size() - 1; i >= 0; i--) {
            byte[] hop = TrustedProxies.parse(hops.get(i));
            if (hop == null) {
                break; // garbage from the hop before: keep the last address a trusted proxy vouched for
            }
            client = TrustedProxies.canonical(hop);
            if (!trusted.contains(hop)) {
                break;
            }
        }
        return client;
    }
}
