package fr.essor.config;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * API keys per role and feed secrets. There are no built-in keys: what the configuration does not give is
 * generated on the first start and kept in {@code <dataDir>/credentials.json} (owner-only), so a first run is
 * usable and never open.
 *
 * @param apiKeys     role token ({@code admin}, {@code officer}) → its keys
 * @param feedSecrets feed id → secret
 */
public record Credentials(Map<String, List<String>> apiKeys, Map<String, String> feedSecrets) {
    private static final Logger LOG = Logger.getLogger(Credentials.class.getName());
    public static final String FILE = "credentials.json";
    private static final List<String> ROLES = List.of("admin", "officer");

    /** Blocking (file I/O): resolve from configuration, else from the credentials file, else generate it. */
    public static Credentials resolve(EssorConfig config) {
        Path file = config.dataDir().resolve(FILE);
        JsonObject stored = read(file);
        boolean changed = false;

        Map<String, List<String>> apiKeys;
        if (config.apiKeys() != null) {
            apiKeys = parseApiKeys(config.apiKeys());
        } else {
            apiKeys = new LinkedHashMap<>();
            JsonObject storedKeys = stored.getJsonObject("apiKeys", new JsonObject());
            for (String role : ROLES) {
                String key = storedKeys.getString(role);
                if (key == null) {
                    key = "essor_" + role + "_" + randomToken();
                    storedKeys.put(role, key);
                    changed = true;
                }
                apiKeys.put(role, List.of(key));
            }
            stored.put("apiKeys", storedKeys);
        }

        Map<String, String> feedSecrets;
        if (config.feedSecrets() != null) {
            feedSecrets = parseFeedSecrets(config.feedSecrets());
        } else {
            JsonObject storedSecrets = stored.getJsonObject("feedSecrets", new JsonObject());
            if (storedSecrets.isEmpty()) {
                storedSecrets.put("default", "whsec_" + Base64.getEncoder().encodeToString(randomBytes()));
                changed = true;
            }
            feedSecrets = new LinkedHashMap<>();
            storedSecrets.forEach(e -> feedSecrets.put(e.getKey(), String.valueOf(e.getValue())));
            stored.put("feedSecrets", storedSecrets);
        }

        if (changed) {
            write(file, stored);
            LOG.info("generated credentials (API keys and/or a feed secret) are in " + file);
        }
        return new Credentials(apiKeys, feedSecrets);
    }

    static Map<String, List<String>> parseApiKeys(String value) {
        Map<String, List<String>> keys = new LinkedHashMap<>();
        for (String pair : value.split(",")) {
            String[] parts = pair.trim().split(":", 2);
            if (parts.length != 2 || !ROLES.contains(parts[0].trim()) || parts[1].trim().length() < 16) {
                throw new ConfigException("auth.apiKeys (ESSOR_API_KEYS)",
                        "must be role:key pairs separated by commas, role admin or officer, keys of 16 characters or more");
            }
            keys.computeIfAbsent(parts[0].trim(), r -> new ArrayList<>()).add(parts[1].trim());
        }
        return keys;
    }

    static Map<String, String> parseFeedSecrets(String value) {
        Map<String, String> secrets = new LinkedHashMap<>();
        for (String pair : value.split(",")) {
            String[] parts = pair.trim().split(":", 2);
            if (parts.length != 2 || parts[0].isBlank() || parts[1].trim().length() < 16) {
                throw new ConfigException("feeds.secrets (ESSOR_FEED_SECRETS)",
                        "must be feedId:secret pairs separated by commas, secrets of 16 characters or more");
            }
            secrets.put(parts[0].trim(), parts[1].trim());
        }
        return secrets;
    }

    private static String randomToken() {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes());
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }

    private static JsonObject read(Path file) {
        if (!Files.isRegularFile(file)) {
            return new JsonObject();
        }
        try {
            return new JsonObject(Files.readString(file));
        } catch (IOException | RuntimeException e) {
            throw new ConfigException(file.toString(), "unreadable credentials file: " + e.getMessage());
        }
    }

    private static void write(Path file, JsonObject content) {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(FILE + ".tmp");
            Files.deleteIfExists(tmp);
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(tmp, content.encodePrettily(), StandardCharsets.UTF_8);
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
