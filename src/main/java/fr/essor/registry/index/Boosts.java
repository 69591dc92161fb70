package fr.essor.registry.index;

import java.util.Map;

/**
 * The weights of the retrieval query (Lucene side only: they decide which candidates come back and in what
 * order; the explained score of DESIGN.md section 4 is computed from the components afterwards).
 */
public final class Boosts {
    /** Per text field, multiplied into BM25: the name says most, labels inferred from the NAF code least. */
    public static final Map<String, Float> TEXT_FIELDS = Map.of(
            EnterpriseSchema.NAME, 2.0f,
            EnterpriseSchema.DESCRIPTION, 1.0f,
            EnterpriseSchema.NAF_LABEL, 1.0f,
            EnterpriseSchema.CPV_LABEL, 1.0f,
            EnterpriseSchema.NAF_CPV_LABEL, 0.5f);
    /**
     * A CPV overlap scores CPV × level ({@link CpvOverlap#value()}: 8 digits 1.0 ... division 0.2), constant
     * (not BM25, so a rare code does not outweigh a deeper match): about what two or three matching words give.
     */
    public static final float CPV = 6.0f;
    /** A prefix implied by the NAF code weighs this fraction of a declared one. */
    public static final float NAF_IMPLIED = 0.6f;
    /** Distance feature: weight × pivot / (pivot + distance). */
    public static final float DISTANCE = 2.0f;
    public static final double DISTANCE_PIVOT_KM = 20;
    /** Headcount saturation: weight × h / (h + pivot); a small tie-breaker for capacity, unknown is neutral. */
    public static final float HEADCOUNT = 0.5f;
    public static final float HEADCOUNT_PIVOT = 20f;

    private Boosts() {
    }
}
