package fr.essor.config;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EssorConfigTest {

    @Test
    void defaultsComeFromEssorJson() {
        EssorConfig config = EssorConfig.load(Map.of());
        assertThat(config.httpPort()).isEqualTo(8080);
        assertThat(config.dbUrl()).isNull();
        assertThat(config.seed()).isTrue();
        assertThat(config.dataDir()).isEqualTo(Path.of("./data").toAbsolutePath().normalize());
    }

    @Test
    void environmentOverrides() {
        EssorConfig config = EssorConfig.load(Map.of("ESSOR_HTTP_PORT", "9090", "ESSOR_SEED", "false",
                "ESSOR_DB_URL", "postgresql://u:p@db:5433/essor", "ESSOR_DATA_DIR", "/tmp/x"));
        assertThat(config.httpPort()).isEqualTo(9090);
        assertThat(config.seed()).isFalse();
        assertThat(config.dbUrl()).isEqualTo("postgresql://u:p@db:5433/essor");
        assertThat(config.dataDir()).isEqualTo(Path.of("/tmp/x"));
    }

    @Test
    void edgeLimitsHaveDefaultsAndCanBeTurnedOff() {
        EssorConfig config = EssorConfig.load(Map.of());
        assertThat(config.rateLimitsEnabled()).isTrue();
        assertThat(config.rateLimitPerSecond("perKey")).isEqualTo(50);
        assertThat(config.rateLimitBurst("perKey")).isEqualTo(200);
        assertThat(config.rateLimitPerSecond("perFeed")).isEqualTo(200);
        assertThat(config.rateLimitBurst("perFeed")).isEqualTo(400);
        assertThat(config.rateLimitPerSecond("perAddress")).isEqualTo(20);
        assertThat(config.rateLimitBurst("perAddress")).isEqualTo(40);
        assertThat(config.trustedProxies()).isEmpty();
        assertThat(config.httpIdleTimeoutSeconds()).isEqualTo(60);
        assertThat(config.httpRequestReadTimeoutSeconds()).isEqualTo(30);
        assertThat(EssorConfig.load(Map.of("ESSOR_RATE_LIMITS", "off")).rateLimitsEnabled()).isFalse();
        assertThatThrownBy(() -> EssorConfig.load(Map.of("ESSOR_RATE_LIMITS", "sometimes")))
                .hasMessageContaining("ESSOR_RATE_LIMITS");
        assertThat(EssorConfig.of(new JsonObject().put("http", new JsonObject().put("trustedProxies", "10.0.0.0/8, 127.0.0.1")))
                .trustedProxies()).containsExactly("10.0.0.0/8", "127.0.0.1");
    }

    @Test
    void aWrongValueNamesItsKey() {
        assertThatThrownBy(() -> EssorConfig.load(Map.of("ESSOR_HTTP_PORT", "eighty")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("http.port (ESSOR_HTTP_PORT)");
        assertThatThrownBy(() -> EssorConfig.load(Map.of("ESSOR_HTTP_PORT", "70000")))
                .hasMessageContaining("between 0 and 65535");
        assertThatThrownBy(() -> EssorConfig.load(Map.of("ESSOR_SEED", "maybe")))
                .hasMessageContaining("ESSOR_SEED");
        assertThatThrownBy(() -> EssorConfig.of(new JsonObject().put("db", new JsonObject().put("poolSize", 0))))
                .hasMessageContaining("db.poolSize");
    }

    @Test
    void dbUrlIsParsed() {
        var url = fr.essor.db.DatabaseUrl.parse("postgresql://essor:s%40cret@db.example:5433/registry");
        assertThat(url.host()).isEqualTo("db.example");
        assertThat(url.port()).isEqualTo(5433);
        assertThat(url.database()).isEqualTo("registry");
        assertThat(url.user()).isEqualTo("essor");
        assertThat(url.password()).isEqualTo("s@cret");
        assertThat(url.toString()).doesNotContain("cret");
        assertThatThrownBy(() -> fr.essor.db.DatabaseUrl.parse("mysql://x/y")).hasMessageContaining("ESSOR_DB_URL");
        assertThatThrownBy(() -> fr.essor.db.DatabaseUrl.parse("postgresql://host")).hasMessageContaining("no database");
    }

    @Test
    void credentialsAreGeneratedOnceOwnerOnly() throws Exception {
        Path dir = Files.createTempDirectory("essor-cred");
        EssorConfig config = EssorConfig.load(Map.of("ESSOR_DATA_DIR", dir.toString()));
        Credentials first = Credentials.resolve(config);
        Path file = dir.resolve(Credentials.FILE);
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(first.apiKeys()).containsOnlyKeys("admin", "officer");
        assertThat(first.apiKeys().get("admin").get(0)).hasSizeGreaterThan(30);
        assertThat(first.feedSecrets()).containsKey("default");
        JsonObject stored = new JsonObject(Files.readString(file));
        assertThat(stored.getJsonObject("apiKeys").getString("officer")).isEqualTo(first.apiKeys().get("officer").get(0));
        Credentials second = Credentials.resolve(config);
        assertThat(second).isEqualTo(first);
    }

    @Test
    void configuredKeysAreParsedAndChecked() {
        assertThat(Credentials.parseApiKeys("admin:aaaaaaaaaaaaaaaa,officer:bbbbbbbbbbbbbbbb,officer:cccccccccccccccc"))
                .containsEntry("officer", java.util.List.of("bbbbbbbbbbbbbbbb", "cccccccccccccccc"));
        assertThatThrownBy(() -> Credentials.parseApiKeys("root:aaaaaaaaaaaaaaaa")).hasMessageContaining("ESSOR_API_KEYS");
        assertThatThrownBy(() -> Credentials.parseFeedSecrets("feed")).hasMessageContaining("ESSOR_FEED_SECRETS");
    }
}
