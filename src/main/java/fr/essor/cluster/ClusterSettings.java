package fr.essor.cluster;

import fr.essor.config.ConfigException;
import fr.essor.config.EssorConfig;
import io.vertx.core.json.JsonArray;

import java.util.ArrayList;
import java.util.List;

/**
 * Configuration section {@code cluster}: whether this node joins others, where it listens and whom it joins. A
 * cluster shares one PostgreSQL and one set of keys and feed secrets, so clustered mode refuses to start without
 * {@code ESSOR_DB_URL}, {@code ESSOR_API_KEYS} and {@code ESSOR_FEED_SECRETS} (generated ones would differ per node).
 */
public record ClusterSettings(boolean enabled, String host, int port, List<String> members, int eventBusPort,
                              int pollerLeaseSeconds) {

    public static ClusterSettings from(EssorConfig config) {
        boolean enabled = bool(config.json().getJsonObject("cluster").getValue("enabled"));
        String host = config.string("cluster.host");
        if (host == null || host.isBlank()) {
            throw new ConfigException("cluster.host (ESSOR_CLUSTER_HOST)", "must name this node's address");
        }
        int port = config.intIn("cluster.port", 1, 65_535);
        int eventBusPort = config.intIn("cluster.eventBusPort", 0, 65_535);
        int leaseSeconds = config.intIn("cluster.pollerLeaseSeconds", 3, 3_600);
        List<String> members = members(config.json().getJsonObject("cluster").getValue("members"));
        ClusterSettings settings = new ClusterSettings(enabled, host.trim(), port, members, eventBusPort, leaseSeconds);
        if (enabled) {
            requireShared(config);
        }
        return settings;
    }

    /** This node among the others (its Hazelcast address, unique in a cluster): the holder of the leases it takes. */
    public String nodeName() {
        return host + ":" + port;
    }

    /** What every node must be given alike. */
    private static void requireShared(EssorConfig config) {
        if (config.dbUrl() == null) {
            throw new ConfigException("cluster.enabled (ESSOR_CLUSTER)", "clustered nodes share one PostgreSQL: set ESSOR_DB_URL");
        }
        if (config.apiKeys() == null) {
            throw new ConfigException("cluster.enabled (ESSOR_CLUSTER)",
                    "clustered nodes need the same keys: set ESSOR_API_KEYS (generated ones would differ per node)");
        }
        if (config.feedSecrets() == null) {
            throw new ConfigException("cluster.enabled (ESSOR_CLUSTER)",
                    "clustered nodes need the same feed secrets: set ESSOR_FEED_SECRETS (generated ones would differ per node)");
        }
    }

    private static boolean bool(Object value) {
        if (value instanceof Boolean b) {
            return b;
        }
        if (value instanceof String s && (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false"))) {
            return Boolean.parseBoolean(s);
        }
        throw new ConfigException("cluster.enabled (ESSOR_CLUSTER)", "must be true or false, not " + value);
    }

    private static List<String> members(Object value) {
        List<String> raw = new ArrayList<>();
        if (value instanceof String s) {
            raw.addAll(List.of(s.split(",")));
        } else if (value instanceof JsonArray a) {
            a.forEach(o -> raw.add(String.valueOf(o)));
        } else if (value != null) {
            throw new ConfigException("cluster.members (ESSOR_CLUSTER_MEMBERS)", "must be host:port,host:port");
        }
        List<String> members = new ArrayList<>();
        for (String m : raw) {
            String member = m.trim();
            if (member.isEmpty()) {
                continue;
            }
            int colon = member.lastIndexOf(':');
            if (colon <= 0 || !member.substring(colon + 1).matches("\\d{1,5}")) {
                throw new ConfigException("cluster.members (ESSOR_CLUSTER_MEMBERS)", "\"" + member + "\" is not host:port");
            }
            members.add(member);
        }
        return List.copyOf(members);
    }
}
