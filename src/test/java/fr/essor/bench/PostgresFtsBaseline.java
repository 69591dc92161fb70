package fr.essor.bench;

import fr.essor.db.DatabaseUrl;
import fr.essor.matching.EligibilityRules;
import fr.essor.matching.LotDescription;
import fr.essor.reference.ReferenceData;
import fr.essor.registry.ActivityEvidence;
import fr.essor.registry.Category;
import fr.essor.registry.Enterprise;
import fr.essor.registry.index.EnterpriseSchema;

import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * PostgreSQL full-text search asked the same question on the same rows: a table of the enterprises (name, and the
 * activity text the Lucene documents hold: description, NAF label, CPV labels), a stored tsvector ('french', name
 * weighted A) with a GIN index, the site with a GiST index on ll_to_earth (cube + earthdistance), ANALYZEd. A question
 * is the OR of its words ({@code to_tsquery('french', 'w1 | w2 | ...')}, the first 48 distinct words of the text and
 * the CPV labels), the categories the reservation allows, {@code earth_box} + {@code earth_distance} within the retrieval distance (or
 * not located), ordered by {@code ts_rank} plus a distance decay, top 20.
 *
 * <p>What it flatters: the GIN index answers only the rows sharing a word, so unlike essor (and the bare Lucene query) it
 * neither ranks the enterprises whose activity is unknown nor those that only share a CPV prefix, and it scores no
 * CPV level and explains nothing.
 */
final class PostgresFtsBaseline implements AutoCloseable {
    private static final String QUERY = """
            SELECT siret, ts_rank(doc, q) + 0.1 * 20000 / (20000 + coalesce(earth_distance(ll_to_earth(?, ?), ll_to_earth(lat, lon)), 50000)) AS rank
            FROM bench_fts, to_tsquery('french', ?) q
            WHERE doc @@ q
              AND (?::text[] IS NULL OR categories && ?::text[])
              AND (?::float8 IS NULL OR lat IS NULL
                   OR (earth_box(ll_to_earth(?, ?), ?) @> ll_to_earth(lat, lon)
                       AND earth_distance(ll_to_earth(?, ?), ll_to_earth(lat, lon)) <= ?))
            ORDER BY rank DESC, siret
            LIMIT 20""";

    private final Connection connection;
    private final PreparedStatement statement;
    private final ReferenceData reference = ReferenceData.get();

    private PostgresFtsBaseline(Connection connection) throws SQLException {
        this.connection = connection;
        this.statement = connection.prepareStatement(QUERY);
    }

