package fr.essor.registry.index;

import fr.essor.registry.Enterprise;
import java.util.List;

/**
 * An enterprise retrieved for a lot, with what the explanation needs, computed for the returned candidates only.
 *
 * @param score        the Lucene score of the whole retrieval query (text + CPV + distance feature), for ranking
 *                     candidates only (not comparable across lots)
 * @param textScore    the BM25 part alone: sum over the query's terms and fields (name ×1.5, activity ×1, see
 *                     {@link Boosts}), common terms left out as in the query; 0 when no word matched. Unbounded:
 *                     saturate it for the [0, 1] text component
 * @param cpvMatch     the best CPV overlap of the lot codes with the enterprise (see {@link CpvMatch}); null when none
 * @param matchedWords the lot's words (as the lot wrote them, first form of each analysed term) found anywhere in
 *                     the enterprise's text fields (name, description, NAF label, CPV labels), in the lot's order
 * @param distanceKm   from the lot's point to the site; null when either location is unknown
 */
public record MatchCandidate(Enterprise enterprise, float score, float textScore, CpvMatch cpvMatch,
                             List<String> matchedWords, Double distanceKm) {

    /**
     * The best overlap, by level: a declared code sharing the lot code's prefixes down to {@code prefix}; or a
     * prefix the NAF implies above the lot code (the enterprise is presumed to supply every code under it: level
     * CODE, {@code prefix} is the implied one); or an implied prefix sharing levels with it. Declared wins ties.
     *
     * @param lotCode  the lot code (8 digits) that matched
     * @param prefix   the shared prefix (2 to 8 digits), or the covering implied prefix
     * @param level    its level, with the DESIGN.md fraction in {@link CpvOverlap#value()}
     * @param declared true when from a declared code, false when from the NAF activity (CpvNafAffinity)
     */
    public record CpvMatch(String lotCode, String prefix, CpvOverlap level, boolean declared) {
    }
}
