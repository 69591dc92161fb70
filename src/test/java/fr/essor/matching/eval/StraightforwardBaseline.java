package fr.essor.matching.eval;

import fr.essor.reference.NafCatalog;
import fr.essor.registry.Enterprise;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.fr.FrenchAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.store.ByteBuffersDirectory;

import java.io.IOException;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The straightforward approach essor must beat: BM25 (Lucene's stock French analyzer) of the lot's title and
 * description over each enterprise's name + NAF activity label + description, multiplied by a distance decay
 * that halves every 50 km (× 0.5 when the enterprise is not located).
 */
final class StraightforwardBaseline implements AutoCloseable {
    static final double HALF_KM = 50;
    private final Analyzer analyzer = new FrenchAnalyzer();
    private final ByteBuffersDirectory directory = new ByteBuffersDirectory();
    private final DirectoryReader reader;
    private final IndexSearcher searcher;

    StraightforwardBaseline(Iterable<Enterprise> enterprises, NafCatalog naf) throws IOException {
        try (IndexWriter writer = new IndexWriter(directory, new IndexWriterConfig(analyzer))) {
            for (Enterprise e : enterprises) {
                String label = e.naf() == null ? "" : naf.find(e.naf()).map(NafCatalog.NafCode::label).orElse("");
                String text = String.join("\n", e.name(), label, e.description() == null ? "" : e.description());
                Document d = new Document();
                d.add(new StoredField("siret", e.siret()));
                d.add(new TextField("text", text, Field.Store.NO));
                writer.addDocument(d);
            }
        }
        reader = DirectoryReader.open(directory);
        searcher = new IndexSearcher(reader);
    }

    /** BM25 score of every enterprise matching at least one term of the query, by SIRET. */
    Map<String, Double> bm25(String query) throws IOException {
        BooleanQuery.Builder q = new BooleanQuery.Builder();
        Set<String> terms = new LinkedHashSet<>();
        try (TokenStream ts = analyzer.tokenStream("text", query)) {
            CharTermAttribute t = ts.addAttribute(CharTermAttribute.class);
            ts.reset();
            while (ts.incrementToken()) {
                terms.add(t.toString());
            }
            ts.end();
        }
        for (String term : terms) {
            q.add(new TermQuery(new Term("text", term)), BooleanClause.Occur.SHOULD);
        }
        Map<String, Double> scores = new HashMap<>();
        for (ScoreDoc sd : searcher.search(q.build(), Math.max(1, reader.maxDoc())).scoreDocs) {
            scores.put(searcher.storedFields().document(sd.doc).get("siret"), (double) sd.score);
        }
        return scores;
    }

    /** SIRETs of the scored enterprises by BM25 × distance decay, best first, ties by SIRET. */
    static List<String> ranked(Map<String, Double> bm25, Map<String, Double> distances) {
        return bm25.entrySet().stream()
                .map(e -> Map.entry(e.getKey(), e.getValue() * decay(distances.get(e.getKey()))))
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .map(Map.Entry::getKey).toList();
    }

    static double decay(Double km) {
        return km == null ? 0.5 : Math.pow(0.5, km / HALF_KM);
    }

    @Override
    public void close() throws IOException {
        reader.close();
        directory.close();
    }
}
