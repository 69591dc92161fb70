package fr.essor.matching;

import fr.essor.registry.index.EnterpriseIndex;
import fr.essor.registry.index.GeoPoint;
import fr.essor.registry.index.MatchCandidate;
import fr.essor.registry.index.MatchRequest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** The registry's Lucene index as the matcher's candidate source. Blocking: call from a worker. */
public final class IndexCandidates implements CandidateSource {
    /** The most candidates the index returns for one question. */
    public static final int MAX_K = MatchRequest.MAX_K;

    private final EnterpriseIndex index;

    public IndexCandidates(EnterpriseIndex index) {
        this.index = index;
    }

    /** The index's question for a retrieval query. */
    public static MatchRequest indexRequest(RetrievalQuery q) {
        GeoPoint point = q.lat() == null || q.lon() == null ? null : new GeoPoint(q.lat(), q.lon());
        return new MatchRequest(q.text(), q.cpv(), point, q.allowedCategories(),
                point == null ? null : q.maxDistanceKm(), Math.max(1, Math.min(MAX_K, q.k())));
    }

    @Override
    public List<Candidate> retrieve(RetrievalQuery q) {
        MatchRequest request = indexRequest(q);
        try {
            List<Candidate> out = new ArrayList<>();
            for (MatchCandidate m : index.match(request)) {
                out.add(new Candidate(m.enterprise(), m.textScore(), m.distanceKm(), m.matchedWords()));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("index retrieval failed", e);
        }
    }
}
