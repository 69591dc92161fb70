package fr.essor.config;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The service configuration: {@code config/essor.json} holds every default (bundled in the jar, and read from
 * the working directory when present, or from {@code ESSOR_CONFIG}); environment variables override it.
 * Typed accessors validate, so a wrong value stops the start with one line naming the key.
 */
public final class EssorConfig {
    private static final String BUNDLED = "config/essor.json";

    /** Environment variable → JSON path of the value it overrides. */
    static final Map<String, String> ENV_OVERRIDES = Map.ofEntries(
            Map.entry("ESSOR_HTTP_PORT", "http.port"),
            Map.entry("ESSOR_HTTP_HOST", "http.host"),
            Map.entry("ESSOR_MANAGEMENT_PORT", "http.managementPort"),
            Map.entry("ESSOR_RATE_LIMITS", "http.rateLimits.enabled"),
            Map.entry("ESSOR_DB_URL", "db.url"),
            Map.entry("ESSOR_DB_POOL_SIZE", "db.poolSize"),
            Map.entry("ESSOR_DB_REQUEST_TIMEOUT_SECONDS", "db.requestTimeoutSeconds"),
            Map.entry("ESSOR_DATA_DIR", "dataDir"),
            Map.entry("ESSOR_API_KEYS", "auth.apiKeys"),
            Map.entry("ESSOR_FEED_SECRETS", "feeds.secrets"),
            Map.entry("ESSOR_SEED", "seed"),
            Map.entry("ESSOR_FEED_URLS", "feeds.pull.urls"),
            Map.entry("ESSOR_FEED_POLL_SECONDS", "feeds.pull.intervalSeconds"),
            Map.entry("ESSOR_WEBHOOK_ALLOWED_HOSTS", "alerts.webhooks.allowedHosts"),
            Map.entry("ESSOR_CLUSTER", "cluster.enabled"),
            Map.entry("ESSOR_CLUSTER_HOST", "cluster.host"),
            Map.entry("ESSOR_CLUSTER_PORT", "cluster.port"),
            Map.entry("ESSOR_CLUSTER_MEMBERS", "cluster.members"),
            Map.entry("ESSOR_CLUSTER_EVENTBUS_PORT", "cluster.eventBusPort"));

    private final JsonObject json;

    private EssorConfig(JsonObject json) {
        this.json = json;
    }

    /** The bundled defaults, then {@code ESSOR_CONFIG} or {@code ./config/essor.json}, then the environment. */
    public static EssorConfig load(Map<String, String> env) {
        JsonObject merged = readBundled();
        String file = env.get("ESSOR_CONFIG");
        Path local = file != null ? Path.of(file) : Path.of(BUNDLED);
        if (Files.isRegularFile(local)) {
            merged.mergeIn(readFile(local), true);
        } else if (file != null) {
            throw new ConfigException("ESSOR_CONFIG", "no such file " + file);
        }
        for (Map.Entry<String, String> e : ENV_OVERRIDES.entrySet()) {
            String value = env.get(e.getKey());
            if (value != null && !value.isBlank()) {
                put(merged, e.getValue(), value.trim());
            }
        }
        EssorConfig config = new EssorConfig(merged);
        config.validate();
        return config;
    }

    public static EssorConfig of(JsonObject json) {
        EssorConfig config = new EssorConfig(readBundled().mergeIn(json, true));
        config.validate();
        return config;
    }

    private void validate() {
        httpPort();
        httpIdleTimeoutSeconds();
        httpRequestReadTimeoutSeconds();
        trustedProxies();
        rateLimitsEnabled();
        for (String kind : new String[]{"perKey", "perFeed", "perAddress"}) {
            rateLimitPerSecond(kind);
            rateLimitBurst(kind);
        }
        rateLimitMaxTracked();
        dbPoolSize();
        dbRequestTimeoutSeconds();
        dataDir();
        seed();
    }

    public JsonObject json() {
        return json.copy();
    }

    /** A feature's own section (e.g. {@code matching}); empty when absent. */
    public JsonObject section(String name) {
        Object value = json.getValue(name);
        if (value == null) {
            return new JsonObject();
        }
        if (!(value instanceof JsonObject)) {
            throw new ConfigException(name, "must be an object");
        }
        return ((JsonObject) value).copy();
    }

