package fr.essor.notice;

import fr.essor.db.DatabaseUrl;
import fr.essor.testing.TestApp;
import fr.essor.testing.TestDatabases;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

import static fr.essor.notice.FeedPushTest.waitFor;
import static fr.essor.notice.NoticeTestClient.json;
import static fr.essor.notice.NoticeTestClient.read;
import static org.assertj.core.api.Assertions.assertThat;

/** A notice committed but not yet published when the service stopped is published when it starts again. */
class OutboxRestartTest {

    @Test
    void aRestartRepublishesUnpublishedRows() throws Exception {
        Path dataDir = TestApp.tempDir();
        String db = TestDatabases.freshDatabaseUrl();
        JsonObject config = TestApp.defaults(dataDir, db);
        String id;
        try (TestApp first = TestApp.start(config, dataDir, db)) {
            NoticeTestClient client = new NoticeTestClient(first);
            HttpResponse<Buffer> r = client.push("application/xml", read(NoticeTestClient.SDK.resolve("cn_24_minimal.xml")));
            assertThat(r.statusCode()).isEqualTo(202);
            id = json(r).getJsonArray("notices").getJsonObject(0).getString("id");
            waitFor(() -> client.count("SELECT count(*) FROM outbox WHERE published_at IS NULL") == 0);
        }
        // as if the service had died between the commit and the publication
        DatabaseUrl url = DatabaseUrl.parse(db);
        try (Connection c = DriverManager.getConnection(url.jdbcUrl(), url.user(), url.password());
             Statement s = c.createStatement()) {
            assertThat(s.executeUpdate("UPDATE outbox SET published_at = NULL")).isEqualTo(1);
        }
        try (TestApp second = TestApp.start(config, dataDir, db)) {
            NoticeTestClient client = new NoticeTestClient(second);
            // the ingest verticle's start completes once the outbox is drained
            assertThat(client.count("SELECT count(*) FROM outbox WHERE published_at IS NULL")).isZero();
            assertThat(client.count("SELECT count(*) FROM outbox WHERE payload->>'id' = $1 AND published_at IS NOT NULL", id))
                    .isEqualTo(1);
            assertThat(second.main().services().metrics().get("essor_outbox_published").counter().count()).isEqualTo(1.0);
        }
    }
}
