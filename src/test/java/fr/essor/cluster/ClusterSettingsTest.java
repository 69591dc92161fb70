package fr.essor.cluster;

import fr.essor.config.ConfigException;
import fr.essor.config.EssorConfig;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClusterSettingsTest {
    private static final Map<String, String> SHARED = Map.of(
            "ESSOR_CLUSTER", "true",
            "ESSOR_DB_URL", "postgresql://essor:secret@db:5432/essor",
            "ESSOR_API_KEYS", "admin:admin-key-0123456789",
            "ESSOR_FEED_SECRETS", "ted:feed-secret-0123456789");

    @Test
    void oneNodeWithoutTheVariablesIsNotClustered() {
        ClusterSettings settings = ClusterSettings.from(EssorConfig.load(Map.of()));
        assertThat(settings.enabled()).isFalse();
        assertThat(settings.host()).isEqualTo("127.0.0.1");
        assertThat(settings.port()).isEqualTo(5701);
        assertThat(settings.members()).isEmpty();
    }

    @Test
    void theEnvironmentNamesMembersAndPorts() {
        Map<String, String> env = new HashMap<>(SHARED);
        env.put("ESSOR_CLUSTER_HOST", "10.0.0.7");
        env.put("ESSOR_CLUSTER_PORT", "5801");
        env.put("ESSOR_CLUSTER_MEMBERS", "10.0.0.7:5801, 10.0.0.8:5801,");
        env.put("ESSOR_CLUSTER_EVENTBUS_PORT", "5802");
        ClusterSettings settings = ClusterSettings.from(EssorConfig.load(env));
        assertThat(settings.enabled()).isTrue();
        assertThat(settings.host()).isEqualTo("10.0.0.7");
        assertThat(settings.port()).isEqualTo(5801);
        assertThat(settings.eventBusPort()).isEqualTo(5802);
        assertThat(settings.members()).containsExactly("10.0.0.7:5801", "10.0.0.8:5801");
    }

    @Test
    void clusteredModeRefusesToStartWithoutSharedKeysSecretsAndDatabase() {
        for (String missing : new String[]{"ESSOR_API_KEYS", "ESSOR_FEED_SECRETS", "ESSOR_DB_URL"}) {
            Map<String, String> env = new HashMap<>(SHARED);
            env.remove(missing);
            assertThatThrownBy(() -> ClusterSettings.from(EssorConfig.load(env)))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("ESSOR_CLUSTER").hasMessageContaining(missing);
        }
    }

    @Test
    void wrongValuesNameTheirKey() {
        Map<String, String> env = new HashMap<>(SHARED);
        env.put("ESSOR_CLUSTER_MEMBERS", "node-a");
        assertThatThrownBy(() -> ClusterSettings.from(EssorConfig.load(env))).hasMessageContaining("ESSOR_CLUSTER_MEMBERS");
        assertThatThrownBy(() -> ClusterSettings.from(EssorConfig.load(Map.of("ESSOR_CLUSTER", "yes"))))
                .hasMessageContaining("ESSOR_CLUSTER");
    }

    @Test
    void hazelcastJoinsByTcpIpOnlyWithoutPhoningHome() {
        Map<String, String> env = new HashMap<>(SHARED);
        env.put("ESSOR_CLUSTER_MEMBERS", "127.0.0.1:5701,127.0.0.1:5702");
        var config = ClusteredVertx.hazelcast(ClusterSettings.from(EssorConfig.load(env)));
        var join = config.getNetworkConfig().getJoin();
        assertThat(join.getMulticastConfig().isEnabled()).isFalse();
        assertThat(join.getTcpIpConfig().isEnabled()).isTrue();
        assertThat(join.getTcpIpConfig().getMembers()).containsExactly("127.0.0.1:5701", "127.0.0.1:5702");
        assertThat(config.getProperty("hazelcast.phone.home.enabled")).isEqualTo("false");
        assertThat(config.getNetworkConfig().getInterfaces().getInterfaces()).containsExactly("127.0.0.1");
    }
}
