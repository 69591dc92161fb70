package fr.essor.reference;

/**
 * The reference lists essor ships (CPV, NAF, NUTS, communes, the article 77 list, the CPV-NAF affinity
 * table), loaded once from the classpath and shared; immutable, so safe from any thread.
 */
public final class ReferenceData {
    // API fixed for the other packages; implementation: issue 3 (reference helper).
    public static ReferenceData get() { throw new IllegalStateException("pending"); }
    public CpvCatalog cpv() { throw new IllegalStateException("pending"); }
    public NafCatalog naf() { throw new IllegalStateException("pending"); }
    public Geography geography() { throw new IllegalStateException("pending"); }
    public CpvNafAffinity affinity() { throw new IllegalStateException("pending"); }
}