    /** Creates, fills, indexes and analyzes the table in the given database. */
    static PostgresFtsBaseline build(String dbUrl, List<Enterprise> enterprises) throws SQLException {
        DatabaseUrl url = DatabaseUrl.parse(dbUrl);
        Connection c = DriverManager.getConnection(url.jdbcUrl() + "?reWriteBatchedInserts=true", url.user(), url.password());
        long start = System.nanoTime();
        EnterpriseSchema schema = new EnterpriseSchema(ReferenceData.get());
        try (Statement s = c.createStatement()) {
            s.execute("CREATE EXTENSION IF NOT EXISTS cube");
            s.execute("CREATE EXTENSION IF NOT EXISTS earthdistance");
            s.execute("DROP TABLE IF EXISTS bench_fts");
            s.execute("CREATE TABLE bench_fts (siret text PRIMARY KEY, categories text[], unknown_activity boolean,"
                    + " lat float8, lon float8, doc tsvector)");
        }
        c.setAutoCommit(false);
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO bench_fts VALUES (?, ?, ?, ?, ?,"
                + " setweight(to_tsvector('french', ?), 'A') || to_tsvector('french', ?))")) {
            int n = 0;
            for (Enterprise e : enterprises) {
                var text = schema.textValues(e);
                insert.setString(1, e.siret());
                insert.setArray(2, c.createArrayOf("text", e.categories() == null ? new Object[0]
                        : e.categories().stream().map(Category::name).toArray()));
                insert.setBoolean(3, ActivityEvidence.unknown(e, ReferenceData.get().affinity()));
                setDouble(insert, 4, e.hasLocation() ? e.latitude() : null);
                setDouble(insert, 5, e.hasLocation() ? e.longitude() : null);
                insert.setString(6, String.join(" ", text.get(EnterpriseSchema.NAME)));
                insert.setString(7, String.join("\n", text.get(EnterpriseSchema.ACTIVITY)));
                insert.addBatch();
                if (++n % 1000 == 0) {
                    insert.executeBatch();
                }
            }
            insert.executeBatch();
        }
        c.commit();
        c.setAutoCommit(true);
        long filled = System.nanoTime();
        try (Statement s = c.createStatement()) {
            s.execute("CREATE INDEX bench_fts_doc ON bench_fts USING gin (doc)");
            s.execute("CREATE INDEX bench_fts_site ON bench_fts USING gist (ll_to_earth(lat, lon))");
            s.execute("ANALYZE bench_fts");
        }
        System.out.printf(Locale.ROOT, "PostgreSQL FTS table: %,d rows in %.1f s, GIN + GiST indexes and ANALYZE %.1f s%n",
                enterprises.size(), (filled - start) / 1e9, (System.nanoTime() - filled) / 1e9);
        return new PostgresFtsBaseline(c);
    }

    /** The top 20 of a lot; returns the rows. */
    int search(LotDescription lot, double maxDistanceKm) throws SQLException {
        bind(lot, maxDistanceKm);
        int rows = 0;
        try (ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                rows++;
            }
        }
        return rows;
    }

    /** EXPLAIN (ANALYZE, BUFFERS) of a lot's query, to show the plan uses the indexes. */
    String explain(LotDescription lot, double maxDistanceKm) throws SQLException {
        try (PreparedStatement explain = connection.prepareStatement("EXPLAIN (ANALYZE, BUFFERS) " + QUERY)) {
            bind(explain, lot, maxDistanceKm);
            StringBuilder plan = new StringBuilder();
            try (ResultSet rs = explain.executeQuery()) {
                while (rs.next()) {
                    plan.append("    ").append(rs.getString(1)).append('\n');
                }
            }
            return plan.toString();
        }
    }

    /** The tsquery of a lot: the OR of its first 48 distinct words (text, then CPV labels); PostgreSQL stems them. */
    String tsquery(LotDescription lot) {
        StringBuilder text = new StringBuilder(lot.text());
        lot.cpv().forEach(code -> reference.cpv().find(code).ifPresent(c -> text.append(' ').append(c.labelFr())));
        Set<String> words = new LinkedHashSet<>();
        for (String w : text.toString().toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
            if (w.length() >= 2 && words.size() < 48) {
                words.add(w);
            }
        }
        return words.isEmpty() ? "''" : String.join(" | ", words);
    }

    private void bind(LotDescription lot, double maxDistanceKm) throws SQLException {
        bind(statement, lot, maxDistanceKm);
    }

    private void bind(PreparedStatement s, LotDescription lot, double maxDistanceKm) throws SQLException {
        Double lat = lot.place().hasPoint() ? lot.place().lat() : null;
        Double lon = lot.place().hasPoint() ? lot.place().lon() : null;
        Double meters = lot.place().hasPoint() ? maxDistanceKm * 1000 : null;
        Array allowed = EligibilityRules.restricts(lot.reservation())
                ? connection.createArrayOf("text", EligibilityRules.allowedCategories(lot.reservation()).stream().map(Category::name).toArray())
                : null;
        setDouble(s, 1, lat);
        setDouble(s, 2, lon);
        s.setString(3, tsquery(lot));
        for (int i = 4; i <= 5; i++) {
            if (allowed == null) {
                s.setNull(i, Types.ARRAY);
            } else {
                s.setArray(i, allowed);
            }
        }
        setDouble(s, 6, meters);
        setDouble(s, 7, lat);
        setDouble(s, 8, lon);
        setDouble(s, 9, meters);
        setDouble(s, 10, lat);
        setDouble(s, 11, lon);
        setDouble(s, 12, meters);
    }

    private static void setDouble(PreparedStatement s, int i, Double value) throws SQLException {
        if (value == null) {
            s.setNull(i, Types.DOUBLE);
        } else {
            s.setDouble(i, value);
        }
    }

    @Override
    public void close() throws SQLException {
        statement.close();
        connection.close();
    }
}
