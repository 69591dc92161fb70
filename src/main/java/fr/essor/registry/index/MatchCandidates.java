package fr.essor.registry.index;

import java.util.List;

/**
 * The top candidates of a lot and how many enterprises are candidates at all (eligible and within reach).
 *
 * @param total      candidates counted, exactly up to {@link MatchRetrieval#COUNT_LIMIT}
 * @param totalExact false when the count stopped at the limit (answered as {@code totalRelation: gte})
 */
public record MatchCandidates(List<MatchCandidate> candidates, int total, boolean totalExact) {
    public MatchCandidates {
        candidates = List.copyOf(candidates);
    }
}
