package fr.essor.db;

import fr.essor.config.ConfigException;
import fr.essor.config.EssorConfig;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * {@code essor backup FILE} and {@code essor restore FILE}, on the database the service would use: {@code ESSOR_DB_URL},
 * else the embedded PostgreSQL of {@code ESSOR_DATA_DIR} — the running one when essor runs (a backup is consistent
 * while it serves), else started for the command and stopped after it.
 * Exit codes: 0 done, 1 refused or failed (one line saying why), 2 usage.
 */
public final class BackupCommand {
    private BackupCommand() {
    }

    public static int run(String verb, String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        if (args.length != 1 || args[0].startsWith("-")) {
            err.println("usage: java -jar essor.jar " + verb + " FILE");
            return 2;
        }
        Path file = Path.of(args[0]).toAbsolutePath();
        EssorConfig config;
        try {
            config = EssorConfig.load(env);
        } catch (ConfigException e) {
            err.println("essor: " + e.getMessage());
            return 2;
        }
        EmbeddedDatabase started = null;
        try {
            if ("restore".equals(verb)) {
                Restore.check(file); // a missing or damaged file is told before any database is touched
            }
            DatabaseUrl url;
            if (config.dbUrl() != null) {
                url = DatabaseUrl.parse(config.dbUrl());
            } else {
                Optional<DatabaseUrl> running = EmbeddedDatabase.running(config.dataDir());
                if (running.isPresent() && "restore".equals(verb)) {
                    throw new BackupException("essor is running on " + config.dataDir() + ": stop it before restoring");
                } else if (running.isPresent()) {
                    url = running.get();
                } else {
                    started = EmbeddedDatabase.start(config.dataDir());
                    url = started.url();
                }
            }
            if ("backup".equals(verb)) {
                Backup.Summary s = Backup.write(url, file);
                out.printf("essor: backup of %s (schema version %s) written to %s: %d tables, %d rows, %d bytes%n",
                        url, s.schemaVersion(), file, s.tables(), s.rows(), s.bytes());
            } else {
                Restore.Summary s = Restore.load(url, file);
                out.printf("essor: %s (taken %s, schema version %s) restored into %s: %d tables, %d rows%n",
                        file, s.createdAt(), s.schemaVersion(), url, s.tables(), s.rows());
                if (dropIndex(config.dataDir().resolve("index"))) {
                    out.println("essor: the index in " + config.dataDir().resolve("index")
                            + " was removed; it is rebuilt from the database at the next start");
                } else {
                    out.println("essor: the index is rebuilt from the database at the next start");
                }
            }
            return 0;
        } catch (BackupException | ConfigException e) {
            err.println("essor: " + verb + " refused: " + e.getMessage());
            return 1;
        } catch (RuntimeException e) {
            err.println("essor: " + verb + " failed: " + e.getMessage());
            return 1;
        } finally {
            if (started != null) {
                started.close();
            }
        }
    }

    /** The index of another database would be taken as current: it is derived, so it goes. */
    private static boolean dropIndex(Path index) {
        if (!Files.isDirectory(index)) {
            return false;
        }
        try (Stream<Path> files = Files.walk(index)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
            return true;
        } catch (IOException e) {
            throw new BackupException("restored, but the old index in " + index + " could not be removed (" + e.getMessage()
                    + "): remove it before starting essor");
        }
    }
}
