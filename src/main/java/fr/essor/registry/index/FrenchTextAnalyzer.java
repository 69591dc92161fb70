package fr.essor.registry.index;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.StopFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.fr.FrenchAnalyzer;
import org.apache.lucene.analysis.fr.FrenchLightStemFilter;
import org.apache.lucene.analysis.miscellaneous.ASCIIFoldingFilter;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;
import org.apache.lucene.analysis.util.ElisionFilter;

/**
 * French analysis for every text field, at index and query time (one chain, so a query term always
 * meets the indexed form): "L’Entretien des Bâtiments" → [entretien, batiment].
 * Thread-safe: Lucene analyzers reuse token streams per thread.
 */
public final class FrenchTextAnalyzer extends Analyzer {

    @Override
    protected TokenStreamComponents createComponents(String fieldName) {
        Tokenizer source = new StandardTokenizer();
        // l’entretien → entretien; both ' and ’ are elision marks, matched case-insensitively
        TokenStream result = new ElisionFilter(source, FrenchAnalyzer.DEFAULT_ARTICLES);
        result = new LowerCaseFilter(result);
        // the stop list is written with accents, so it runs before folding
        result = new StopFilter(result, FrenchAnalyzer.getDefaultStopSet());
        // "bâtiment" and "batiment" (names are often written in capitals without accents) meet
        result = new ASCIIFoldingFilter(result);
        result = new FrenchLightStemFilter(result);
        return new TokenStreamComponents(source, result);
    }

    @Override
    protected TokenStream normalize(String fieldName, TokenStream in) {
        return new ASCIIFoldingFilter(new LowerCaseFilter(in));
    }

    /** The distinct analysed terms of a text, in order of first appearance. */
    public Set<String> terms(String field, String text) {
        return termsWithWords(field, text).keySet();
    }

    /**
     * The distinct analysed terms of a text, each with the word it first came from ("Locaux" → locau ← "Locaux"),
     * so an explanation can quote the words a reader wrote rather than stems.
     */
    public Map<String, String> termsWithWords(String field, String text) {
        Map<String, String> terms = new LinkedHashMap<>();
        if (text == null || text.isBlank()) {
            return terms;
        }
        try (TokenStream stream = tokenStream(field, text)) {
            CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
            OffsetAttribute offset = stream.addAttribute(OffsetAttribute.class);
            stream.reset();
            while (stream.incrementToken()) {
                terms.putIfAbsent(term.toString(), withoutElision(text.substring(offset.startOffset(), offset.endOffset())));
            }
            stream.end();
        } catch (IOException e) {
            throw new UncheckedIOException("analysing a string cannot fail", e);
        }
        return terms;
    }

    /** "l’entretien" → "entretien", as the elision filter read it. */
    private static String withoutElision(String word) {
        int mark = Math.max(word.lastIndexOf('\''), word.lastIndexOf('\u2019'));
        if (mark > 0 && FrenchAnalyzer.DEFAULT_ARTICLES.contains(word.substring(0, mark))) {
            return word.substring(mark + 1);
        }
        return word;
    }
}
