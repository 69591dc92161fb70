package fr.essor.alerts;

import fr.essor.config.ConfigException;
import fr.essor.config.EssorConfig;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What a subscription's callback URL may be, at creation, under the default and an operator's configuration. */
class CallbackPolicyTest {
    private static final CallbackPolicy DEFAULTS = CallbackPolicy.from(EssorConfig.of(new JsonObject()));

    private static CallbackPolicy configured(boolean allowHttp, String... hosts) {
        return CallbackPolicy.from(EssorConfig.of(new JsonObject().put("alerts", new JsonObject().put("webhooks",
                new JsonObject().put("allowHttp", allowHttp).put("allowedHosts", new JsonArray(java.util.List.of((Object[]) hosts)))))));
    }

    @Test
    void theDefaultsAreStrict() {
        assertThat(DEFAULTS).isEqualTo(CallbackPolicy.STRICT);
        assertThat(DEFAULTS.problem("https://hooks.example.org/essor?x=1")).isNull();
        assertThat(DEFAULTS.problem("https://93.184.215.14:8443/hook")).isNull();
        assertThat(DEFAULTS.problem("http://hooks.example.org/essor")).contains("https").contains("allowHttp");
        assertThat(DEFAULTS.problem("http://127.0.0.1:9/hook")).contains("https");
        assertThat(DEFAULTS.problem("https://127.0.0.1:9/hook")).contains("loopback").contains("allowedHosts");
        assertThat(DEFAULTS.problem(null)).startsWith("required");
        assertThat(DEFAULTS.problem("ftp://example.org/x")).contains("https");
        assertThat(DEFAULTS.problem("https:///nohost")).contains("host");
        assertThat(DEFAULTS.problem("https:hooks.example.org")).contains("host");
        assertThat(DEFAULTS.problem("not a url")).isNotNull();
        assertThat(DEFAULTS.problem("https://hooks.example.org/" + "x".repeat(2000))).contains("2000");
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://127.1/hook", "https://0x7f000001/hook", "https://2130706433:443/hook",
            "https://0177.0.0.1/hook", "https://127.000.000.001/hook", "https://[::ffff:127.0.0.1]/hook",
            "https://[::ffff:7f00:1]:8443/hook", "https://[64:ff9b::7f00:1]/hook", "https://169.254.169.254/latest/meta-data/",
            "https://metadata.google.internal./computeMetadata/v1/", "https://localhost./hook", "https://LocalHost:8443/",
            "https://api.localhost/hook", "https://[fd00::1]/hook", "https://[fe80::1%25eth0]/hook", "https://0/hook",
            "https://user:secret@hooks.example.org/hook", "https://user@hooks.example.org/hook",
            "https://%6c%6f%63%61%6c%68%6f%73%74/hook", "https://127.0.0.1.:8443/hook", "https://10.0.0.1:443/x"})
    void localTargetsAndCredentialsAreRefused(String url) {
        assertThat(DEFAULTS.problem(url)).as(url).isNotNull();
    }

    @Test
    void theAllowlistLetsListedReceiversThroughButNotHttpUnlessAllowed() {
        CallbackPolicy onPremise = configured(false, "hooks.corp", "10.20.0.0/16", "127.0.0.1", "fd00::/8");
        assertThat(onPremise.problem("https://hooks.corp/essor")).isNull();
        assertThat(onPremise.problem("https://HOOKS.CORP./essor")).isNull();
        assertThat(onPremise.problem("https://10.20.3.4/essor")).isNull();
        assertThat(onPremise.problem("https://10.21.3.4/essor")).contains("private");
        assertThat(onPremise.problem("https://127.0.0.1:9/hook")).isNull();
        assertThat(onPremise.problem("https://[::ffff:127.0.0.1]:9/hook")).isNull();
        assertThat(onPremise.problem("https://127.0.0.2:9/hook")).contains("loopback");
        assertThat(onPremise.problem("https://[fd00::5]/hook")).isNull();
        assertThat(onPremise.problem("http://hooks.corp/essor")).contains("https");
        assertThat(onPremise.problem("https://other.corp/essor")).isNull(); // a name: checked on what it resolves to
        CallbackPolicy test = configured(true, "127.0.0.1");
        assertThat(test.problem("http://127.0.0.1:9/hook")).isNull();
        assertThat(test.problem("http://localhost:9/hook")).contains("localhost");
    }

    @Test
    void theAllowlistComesFromTheEnvironmentToo() {
        CallbackPolicy policy = CallbackPolicy.from(EssorConfig.load(Map.of("ESSOR_WEBHOOK_ALLOWED_HOSTS", " hooks.corp , 192.168.0.0/24")));
        assertThat(policy.allowlist().names()).containsExactly("hooks.corp");
        assertThat(policy.problem("https://192.168.0.7/hook")).isNull();
        assertThat(policy.problem("https://192.168.1.7/hook")).isNotNull();
    }

    @Test
    void aWrongAllowlistEntryStopsTheStart() {
        assertThatThrownBy(() -> configured(false, "10.0.0.0/33")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("ESSOR_WEBHOOK_ALLOWED_HOSTS");
        assertThatThrownBy(() -> configured(false, "hooks.corp/8")).isInstanceOf(ConfigException.class);
        assertThatThrownBy(() -> configured(false, "1.2.3.4.5")).isInstanceOf(ConfigException.class);
        assertThatThrownBy(() -> CallbackPolicy.from(EssorConfig.of(new JsonObject().put("alerts", new JsonObject()
                .put("webhooks", new JsonObject().put("allowHttp", "sometimes")))))).isInstanceOf(ConfigException.class);
    }
}
