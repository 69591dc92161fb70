package fr.essor.matching;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Analyses text with the index's analyzer to tell which terms a lot and an enterprise share: the text component's
 * explanation. Terms are keyed by their analysed form and shown as first written in the lot.
 */
public final class TermExtractor {
    private static final String FIELD = "text";
    private final Analyzer analyzer;

    public TermExtractor(Analyzer analyzer) {
        this.analyzer = analyzer;
    }

    /** Analysed term → the word it was first read from, in text order. */
    public Map<String, String> terms(String text) {
        Map<String, String> terms = new LinkedHashMap<>();
        if (text == null || text.isBlank()) {
            return terms;
        }
        try (TokenStream ts = analyzer.tokenStream(FIELD, text)) {
            CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
            OffsetAttribute offset = ts.addAttribute(OffsetAttribute.class);
            ts.reset();
            while (ts.incrementToken()) {
                String t = term.toString();
                if (!t.isEmpty()) {
                    terms.putIfAbsent(t, text.substring(offset.startOffset(), offset.endOffset()).toLowerCase(java.util.Locale.ROOT));
                }
            }
            ts.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return terms;
    }

    /** The lot's words whose analysed form also occurs in the enterprise's text, in the lot's order. */
    public List<String> shared(Map<String, String> lotTerms, String enterpriseText) {
        Set<String> other = terms(enterpriseText).keySet();
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, String> e : lotTerms.entrySet()) {
            if (other.contains(e.getKey())) {
                out.add(e.getValue());
            }
        }
        return out;
    }
}
