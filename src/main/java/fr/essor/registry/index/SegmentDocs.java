package fr.essor.registry.index;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.util.BitSetIterator;
import org.apache.lucene.search.ConstantScoreScorer;
import org.apache.lucene.search.ConstantScoreWeight;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.QueryVisitor;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Scorer;
import org.apache.lucene.search.Weight;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.FixedBitSet;

/**
 * The live documents a filter matches on one searcher, found once per segment and then both counted and used as
 * the filter of the top-k query. A match asks both "how many candidates" and "which are the best k": as two
 * searches, the reach filter (a distance query: a predicate built and every point within the retrieval distance
 * visited) was evaluated twice per question. Valid only on the searcher it was computed on; never cached.
 */
final class SegmentDocs extends Query {
    private final LeafReader[] readers;
    private final FixedBitSet[] docs;
    private final int[] counts;
    private final int count;

    private SegmentDocs(LeafReader[] readers, FixedBitSet[] docs, int[] counts) {
        this.readers = readers;
        this.docs = docs;
        this.counts = counts;
        int sum = 0;
        for (int c : counts) {
            sum += c;
        }
        this.count = sum;
    }

    /** The filter's live matching documents on the searcher, the segments read concurrently as its searches are. */
    static SegmentDocs of(IndexSearcher searcher, Query filter) throws IOException {
        List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
        LeafReader[] readers = new LeafReader[leaves.size()];
        FixedBitSet[] docs = new FixedBitSet[leaves.size()];
        int[] counts = new int[leaves.size()];
        Weight weight = searcher.createWeight(searcher.rewrite(filter), ScoreMode.COMPLETE_NO_SCORES, 1f);
        List<Callable<Void>> segments = new ArrayList<>(leaves.size());
        for (LeafReaderContext leaf : leaves) {
            readers[leaf.ord] = leaf.reader();
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
                    docs[leaf.ord] = set;
                    counts[leaf.ord] = n;
                }
                return null;
            });
        }
        searcher.getTaskExecutor().invokeAll(segments);
        return new SegmentDocs(readers, docs, counts);
    }

    /** How many live documents match. */
    int count() {
        return count;
    }

    @Override
    public Weight createWeight(IndexSearcher searcher, ScoreMode scoreMode, float boost) {
        return new ConstantScoreWeight(this, boost) {
            @Override
            public Scorer scorer(LeafReaderContext leaf) {
                if (leaf.ord >= readers.length || readers[leaf.ord] != leaf.reader()) {
                    throw new IllegalStateException("segment documents read on another searcher than theirs");
                }
                FixedBitSet set = docs[leaf.ord];
                return set == null ? null
                        : new ConstantScoreScorer(this, score(), scoreMode, new BitSetIterator(set, counts[leaf.ord]));
            }

            @Override
            public boolean isCacheable(LeafReaderContext leaf) {
                return false; // one question's documents
            }
        };
    }

    @Override
    public void visit(QueryVisitor visitor) {
        visitor.visitLeaf(this);
    }

    @Override
    public String toString(String field) {
        return "SegmentDocs(" + count + " documents)";
    }

    @Override
    public boolean equals(Object other) {
        return this == other;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }
}
