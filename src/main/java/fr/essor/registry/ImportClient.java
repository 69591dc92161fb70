package fr.essor.registry;

import fr.essor.config.ConfigException;
import fr.essor.config.Credentials;
import fr.essor.config.EssorConfig;
import fr.essor.registry.imports.ImportFormat;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * {@code java -jar essor.jar import FILE [--format essor|lemarche|ess-numerique]}: a client of the running service
 * (DESIGN.md section 2), so that a server and an import never fight over one database. It streams the file to
 * {@code POST /api/enterprises/import} at {@code ESSOR_URL} (default http://localhost:8080) with the admin key from
 * {@code ESSOR_API_KEYS} or {@code <ESSOR_DATA_DIR>/credentials.json}, and prints the summary.
 *
 * <p>Exit codes: 0 every line taken; 3 some lines rejected (listed); 1 the service refused the file or could not be
 * reached; 2 wrong usage (no file, unknown format, no admin key).
 */
public final class ImportClient {
    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;
    public static final int SOME_REJECTED = 3;
    static final String DEFAULT_URL = "http://localhost:8080";
    private static final int MAX_LISTED = 50;

    private final PrintStream out;
    private final PrintStream err;

    private ImportClient(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /** @param args what follows {@code import} on the command line */
    public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        return new ImportClient(out, err).run(args, env);
    }

    private int run(String[] args, Map<String, String> env) {
        Path file = null;
        String format = ImportFormat.ESSOR.token();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--format") && i + 1 < args.length) {
                format = args[++i];
            } else if (arg.startsWith("--format=")) {
                format = arg.substring("--format=".length());
            } else if (arg.startsWith("--") || file != null) {
                return usage("unexpected argument " + arg);
            } else {
                file = Path.of(arg);
            }
        }
        if (file == null) {
            return usage("which file?");
        }
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            return usage("cannot read " + file);
        }
        if (ImportFormat.fromToken(format).isEmpty()) {
            return usage("unknown format " + format + " (" + ImportFormat.tokens() + ")");
        }
        String key;
        try {
            key = adminKey(env);
        } catch (ConfigException e) {
            err.println("essor import: " + e.getMessage());
            return USAGE;
        }
        if (key == null) {
            err.println("essor import: no admin key: set ESSOR_API_KEYS (admin:KEY) or ESSOR_DATA_DIR to the service's data folder");
            return USAGE;
        }
        String base = env.getOrDefault("ESSOR_URL", DEFAULT_URL).replaceAll("/+$", "");
        return post(base, file, format, key);
    }

    private int post(String base, Path file, String format, String key) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        String contentType = name.endsWith(".ndjson") || name.endsWith(".jsonl") ? "application/x-ndjson" : "text/csv";
        HttpResponse<String> response;
        try {
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
            HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/enterprises/import?format="
                            + URLEncoder.encode(format, StandardCharsets.UTF_8)))
                    .header("Authorization", "Bearer " + key)
                    .header("Content-Type", contentType)
                    .timeout(Duration.ofHours(1))
                    .POST(HttpRequest.BodyPublishers.ofFile(file)) // streamed from disk
                    .build();
            response = client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (ConnectException e) {
            err.println("essor import: no service at " + base + " (start it, or set ESSOR_URL)");
            return FAILED;
        } catch (IOException | IllegalArgumentException e) {
            err.println("essor import: " + e.getMessage());
            return FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return FAILED;
        }
        JsonObject body;
        try {
            body = new JsonObject(response.body());
        } catch (DecodeException e) {
            err.println("essor import: the service answered " + response.statusCode() + " " + response.body());
            return FAILED;
        }
        if (response.statusCode() != 200) {
            err.println("essor import: " + response.statusCode() + " " + body.getString("title", "") + ": "
                    + body.getString("detail", ""));
            for (Object e : body.getJsonArray("errors", new JsonArray())) {
                JsonObject error = (JsonObject) e;
                err.println("  " + error.getString("field") + ": " + error.getString("message"));
            }
            return FAILED;
        }
        return summary(file, body);
    }

    private int summary(Path file, JsonObject body) {
        JsonArray rejected = body.getJsonArray("rejected", new JsonArray());
        JsonArray warnings = body.getJsonArray("warnings", new JsonArray());
        out.printf("%s: imported %d, updated %d, unchanged %d, rejected %d, warnings %d%n", file.getFileName(),
                body.getLong("imported"), body.getLong("updated"), body.getLong("unchanged"), rejected.size(), warnings.size());
        for (int i = 0; i < Math.min(MAX_LISTED, rejected.size()); i++) {
            JsonObject r = rejected.getJsonObject(i);
            StringBuilder line = new StringBuilder("  rejected line " + r.getInteger("line") + ":");
            for (Object e : r.getJsonArray("errors")) {
                JsonObject error = (JsonObject) e;
                line.append(' ').append(error.getString("field")).append(' ').append(error.getString("message")).append(';');
            }
            out.println(line);
        }
        if (rejected.size() > MAX_LISTED) {
            out.println("  ... and " + (rejected.size() - MAX_LISTED) + " more rejected lines");
        }
        for (int i = 0; i < Math.min(MAX_LISTED, warnings.size()); i++) {
            JsonObject w = warnings.getJsonObject(i);
            out.println("  warning line " + w.getInteger("line") + ": " + w.getString("message"));
        }
        if (warnings.size() > MAX_LISTED) {
            out.println("  ... and " + (warnings.size() - MAX_LISTED) + " more warnings");
        }
        return rejected.isEmpty() ? OK : SOME_REJECTED;
    }

    /** ESSOR_API_KEYS (or the configuration file) first, else the generated credentials.json of the data folder. */
    static String adminKey(Map<String, String> env) {
        EssorConfig config = EssorConfig.load(env);
        if (config.apiKeys() != null) {
            for (String pair : config.apiKeys().split(",")) {
                String[] parts = pair.strip().split(":", 2);
                if (parts.length == 2 && parts[0].strip().equals("admin")) {
                    return parts[1].strip();
                }
            }
            return null;
        }
        Path credentials = config.dataDir().resolve(Credentials.FILE);
        if (!Files.isRegularFile(credentials)) {
            return null;
        }
        try {
            return new JsonObject(Files.readString(credentials)).getJsonObject("apiKeys", new JsonObject()).getString("admin");
        } catch (IOException | DecodeException | ClassCastException e) {
            throw new ConfigException(credentials.toString(), "unreadable credentials file: " + e.getMessage());
        }
    }

    private int usage(String problem) {
        err.println("essor import: " + problem);
        err.println("usage: java -jar essor.jar import FILE [--format " + String.join("|", ImportFormat.tokens().split(", ")) + "]");
        return USAGE;
    }
}
