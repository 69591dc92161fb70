package fr.essor.matching;

import fr.essor.registry.index.CandidateQuery;
import fr.essor.registry.index.MatchCandidates;

/**
 * Retrieval of candidate enterprises for a lot: the registry index (Lucene). Blocking: call it from a worker.
 */
@FunctionalInterface
public interface CandidateSource {
    MatchCandidates retrieve(CandidateQuery query);
}
