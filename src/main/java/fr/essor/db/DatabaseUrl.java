package fr.essor.db;

import fr.essor.config.ConfigException;
import io.vertx.pgclient.PgConnectOptions;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/** Where the database is: parsed from {@code postgresql://user:pass@host:port/db}. */
public record DatabaseUrl(String host, int port, String database, String user, String password) {
    /** Statements up to this long are kept prepared (the notice store's group insert is about 3,000 characters). */
    private static final int STATEMENT_CACHE_SQL_LIMIT = 16_384;

    public static DatabaseUrl parse(String url) {
        String key = "db.url (ESSOR_DB_URL)";
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (URISyntaxException e) {
            throw new ConfigException(key, "not a URL of the form postgresql://user:pass@host:port/db");
        }
        if (!"postgresql".equals(uri.getScheme()) && !"postgres".equals(uri.getScheme())) {
            throw new ConfigException(key, "must start with postgresql://");
        }
        if (uri.getHost() == null) {
            throw new ConfigException(key, "names no host");
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath().replaceFirst("^/", "");
        if (path.isEmpty()) {
            throw new ConfigException(key, "names no database");
        }
        String user = "postgres";
        String password = null;
        if (uri.getRawUserInfo() != null) {
            String[] parts = uri.getRawUserInfo().split(":", 2);
            user = decode(parts[0]);
            password = parts.length > 1 ? decode(parts[1]) : null;
        }
        return new DatabaseUrl(uri.getHost(), uri.getPort() < 0 ? 5432 : uri.getPort(), decode(path), user, password);
    }

    public PgConnectOptions connectOptions() {
        // statements stay prepared on their connection: one round trip each, not two (a Parse answered before the
        // Bind); planned for their parameters at every execution, as unnamed statements were, so no query meets a
        // generic plan it was never measured with
        PgConnectOptions options = new PgConnectOptions()
                .setHost(host).setPort(port).setDatabase(database).setUser(user)
                .setReconnectAttempts(0)
                .setCachePreparedStatements(true).setPreparedStatementCacheSqlLimit(STATEMENT_CACHE_SQL_LIMIT)
                .addProperty("plan_cache_mode", "force_custom_plan");
        if (password != null) {
            options.setPassword(password);
        }
        return options;
    }

    /** For Flyway only; runtime SQL goes through vertx-pg-client. */
    public String jdbcUrl() {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    public String toUrl() {
        return "postgresql://" + user + (password == null ? "" : ":" + password) + "@" + host + ":" + port + "/" + database;
    }

    /** The URL without its password, for logs. */
    @Override
    public String toString() {
        return "postgresql://" + user + "@" + host + ":" + port + "/" + database;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }
}
