package fr.essor.alerts;

import io.vertx.core.Future;
import io.vertx.core.net.SocketAddress;

import java.net.InetAddress;
import java.util.List;

/**
 * The check right before each delivery: the callback's name is resolved again and refused when ANY address it
 * resolves to is in a refused range (a name may be re-pointed at a private address after creation, or answer
 * a public and a private one in turn: DNS rebinding). The answer is the address that was checked, so the
 * request connects there and not to whatever a second lookup would give.
 */
final class CallbackGuard {
    private final CallbackPolicy policy;
    private final HostResolver resolver;

    CallbackGuard(CallbackPolicy policy, HostResolver resolver) {
        this.policy = policy;
        this.resolver = resolver;
    }

    /** Why a delivery was not sent; recorded as the attempt's error. */
    static final class Refused extends RuntimeException {
        Refused(String message) {
            super(message, null, false, false);
        }
    }

    /** The address to connect to for this callback, or a failed future with {@link Refused}. */
    Future<SocketAddress> check(String callback) {
        CallbackPolicy.Target target;
        try {
            target = policy.target(callback);
        } catch (IllegalArgumentException e) {
            return Future.failedFuture(new Refused("refused: the callback URL " + e.getMessage()));
        }
        byte[] literal = CallbackAddress.literal(target.host());
        if (literal != null) {
            // policy.target already refused a literal in a refused range that is not listed
            return Future.succeededFuture(address(target, literal));
        }
        boolean listedName = policy.allowlist().names().contains(target.host());
        return resolver.resolve(target.host())
                .recover(e -> Future.failedFuture(new Refused("refused: " + target.host() + " does not resolve: " + e.getMessage())))
                .compose(addresses -> {
                    if (addresses.isEmpty()) {
                        return Future.failedFuture(new Refused("refused: " + target.host() + " resolves to no address"));
                    }
                    if (!listedName) {
                        String refusal = refusal(addresses);
                        if (refusal != null) {
                            return Future.failedFuture(new Refused("refused: " + target.host() + " resolves to " + refusal
                                    + "; no request was sent"));
                        }
                    }
                    return Future.succeededFuture(address(target, addresses.get(0).getAddress()));
                });
    }

    private String refusal(List<InetAddress> addresses) {
        for (InetAddress a : addresses) {
            byte[] bytes = a.getAddress();
            String refusal = policy.allowlist().allowsAddress(bytes) ? null : CallbackAddress.refusal(bytes);
            if (refusal != null) {
                return a.getHostAddress() + ", " + refusal;
            }
        }
        return null;
    }

    private static SocketAddress address(CallbackPolicy.Target target, byte[] bytes) {
        try {
            return SocketAddress.inetSocketAddress(target.port(), InetAddress.getByAddress(bytes).getHostAddress());
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException("4 or 16 bytes", e);
        }
    }
}
