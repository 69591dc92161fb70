package fr.essor.alerts;

import fr.essor.config.ConfigException;
import fr.essor.config.EssorConfig;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * Where webhook callbacks may point ({@code alerts.webhooks.allowHttp}, {@code alerts.webhooks.allowedHosts}):
 * https (http only when allowed), no user name or password, and a host outside the service's own and private
 * networks unless the operator listed it.
 */
record CallbackPolicy(boolean allowHttp, CallbackAllowlist allowlist) {

    static final CallbackPolicy STRICT = new CallbackPolicy(false, CallbackAllowlist.NONE);

    /** What a callback URL is made of, once accepted. */
    record Target(URI uri, boolean ssl, String host, int port) {
    }

    static CallbackPolicy from(EssorConfig config) {
        String key = "alerts.webhooks.allowHttp";
        String allowHttp = config.string(key);
        if (allowHttp != null && !allowHttp.equals("true") && !allowHttp.equals("false")) {
            throw new ConfigException(key, "must be true or false, not " + allowHttp);
        }
        Object hosts = config.section("alerts").getJsonObject("webhooks", new io.vertx.core.json.JsonObject()).getValue("allowedHosts");
        return new CallbackPolicy("true".equals(allowHttp), CallbackAllowlist.parse(hosts));
    }

    /** Why a callback URL is refused at creation (the message of a 422 on {@code callbackUrl}), or null. */
    String problem(String callback) {
        if (callback == null || callback.isBlank()) {
            return "required: the https URL alerts are pushed to";
        }
        if (callback.length() > 2000) {
            return "longer than 2000 characters";
        }
        try {
            target(callback);
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    /**
     * The parts of an acceptable callback URL; throws with the reason otherwise. Names are only checked for
     * shape here: what they resolve to is checked at each delivery.
     */
    Target target(String callback) {
        URI uri;
        try {
            uri = new URI(callback);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase();
        if (!scheme.equals("https") && !(allowHttp && scheme.equals("http"))) {
            throw new IllegalArgumentException(allowHttp ? "must be an absolute http or https URL"
                    : "must be an absolute https URL (http is accepted only when alerts.webhooks.allowHttp is true)");
        }
        String authority = uri.getRawAuthority();
        if (authority == null || authority.isEmpty()) {
            throw new IllegalArgumentException("must name a host");
        }
        if (uri.getRawUserInfo() != null || authority.contains("@")) {
            throw new IllegalArgumentException("must not carry a user name or password");
        }
        boolean ssl = scheme.equals("https");
        String host = uri.getHost() != null ? uri.getHost() : hostOf(authority);
        int port = uri.getPort() >= 0 ? uri.getPort() : portOf(authority, ssl);
        if (host.isEmpty()) {
            throw new IllegalArgumentException("must name a host");
        }
        if (!allowlist.allowsHost(host)) {
            String refusal = CallbackAddress.hostRefusal(host);
            if (refusal != null) {
                throw new IllegalArgumentException("its host " + host + " " + refusal
                        + "; a receiver on a private network must be listed in alerts.webhooks.allowedHosts");
            }
        }
        return new Target(uri, ssl, CallbackAddress.normalize(host), port);
    }

    // java.net.URI leaves the host null when it is not an RFC 2396 host (0x7f000001, 2130706433, a_b.example):
    // take it from the authority, so those spellings are classified rather than waved through
    private static String hostOf(String authority) {
        int colon = authority.lastIndexOf(':');
        return colon >= 0 && !authority.endsWith("]") ? authority.substring(0, colon) : authority;
    }

    private static int portOf(String authority, boolean ssl) {
        int colon = authority.lastIndexOf(':');
        if (colon >= 0 && !authority.endsWith("]") && colon < authority.length() - 1) {
            try {
                int port = Integer.parseInt(authority.substring(colon + 1));
                if (port > 0 && port <= 65535) {
                    return port;
                }
            } catch (NumberFormatException e) {
                // answered below
            }
            throw new IllegalArgumentException("has an invalid port");
        }
        return ssl ? 443 : 80;
    }
}
