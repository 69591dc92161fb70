package fr.essor.matching;

import fr.essor.registry.Enterprise;

import java.util.List;

/**
 * An enterprise the index retrieved for a lot.
 *
 * @param textScore    BM25 score of the lot's text against the enterprise (0 when it matched through CPV only)
 * @param distanceKm   from the lot's place to the enterprise's site; null when either is unknown
 * @param matchedWords the lot's words found in the enterprise's indexed text, as the lot wrote them; null when the
 *                     source does not tell (the matcher then finds them with its {@link TermExtractor})
 */
public record Candidate(Enterprise enterprise, double textScore, Double distanceKm, List<String> matchedWords) {
    public Candidate {
        matchedWords = matchedWords == null ? null : List.copyOf(matchedWords);
    }
}
