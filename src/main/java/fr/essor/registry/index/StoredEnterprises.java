package fr.essor.registry.index;

import fr.essor.registry.EnterpriseJson;

import fr.essor.registry.Enterprise;
import java.io.IOException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Set;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ScoreDoc;

/** Reads the stored enterprises of hits. */
final class StoredEnterprises {
    private static final Set<String> SOURCE_ONLY = Set.of(EnterpriseSchema.SOURCE);

    private StoredEnterprises() {
    }

    /**
     * The enterprises of hits[from..], in the hits' order. Read in document order: stored fields are compressed
     * in blocks of many documents, and one reader decompresses a block once for all its hits.
     */
    static Enterprise[] read(IndexSearcher searcher, ScoreDoc[] hits, int from) throws IOException {
        int n = Math.max(0, hits.length - from);
        Integer[] byDoc = new Integer[n];
        Arrays.setAll(byDoc, i -> from + i);
        Arrays.sort(byDoc, Comparator.comparingInt(i -> hits[i].doc));
        StoredFields stored = searcher.storedFields();
        Enterprise[] enterprises = new Enterprise[n];
        for (int i : byDoc) {
            enterprises[i - from] = EnterpriseJson.fromStored(stored.document(hits[i].doc, SOURCE_ONLY).get(EnterpriseSchema.SOURCE));
        }
        return enterprises;
    }
}
