package fr.essor.notice;

import fr.essor.config.ConfigException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PullFeedTest {
    @Test
    void readsTheEnvironmentListWithFormatHints() {
        assertThat(PullFeed.parse("ocds@https://a.example/releases.json, https://b.example/x?u=me@there ,"))
                .containsExactly(new PullFeed("https://a.example/releases.json", "ocds"),
                        new PullFeed("https://b.example/x?u=me@there", null));
    }

    @Test
    void readsTheJsonList() {
        assertThat(PullFeed.parse(new JsonArray().add("http://h/1").add(new JsonObject().put("url", "http://h/2").put("format", "eforms"))))
                .containsExactly(new PullFeed("http://h/1", null), new PullFeed("http://h/2", "eforms"));
        assertThat(PullFeed.parse(null)).isEmpty();
        assertThat(PullFeed.parse(new JsonArray())).isEmpty();
    }

    @Test
    void refusesWhatIsNotAnHttpUrlOrAKnownFormat() {
        assertThatThrownBy(() -> PullFeed.parse("file:///etc/passwd")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("feeds.pull.urls");
        assertThatThrownBy(() -> PullFeed.parse(new JsonArray().add(new JsonObject().put("url", "http://h/").put("format", "csv"))))
                .isInstanceOf(ConfigException.class);
    }

    @Test
    void showsAUrlWithoutWhatMayHoldATokenInLogsAndMetrics() {
        assertThat(PullFeed.redact("https://user:pass@feeds.example.org:8443/ocds/releases.json?token=s3cret&page=2#top"))
                .isEqualTo("https://feeds.example.org:8443/ocds/releases.json");
        assertThat(PullFeed.redact("http://h.example")).isEqualTo("http://h.example");
        assertThat(PullFeed.redact("not a url?token=s3cret")).doesNotContain("s3cret");
        assertThat(new PullFeed("https://b.example/x?u=me@there", null).shownUrl()).isEqualTo("https://b.example/x");
        assertThatThrownBy(() -> PullFeed.parse("ftp://h.example/x?token=s3cret"))
                .isInstanceOf(ConfigException.class).message().doesNotContain("s3cret");
    }

    @Test
    void findsTheContentTypeFromHintHeaderOrBody() throws Exception {
        PullFeed unhinted = new PullFeed("http://h/", null);
        byte[] xml = Files.readAllBytes(Path.of("../shared/data/notices/eforms-sdk/cn_24_minimal.xml"));
        byte[] ocds = Files.readAllBytes(Path.of("../shared/data/notices/ocds/armenia/sample/releases/6.json"));
        assertThat(unhinted.contentType("text/xml; charset=UTF-8", xml)).isEqualTo("text/xml; charset=UTF-8");
        assertThat(unhinted.contentType("application/octet-stream", xml)).isEqualTo("application/xml");
        assertThat(unhinted.contentType(null, ocds)).isEqualTo("application/json");
        assertThat(unhinted.contentType(null, "{\"a\":1}\n{\"a\":2}\n".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("application/x-ndjson");
        assertThat(new PullFeed("http://h/", "eforms").contentType("application/json", ocds)).isEqualTo("application/xml");
    }
}
