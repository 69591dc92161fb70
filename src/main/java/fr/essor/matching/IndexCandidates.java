package fr.essor.matching;

import fr.essor.registry.Enterprise;
import fr.essor.registry.index.CandidateQuery;
import fr.essor.registry.index.EnterpriseIndex;
import fr.essor.registry.index.MatchCandidates;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.Map;

/** The registry's Lucene index as the matcher's candidate source. Blocking: call from a worker. */
public final class IndexCandidates implements CandidateSource {
    private final EnterpriseIndex index;

    public IndexCandidates(EnterpriseIndex index) {
        this.index = index;
    }

    @Override
    public MatchCandidates retrieve(CandidateQuery query) {
        try {
            return index.match(query);
        } catch (IOException e) {
            throw new UncheckedIOException("index retrieval failed", e);
        }
    }

    @Override
    public Map<String, Enterprise> enterprises(Collection<String> sirets) {
        try {
            return index.enterprises(sirets);
        } catch (IOException e) {
            throw new UncheckedIOException("index read failed", e);
        }
    }
}
