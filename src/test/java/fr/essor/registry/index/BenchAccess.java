package fr.essor.registry.index;

import java.io.IOException;
import org.apache.lucene.search.Query;

/** What the benchmark (fr.essor.bench) times below the public API: the Lucene retrieval alone. */
public final class BenchAccess {
    private BenchAccess() {
    }

    /** Builds the retrieval query of a lot and collects its top k by score then SIRET; returns the hits kept. */
    public static int topK(EnterpriseIndex index, CandidateQuery request) throws IOException {
        return index.withSearcher(searcher -> {
            Query query = index.matchQuery(request, searcher);
            return query == null ? 0 : searcher.search(query, MatchRetrieval.topK(request.k())).scoreDocs.length;
        });
    }

    /** The retrieval query, as a string (to see what a lot asks). */
    public static String describe(EnterpriseIndex index, CandidateQuery request) throws IOException {
        return index.withSearcher(searcher -> String.valueOf(index.matchQuery(request, searcher)));
    }
}
