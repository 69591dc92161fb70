package fr.essor.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

import java.net.InetAddress;
import java.util.logging.Logger;

/**
 * A Vert.x joined to the other essor nodes: Hazelcast with TCP-IP join on the configured members (no multicast, no
 * auto-detection, no phone-home), its member port and the event bus on {@code cluster.host}. Hazelcast's own
 * shutdown hook is off: the ordered stop closes Vert.x, which leaves the cluster, last.
 */
public final class ClusteredVertx {
    private static final Logger LOG = Logger.getLogger(ClusteredVertx.class.getName());

    private ClusteredVertx() {
    }

    /** Completes once this node has joined (or formed) the cluster. */
    public static Future<Vertx> start(ClusterSettings settings, VertxOptions options, VertxBuilder builder) {
        options.getEventBusOptions()
                .setHost(settings.host())
                .setPort(settings.eventBusPort())
                .setClusterPublicHost(settings.host());
        return builder.with(options)
                .withClusterManager(new HazelcastClusterManager(hazelcast(settings)))
                .buildClustered()
                .onSuccess(v -> LOG.info("joined the essor cluster as " + settings.host() + ":" + settings.port()
                        + " (members " + settings.members() + ")"));
    }

    /** The Hazelcast member configuration: Vert.x's maps (from its default file), our network. */
    static Config hazelcast(ClusterSettings settings) {
        Config config = ConfigUtil.loadConfig();
        config.setClusterName("essor");
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.logging.type", "jdk");
        config.setProperty("hazelcast.shutdownhook.enabled", "false");
        // a node killed is noticed within seconds, not the default minute, so its event-bus subscriptions go soon
        config.setProperty("hazelcast.heartbeat.interval.seconds", "1");
        config.setProperty("hazelcast.max.no.heartbeat.seconds", "6");
        // nodes that formed two clusters (started together, or a network split) merge within seconds, not minutes;
        // meanwhile each still converges through PostgreSQL (index poll, key reload)
        config.setProperty("hazelcast.merge.first.run.delay.seconds", "10");
        config.setProperty("hazelcast.merge.next.run.delay.seconds", "10");
        NetworkConfig network = config.getNetworkConfig();
        network.setPort(settings.port()).setPortAutoIncrement(false);
        network.setPublicAddress(settings.host() + ":" + settings.port());
        if (isIpLiteral(settings.host())) {
            config.setProperty("hazelcast.socket.bind.any", "false");
            network.getInterfaces().setEnabled(true).addInterface(settings.host());
        }
        JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).setMembers(settings.members().isEmpty()
                ? java.util.List.of(settings.host() + ":" + settings.port()) : settings.members());
        return config;
    }

    private static boolean isIpLiteral(String host) {
        if (!host.matches("[0-9.]+") && !host.contains(":")) {
            return false;
        }
        try {
            InetAddress.getByName(host); // a literal: no lookup
            return true;
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }
}
