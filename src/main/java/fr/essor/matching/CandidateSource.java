package fr.essor.matching;

import fr.essor.registry.Enterprise;
import fr.essor.registry.index.CandidateQuery;
import fr.essor.registry.index.MatchCandidates;

import java.util.Collection;
import java.util.Map;

/**
 * Retrieval of candidate enterprises for a lot: the registry index (Lucene). Blocking: call it from a worker.
 */
public interface CandidateSource {
    /** The candidates, each with its scoring view of the enterprise. */
    MatchCandidates retrieve(CandidateQuery query);

    /** The whole enterprises of these SIRETs (a page of matches), by SIRET; an enterprise deleted since is absent. */
    Map<String, Enterprise> enterprises(Collection<String> sirets);
}
