package fr.essor.reference;

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
        this.cpv = CpvCatalog.load();
        this.naf = NafCatalog.load();
        this.geography = Geography.load();
        this.affinity = CpvNafAffinity.load();
    }

    /** Lazy holder: the JVM loads the data once, on first use, with safe publication. */
    private static final class Holder {
        static final ReferenceData INSTANCE = new ReferenceData();
    }

    /** The shared instance; the first call reads the files (blocking: call it from a worker or at start-up). */
    public static ReferenceData get() { return Holder.INSTANCE; }

    public CpvCatalog cpv() { return cpv; }
    public NafCatalog naf() { return naf; }
    public Geography geography() { return geography; }
    public CpvNafAffinity affinity() { return affinity; }
}
