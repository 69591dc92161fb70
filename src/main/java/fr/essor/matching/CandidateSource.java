package fr.essor.matching;

import java.util.List;

/**
 * Retrieval of candidate enterprises for a lot: the registry index (Lucene). Blocking: call it from a worker.
 */
@FunctionalInterface
public interface CandidateSource {
    List<Candidate> retrieve(RetrievalQuery query);
}
