package fr.essor.registry;

import fr.essor.registry.imports.ImportFormat;
import io.vertx.core.Future;

import java.io.InputStream;
import java.util.logging.Logger;
import java.util.zip.GZIPInputStream;

/**
 * The first run's registry: when the registry is empty at start, the bundled real SIAE list (Le marché de
 * l'inclusion, see registry/SOURCES.md) goes in through the same import as any file, and the seed counts as done once
 * the index shows it, so that a newcomer's first {@code java -jar} has something to search when it says ready. The
 * check and the load hold the seed lock, so nodes of a cluster starting together load it once.
 */
public final class RegistrySeed {
    public static final String RESOURCE = "registry/siae_lemarche.csv.gz";
    private static final Logger LOG = Logger.getLogger(RegistrySeed.class.getName());

    private RegistrySeed() {
    }

    /** Loads the seed when the registry is empty; completes when the index shows it (or at once when not needed). */
    public static Future<Void> loadIfEmpty(Registry registry, IndexVerticle index) {
        return registry.store().underSeedLock(() -> registry.store().isEmpty().compose(empty -> {
            if (!empty) {
                LOG.info("registry not empty: no seed");
                return registry.store().lastChange(); // another node may have just loaded it: ready once shown here
            }
            LOG.info("empty registry: loading the bundled SIAE list (" + RESOURCE + ")");
            return registry.importFile(RegistrySeed::open, ImportFormat.LEMARCHE, false)
                    .compose(summary -> {
                        LOG.info("seed loaded: " + summary.imported() + " enterprises, " + summary.rejected().size()
                                + " lines rejected; waiting for the index");
                        return registry.store().lastChange();
                    });
        })).compose(index::awaitChange);
    }

    static InputStream open() throws java.io.IOException {
        InputStream raw = RegistrySeed.class.getClassLoader().getResourceAsStream(RESOURCE);
        if (raw == null) {
            throw new IllegalStateException(RESOURCE + " missing from the classpath");
        }
        return new GZIPInputStream(raw, 1 << 16);
    }
}
