package fr.essor.registry.index;

import java.util.Map;

/**
 * The weights of the retrieval query (Lucene side only: they decide which candidates come back and in what
 * order; the explained score of DESIGN.md section 4 is computed from the components afterwards).
 */
public final class Boosts {
    /** Per text field, multiplied into BM25: a word of the name says more than a word of the activity. */
    public static final Map<String, Float> TEXT_FIELDS = Map.of(
            EnterpriseSchema.NAME, 1.5f,
            EnterpriseSchema.ACTIVITY, 1.0f);
    /**
     * A term found in more than this fraction of the enterprises' field is left out of the query (unless the
     * query has nothing else): its BM25 weight is small (idf below 1.6) and its postings list is the longest to
     * walk. Like CommonTermsQuery, for several fields.
     */
    public static final double COMMON_TERM_FRACTION = 0.2;
    /**
     * A CPV overlap scores CPV × level ({@link CpvOverlap#value()}: 8 digits 1.0 ... division 0.2), constant
     * (not BM25, so a rare code does not outweigh a deeper match): about what two or three matching words give.
     */
    public static final float CPV = 6.0f;
    /** A prefix implied by the NAF code weighs this fraction of a declared one. */
    public static final float NAF_IMPLIED = 0.6f;
    /**
     * An enterprise whose activity is unknown (ActivityEvidence) gets this constant in place of the activity
     * clauses: about what one matching word of the name, or half a NAF-implied class, gives; so at equal distance
     * a clear match comes first, then the unknown, then the enterprises of another trade (score 0 there).
     */
    public static final float UNKNOWN_ACTIVITY = 3.0f;
    /**
     * Activity granted by category (the SIAE of an insertion lot): value × this, about a strong match (a declared
     * code, 6, and a word or two), so that every SIAE of an insertion lot competes with the best matches.
     */
    public static final float GRANTED_ACTIVITY = 8.0f;
    /** Distance feature: weight × pivot / (pivot + distance). */
    public static final float DISTANCE = 2.0f;
    public static final double DISTANCE_PIVOT_KM = 20;
    /**
     * Headcount saturation (FeatureField): weight × h / (h + pivot); unknown is neutral. Off (0): measured on
     * 200,000 enterprises, this one SHOULD clause takes the MUST disjunction out of Lucene's top-level pruning
     * and makes it score every match (text only: p50 1.0 → 5.4 ms; full query 2.7 → 4.6 ms), for a tie-breaker
     * the matching scores anyway (capacity, from the stored headcount). A positive weight puts it back.
     */
    public static final float HEADCOUNT = 0f;
    public static final float HEADCOUNT_PIVOT = 20f;

    private Boosts() {
    }
}
