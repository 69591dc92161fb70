package fr.essor.registry.index;

import fr.essor.registry.Enterprise;
import java.util.List;

/**
 * An enterprise retrieved for a lot, with what its score needs, computed for the returned candidates only.
 *
 * @param enterprise its scoring view ({@link ScoringView}): its name, no address; whole enterprises (the CSV) come
 *                   from {@link EnterpriseIndex#enterprises}
 * @param score      the Lucene score of the whole retrieval query (activity clauses + distance feature), for
 *                   choosing candidates only (not comparable across lots)
 * @param textScore  the BM25 part alone: sum over the query's terms and fields (name ×1.5, activity ×1, see
 *                   {@link Boosts}), common terms left out as in the query; 0 when no word matched. Unbounded:
 *                   saturate it for the [0, 1] text component
 * @param sharedTerms the lot's analysed terms its text fields hold, in the lot's order, when textScore is above 0
 *                    (common terms included); empty otherwise
 * @param distanceKm from the lot's point to the site; null when either location is unknown
 */
public record MatchCandidate(Enterprise enterprise, float score, float textScore, List<String> sharedTerms,
                             Double distanceKm) {
}