    public int httpPort() {
        return intIn("http.port", 0, 65535);
    }

    /**
     * The port of the management listener (/metrics, /health/*), -1 for none: then /metrics is served on the API
     * port with the rest (keep it on an internal network).
     */
    public int managementPort() {
        return intIn("http.managementPort", -1, 65535);
    }

    public String httpHost() {
        return string("http.host");
    }

    public long bodyLimit() {
        return longIn("http.bodyLimitBytes", 1, Long.MAX_VALUE);
    }

    public long noticeBodyLimit() {
        return longIn("http.noticeBodyLimitBytes", 1, Long.MAX_VALUE);
    }

    public long importBodyLimit() {
        return longIn("http.importBodyLimitBytes", 1, Long.MAX_VALUE);
    }

    public int shutdownGraceSeconds() {
        return intIn("http.shutdownGraceSeconds", 0, 60);
    }

    /** Seconds a connection may carry no request before it is closed; 0 = never. */
    public int httpIdleTimeoutSeconds() {
        return intIn("http.idleTimeoutSeconds", 0, 86_400);
    }

    /** Seconds a request has to send its whole body once its headers are in; 0 = no bound. */
    public int httpRequestReadTimeoutSeconds() {
        return intIn("http.requestReadTimeoutSeconds", 0, 86_400);
    }

    /** IP addresses or CIDR blocks whose X-Forwarded-For is believed (an array, or a comma-separated string). */
    public List<String> trustedProxies() {
        Object value = get("http.trustedProxies");
        List<String> out = new ArrayList<>();
        if (value instanceof JsonArray) {
            for (Object o : (JsonArray) value) {
                if (!(o instanceof String)) {
                    throw new ConfigException("http.trustedProxies", "must list addresses as strings, not " + o);
                }
                out.add((String) o);
            }
        } else if (value instanceof String) {
            for (String s : ((String) value).split(",")) {
                if (!s.isBlank()) {
                    out.add(s.trim());
                }
            }
        } else if (value != null) {
            throw new ConfigException("http.trustedProxies", "must be an array of IP addresses or CIDR blocks");
        }
        return out;
    }

    /** false when ESSOR_RATE_LIMITS=off (or http.rateLimits.enabled is false). */
    public boolean rateLimitsEnabled() {
        Object value = get("http.rateLimits.enabled");
        if (value == null || value instanceof Boolean) {
            return value == null || (Boolean) value;
        }
        switch (String.valueOf(value).trim().toLowerCase()) {
            case "true": case "on": return true;
            case "false": case "off": return false;
            default: throw new ConfigException(describe("http.rateLimits.enabled"), "must be on or off, not " + value);
        }
    }

    /** Requests per second refilled in each bucket of {@code kind} (perKey, perFeed, perAddress). */
    public double rateLimitPerSecond(String kind) {
        return doubleIn("http.rateLimits." + kind + ".perSecond", 0.001, 1_000_000);
    }

    /** Requests a quiet bucket of {@code kind} may spend at once. */
    public long rateLimitBurst(String kind) {
        return longIn("http.rateLimits." + kind + ".burst", 1, 10_000_000);
    }

    /** Buckets kept per kind at most (the least recently used go first). */
    public int rateLimitMaxTracked() {
        return intIn("http.rateLimits.maxTracked", 1, 10_000_000);
    }

    /** The external database, or null for the embedded one. */
    public String dbUrl() {
        return string("db.url");
    }

    public int dbPoolSize() {
        return intIn("db.poolSize", 1, 1000);
    }

    public int dbMaxWaitQueueSize() {
        return intIn("db.maxWaitQueueSize", 1, 100_000);
    }

    public int dbIdleTimeoutSeconds() {
        return intIn("db.idleTimeoutSeconds", 1, 86_400);
    }

    /** How long a query waits for a pooled connection before failing. */
    public int dbPoolWaitSeconds() {
        return intIn("db.poolWaitSeconds", 1, 600);
    }

    /** How long one database operation (a connection, a statement, a commit) may take before it answers 503. */
    public int dbRequestTimeoutSeconds() {
        return intIn("db.requestTimeoutSeconds", 1, 600);
    }

    public int dbReadinessTimeoutMillis() {
        return intIn("db.readinessTimeoutMillis", 10, 60_000);
    }

