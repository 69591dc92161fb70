package fr.essor.reference;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * The reference lists essor ships (CPV, NAF, NUTS, communes, the article 77 list, the CPV-NAF affinity
 * table), loaded once from the classpath and shared; immutable, so safe from any thread.
 */
public final class ReferenceData {
    private final CpvCatalog cpv;
    private final NafCatalog naf;
    private final Geography geography;
    private final CpvNafAffinity affinity;

    private ReferenceData() {
        // The postcode base is most of the work: a second thread reads it while this one reads the rest.
        CompletableFuture<GeographyLoader.Administrative> administrative = new CompletableFuture<>();
        CompletableFuture<Geography> geography = new CompletableFuture<>();
        Thread loader = new Thread(() -> {
            try {
                GeographyLoader.CommuneRowsTable communes = GeographyLoader.readCommunes();
                geography.complete(GeographyLoader.build(administrative.join(), communes));
            } catch (Throwable e) {
                geography.completeExceptionally(e);
            }
        }, "reference-geography-loader");
        loader.setDaemon(true);
        loader.start();
        try {
            administrative.complete(GeographyLoader.readAdministrative());
        } catch (RuntimeException e) {
            administrative.completeExceptionally(e);
            throw e;
        }
        this.cpv = CpvCatalog.load();
        this.naf = NafCatalog.load();
        this.affinity = CpvNafAffinity.load();
        try {
            this.geography = geography.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while loading the reference data", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot load the geography reference data", e.getCause());
        }
    }

    /** A fresh load, not shared (package use: start-up measurements). */
    static ReferenceData load() { return new ReferenceData(); }

    /** Lazy holder: the JVM loads the data once, on first use, with safe publication. */
    private static final class Holder {
        static final ReferenceData INSTANCE = load();
    }

    /** The shared instance; the first call reads the files (blocking: call it from a worker or at start-up). */
    public static ReferenceData get() { return Holder.INSTANCE; }

    public CpvCatalog cpv() { return cpv; }
    public NafCatalog naf() { return naf; }
    public Geography geography() { return geography; }
    public CpvNafAffinity affinity() { return affinity; }
}
