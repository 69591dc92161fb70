package fr.essor.registry.index;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.search.BulkScorer;
import org.apache.lucene.search.CollectionTerminatedException;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.LeafCollector;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Scorer;
import org.apache.lucene.search.TopFieldCollector;
import org.apache.lucene.search.TopFieldCollectorManager;
import org.apache.lucene.search.TopFieldDocs;
import org.apache.lucene.search.Weight;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.FixedBitSet;

/**
 * The candidates of a question on one searcher: the live documents its filter matches, found once per segment, then
 * counted and searched among. A match asks both "how many candidates" and "which are the best k": as two searches,
 * the reach filter (a distance query: a predicate built and every point within the retrieval distance visited) was
 * evaluated twice per question. Valid only on the searcher it was computed on; never cached.
 */
final class SegmentDocs {
    private final IndexSearcher searcher;
    /** Per segment (leaf ord): the accepted documents, null for none. */
    private final Bits[] docs;
    private final int count;

    private SegmentDocs(IndexSearcher searcher, Bits[] docs, int count) {
        this.searcher = searcher;
        this.docs = docs;
        this.count = count;
    }

    /** The filter's live matching documents on the searcher, the segments read concurrently as its searches are. */
    static SegmentDocs of(IndexSearcher searcher, Query filter) throws IOException {
        List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
        Bits[] docs = new Bits[leaves.size()];
        int[] counts = new int[leaves.size()];
        Weight weight = searcher.createWeight(searcher.rewrite(filter), ScoreMode.COMPLETE_NO_SCORES, 1f);
        List<Callable<Void>> segments = new ArrayList<>(leaves.size());
        for (LeafReaderContext leaf : leaves) {
            segments.add(() -> {
                Scorer scorer = weight.scorer(leaf);
                if (scorer != null) {
                    Bits live = leaf.reader().getLiveDocs();
                    FixedBitSet set = new FixedBitSet(leaf.reader().maxDoc());
                    DocIdSetIterator it = scorer.iterator();
                    int n = 0;
                    for (int doc = it.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = it.nextDoc()) {
                        if (live == null || live.get(doc)) {
                            set.set(doc);
                            n++;
                        }
                    }
                    docs[leaf.ord] = n == 0 ? null : set;
                    counts[leaf.ord] = n;
                }
                return null;
            });
        }
        searcher.getTaskExecutor().invokeAll(segments);
        int sum = 0;
        for (int c : counts) {
            sum += c;
        }
        return new SegmentDocs(searcher, docs, sum);
    }

    /** Every live document of the searcher (a question that filters nothing). */
    static SegmentDocs live(IndexSearcher searcher) {
        List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
        Bits[] docs = new Bits[leaves.size()];
        for (LeafReaderContext leaf : leaves) {
            Bits live = leaf.reader().getLiveDocs();
            int maxDoc = leaf.reader().maxDoc();
            docs[leaf.ord] = leaf.reader().numDocs() == 0 ? null : live != null ? live : new Bits.MatchAllBits(maxDoc);
        }
        return new SegmentDocs(searcher, docs, searcher.getIndexReader().numDocs());
    }

    /** How many live documents are candidates. */
    int count() {
        return count;
    }

    /**
     * The top hits of {@code ordering} among these documents: the ordering disjunction scored alone, the documents as
     * what each segment accepts. Lucene then scores it with its MaxScore bulk scorer, which walks only the clauses
     * that can still lift a document into the top k and checks the others and the acceptance per document; as a
     * FILTER beside it, the conjunction advanced every clause of the disjunction to each candidate in reach (measured
     * on the match benchmark's questions, the same hits in the same order: 200,000 enterprises p50 13.1 → 7.7 ms,
     * a million 33.9 → 27.5 ms). The searcher's slices of segments are searched concurrently, as a search does.
     */
    TopFieldDocs top(Query ordering, TopFieldCollectorManager manager) throws IOException {
        IndexSearcher.LeafSlice[] slices = searcher.getSlices();
        List<TopFieldCollector> collectors = new ArrayList<>(slices.length);
        for (int i = 0; i < slices.length; i++) {
            collectors.add(manager.newCollector());
        }
        if (collectors.isEmpty()) {
            return manager.reduce(List.of(manager.newCollector()));
        }
        Weight weight = searcher.createWeight(searcher.rewrite(ordering), collectors.get(0).scoreMode(), 1f);
        List<Callable<Void>> tasks = new ArrayList<>(slices.length);
        for (int i = 0; i < slices.length; i++) {
            IndexSearcher.LeafSlice slice = slices[i];
            TopFieldCollector collector = collectors.get(i);
            // a slice's segments in turn, with one collector: its competitive score carries from one to the next
            tasks.add(() -> {
                for (LeafReaderContext leaf : slice.leaves) {
                    if (docs[leaf.ord] != null) {
                        search(weight, leaf, docs[leaf.ord], collector);
                    }
                }
                return null;
            });
        }
        searcher.getTaskExecutor().invokeAll(tasks);
        return manager.reduce(collectors);
    }

    /** One segment, as IndexSearcher searches a leaf but with the accepted documents in place of the live ones. */
    private static void search(Weight weight, LeafReaderContext leaf, Bits accepted, TopFieldCollector collector)
            throws IOException {
        LeafCollector leafCollector;
        try {
            leafCollector = collector.getLeafCollector(leaf);
        } catch (CollectionTerminatedException e) {
            return;
        }
        BulkScorer scorer = weight.bulkScorer(leaf);
        if (scorer != null) {
            try {
                scorer.score(leafCollector, accepted);
            } catch (CollectionTerminatedException e) {
                // the collector needs no more of this segment
            }
        }
        leafCollector.finish();
    }
}
