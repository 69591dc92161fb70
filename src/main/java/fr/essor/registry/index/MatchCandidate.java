package fr.essor.registry.index;

import fr.essor.registry.Enterprise;
import java.util.List;

/**
 * An enterprise retrieved for a lot, with what the explanation needs, computed for the returned candidates only.
 *
 * @param score        the Lucene score of the whole retrieval query (text + CPV + distance + headcount boosts)
 * @param textScore    the BM25 part alone (sum over terms and fields, with the field boosts of {@link Boosts}); 0 when no word matched
 * @param cpvMatch     the deepest CPV overlap between the lot codes and the enterprise's declared or NAF-implied
 *                     prefixes (declared preferred at equal depth); null when none
 * @param matchedWords the lot's words (as the lot wrote them, first form of each analysed term) found in the
 *                     enterprise's indexed text, in the lot's order
 * @param distanceKm   from the lot's point; null when either location is unknown
 */
public record MatchCandidate(Enterprise enterprise, float score, float textScore, CpvMatch cpvMatch,
                             List<String> matchedWords, Double distanceKm) {

    /**
     * @param lotCode the lot code (8 digits) that matched
     * @param prefix  the deepest shared prefix (2 to 8 digits)
     * @param level   its level, with the DESIGN.md fraction in {@link CpvOverlap#value()}
     * @param declared true when the enterprise declared a code under that prefix, false when only its NAF implies it
     */
    public record CpvMatch(String lotCode, String prefix, CpvOverlap level, boolean declared) {
    }
}