    public Path dataDir() {
        String dir = string("dataDir");
        if (dir == null || dir.isBlank()) {
            throw new ConfigException("dataDir (ESSOR_DATA_DIR)", "must name a folder");
        }
        return Path.of(dir).toAbsolutePath().normalize();
    }

    /** {@code role:key,role:key}, or null when none is configured. */
    public String apiKeys() {
        return string("auth.apiKeys");
    }

    /** {@code feedId:secret,...}, or null when none is configured. */
    public String feedSecrets() {
        return string("feeds.secrets");
    }

    public boolean seed() {
        Object value = get("seed");
        if (value instanceof Boolean) {
            return (Boolean) value;
        }
        if (value instanceof String) {
            String s = ((String) value).toLowerCase();
            if (s.equals("true") || s.equals("false")) {
                return Boolean.parseBoolean(s);
            }
        }
        throw new ConfigException("seed (ESSOR_SEED)", "must be true or false, not " + value);
    }

    // --- typed access by dotted path -------------------------------------------------------------------

    public String string(String path) {
        Object value = get(path);
        return value == null ? null : String.valueOf(value);
    }

    public int intIn(String path, int min, int max) {
        return (int) longIn(path, min, max);
    }

    public long longIn(String path, long min, long max) {
        Object value = get(path);
        long n;
        if (value instanceof Number && ((Number) value).doubleValue() == ((Number) value).longValue()) {
            n = ((Number) value).longValue();
        } else if (value instanceof String) {
            try {
                n = Long.parseLong(((String) value).trim());
            } catch (NumberFormatException e) {
                throw new ConfigException(describe(path), "must be a whole number, not \"" + value + "\"");
            }
        } else {
            throw new ConfigException(describe(path), "must be a whole number, not " + value);
        }
        if (n < min || n > max) {
            throw new ConfigException(describe(path), "must be between " + min + " and " + max + ", not " + n);
        }
        return n;
    }

    public double doubleIn(String path, double min, double max) {
        Object value = get(path);
        double d;
        if (value instanceof Number) {
            d = ((Number) value).doubleValue();
        } else if (value instanceof String) {
            try {
                d = Double.parseDouble(((String) value).trim());
            } catch (NumberFormatException e) {
                throw new ConfigException(describe(path), "must be a number, not \"" + value + "\"");
            }
        } else {
            throw new ConfigException(describe(path), "must be a number, not " + value);
        }
        if (!(d >= min && d <= max)) {
            throw new ConfigException(describe(path), "must be between " + min + " and " + max + ", not " + d);
        }
        return d;
    }

    private Object get(String path) {
        JsonObject node = json;
        String[] parts = path.split("\\.");
        for (int i = 0; i < parts.length - 1; i++) {
            Object next = node.getValue(parts[i]);
            if (!(next instanceof JsonObject)) {
                return null;
            }
            node = (JsonObject) next;
        }
        return node.getValue(parts[parts.length - 1]);
    }

    private static void put(JsonObject root, String path, Object value) {
        JsonObject node = root;
        String[] parts = path.split("\\.");
        for (int i = 0; i < parts.length - 1; i++) {
            Object next = node.getValue(parts[i]);
            if (!(next instanceof JsonObject)) {
                next = new JsonObject();
                node.put(parts[i], next);
            }
            node = (JsonObject) next;
        }
        node.put(parts[parts.length - 1], value);
    }

    private static String describe(String path) {
        return ENV_OVERRIDES.entrySet().stream()
                .filter(e -> e.getValue().equals(path))
                .map(e -> path + " (" + e.getKey() + ")")
                .findFirst().orElse(path);
    }

    private static JsonObject readBundled() {
        try (InputStream in = EssorConfig.class.getClassLoader().getResourceAsStream(BUNDLED)) {
            if (in == null) {
                throw new ConfigException(BUNDLED, "missing from the classpath");
            }
            return new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ConfigException(BUNDLED, "unreadable: " + e.getMessage());
        }
    }

    private static JsonObject readFile(Path file) {
        try {
            return new JsonObject(Files.readString(file));
        } catch (IOException e) {
            throw new ConfigException(file.toString(), "unreadable: " + e.getMessage());
        } catch (DecodeException e) {
            throw new ConfigException(file.toString(), "not valid JSON: " + e.getMessage());
        }
    }
}
