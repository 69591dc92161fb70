package fr.essor.db;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A migration that has shipped is never edited: Flyway checks the ones a database has applied, and a changed one
 * stops every essor started on that database ("Migration checksum mismatch"). A change to the schema goes in a new
 * migration, whose hash is added here. (An edit of V10 once slipped in: an upgraded database refused to start.)
 */
class ShippedMigrationsTest {
    private static final Path FOLDER = Path.of("src/main/resources/db/migration");
    /** SHA-256 of each migration's text, line ends as \n. */
    private static final Map<String, String> SHIPPED = Map.ofEntries(
            Map.entry("V1__foundation.sql", "ca9da5f43c97f4a6cad4fb0f46003d4e86632744d5831a014a3f7785a91062dd"),
            Map.entry("V2__registry.sql", "bc5381697aa74ab7f4ccd9ac4c37b35b16412cf4e7676afa39f006b201cc26c4"),
            Map.entry("V3__notices.sql", "14f39b220eee5a7804fbc3dedefd7aba7d48f94e46b2c89612578e90050f3d56"),
            Map.entry("V4__matching.sql", "b52f94aebbdc0bbefa98b3c8f09d3cfd0344b15923a7982b9a311f96d2ec3c95"),
            Map.entry("V5__alerts.sql", "b11f949574e48d909017380336e2f98009b851bc2c4f8bb147b20452a979e04f"),
            Map.entry("V6__api_keys.sql", "bacd5eb261db6993abb6c7cb454587f8da07b045d3f49d1c4f94ed50c0e48ae8"),
            Map.entry("V7__subscription_owner.sql", "0570a8d84bca040cd4e8cfccfc8220bdb2cf43ff91a14cc6ef358324575d1a11"),
            Map.entry("V8__match_events.sql", "409c28aa65fadb4a459144e85710e66a0ff5ff1968543663b9cb29732f4ddaa2"),
            Map.entry("V9__leases.sql", "b5d38e971b9aac1ee679564f547a9afc05fbb94bf1a3319885c29c0724b710f8"),
            Map.entry("V10__match_fanout.sql", "ef042ba85f5c4b0619886cab23a65530a8bcda1eab83fe1fdfb823d726c39d2a"),
            Map.entry("V11__lot_match_indexes.sql", "b7955e118d459384fdb17ac5317953ba10acb5197798aabb62e197108f0d3e69"),
            Map.entry("V12__lot_match_notice_check.sql", "15d75a4134d24191b7546f68d0c1c4d4336436a213750e8c04ca41e27dff99c6"));

    @Test
    void everyMigrationIsAsItShipped() throws IOException {
        Map<String, String> present = new TreeMap<>();
        try (Stream<Path> files = Files.list(FOLDER)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".sql")).toList()) {
                present.put(f.getFileName().toString(), sha256(Files.readString(f, StandardCharsets.UTF_8).replace("\r\n", "\n")));
            }
        }
        assertThat(present).as("edit no shipped migration; add a new one and its hash here").isEqualTo(new TreeMap<>(SHIPPED));
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
