package fr.essor.registry.index;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.TermStates;
import org.apache.lucene.search.IndexSearcher;

/**
 * The statistics of text terms on the current reader, kept until the reader changes (a refresh after a registry
 * write): lots repeat their words (the lots of one notice, the labels of common CPV codes), and looking each term up
 * in every segment of both text fields was a sixth of the automatic matching (measured). Thread-safe and bounded.
 */
final class TermLookups {
    /** Distinct terms kept for one reader; then it starts again (French procurement texts use far fewer). */
    private static final int MAX_TERMS = 100_000;

    private record Cache(IndexReader reader, ConcurrentHashMap<String, TermStates[]> byTerm) {
    }

    private volatile Cache cache = new Cache(null, new ConcurrentHashMap<>());

    /**
     * The term's statistics in each of {@link EnterpriseSchema#TEXT_FIELDS} (null where the field lacks it), valid on
     * this searcher's reader.
     */
    TermStates[] of(IndexSearcher searcher, String term) throws IOException {
        IndexReader reader = searcher.getIndexReader();
        Cache current = cache;
        if (current.reader() != reader || current.byTerm().size() >= MAX_TERMS) {
            current = new Cache(reader, new ConcurrentHashMap<>());
            cache = current;
        }
        TermStates[] found = current.byTerm().get(term);
        if (found == null) {
            found = lookUp(searcher, term);
            current.byTerm().put(term, found);
        }
        return found;
    }

    private static TermStates[] lookUp(IndexSearcher searcher, String term) throws IOException {
        // segment after segment on this thread: the searcher's executor would make a task of each segment, costlier
        // than the lookup itself; the same reader context, so the states are valid on searcher
        IndexSearcher lookups = new IndexSearcher(searcher.getTopReaderContext());
        List<String> fields = EnterpriseSchema.TEXT_FIELDS;
        TermStates[] byField = new TermStates[fields.size()];
        for (int f = 0; f < byField.length; f++) {
            TermStates states = TermStates.build(lookups, new Term(fields.get(f), term), true);
            byField[f] = states.docFreq() > 0 ? states : null;
        }
        return byField;
    }
}
