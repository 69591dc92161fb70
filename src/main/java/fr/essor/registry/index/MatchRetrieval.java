package fr.essor.registry.index;

import fr.essor.registry.Enterprise;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.document.FeatureField;
import org.apache.lucene.document.LatLonPoint;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.FieldDoc;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Scorer;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TopFieldCollectorManager;
import org.apache.lucene.search.TopFieldDocs;
import org.apache.lucene.search.Weight;
import org.apache.lucene.util.SloppyMath;

/**
 * Top-k candidates of a lot (DESIGN.md section 4): one MUST sub-query of SHOULD clauses holding the text terms
 * and the CPV prefixes (so nothing matches by a boost alone), FILTER clauses for eligibility and area, SHOULD
 * distance feature (only with its distance filter; without a point the disjunction stands alone and gets
 * Lucene's top-level pruning), SHOULD static headcount feature when {@link Boosts#HEADCOUNT} is on. Every clause
 * exposes a maximum score, so the collector skips blocks that cannot enter the top k.
 */
final class MatchRetrieval {
    private static final Sort BY_SCORE_THEN_SIRET =
            new Sort(SortField.FIELD_SCORE, new SortField(EnterpriseSchema.SIRET_ORDER, SortField.Type.LONG));

    private final FrenchTextAnalyzer analyzer;
    private final EnterpriseSchema schema;

    MatchRetrieval(FrenchTextAnalyzer analyzer, EnterpriseSchema schema) {
        this.analyzer = analyzer;
        this.schema = schema;
    }

    /** The query alone (for the benchmark and for tests of its shape); null when nothing can be relevant. */
    Query query(MatchRequest request, IndexReader reader) throws IOException {
        if (request.allowed() != null && request.allowed().isEmpty()) {
            return null;
        }
        BooleanQuery.Builder relevance = new BooleanQuery.Builder();
        int clauses = Queries.addTextClauses(relevance, terms(request).keySet(), reader, true);
        for (String code : codes(request)) {
            relevance.add(Queries.cpvClause(code), Occur.SHOULD);
            clauses++;
        }
        if (clauses == 0) {
            return null;
        }
        BooleanQuery.Builder query = new BooleanQuery.Builder().add(relevance.build(), Occur.MUST);
        if (request.allowed() != null) {
            query.add(Queries.categories(request.allowed()), Occur.FILTER);
        }
        GeoPoint point = request.point();
        if (point != null && request.maxDistanceKm() != null) {
            query.add(Queries.withinOrUnlocated(point.lat(), point.lon(), request.maxDistanceKm()), Occur.FILTER);
            query.add(LatLonPoint.newDistanceFeatureQuery(EnterpriseSchema.LOCATION, Boosts.DISTANCE,
                    point.lat(), point.lon(), Boosts.DISTANCE_PIVOT_KM * 1000), Occur.SHOULD);
        }
        if (Boosts.HEADCOUNT > 0) {
            query.add(FeatureField.newSaturationQuery(EnterpriseSchema.FEATURES, EnterpriseSchema.FEATURE_HEADCOUNT,
                    Boosts.HEADCOUNT, Boosts.HEADCOUNT_PIVOT), Occur.SHOULD);
        }
        return query.build();
    }

    List<MatchCandidate> run(IndexSearcher searcher, MatchRequest request) throws IOException {
        Query query = query(request, searcher.getIndexReader());
        if (query == null) {
            return List.of();
        }
        TopFieldDocs top = searcher.search(query, topK(request.k()));
        return explain(searcher, request, top.scoreDocs);
    }

    /** Score then SIRET; threshold k: once k hits are found the total need not be exact, so non-competitive blocks are skipped. */
    static TopFieldCollectorManager topK(int k) {
        return new TopFieldCollectorManager(BY_SCORE_THEN_SIRET, k, null, k);
    }

    /** What the explanation needs, for the returned candidates only. */
    private List<MatchCandidate> explain(IndexSearcher searcher, MatchRequest request, ScoreDoc[] hits) throws IOException {
        Map<String, String> words = terms(request);
        float[] textScores = textScores(searcher, words.keySet(), hits);
        List<String> codes = codes(request);
        Enterprise[] enterprises = StoredEnterprises.read(searcher, hits, 0);
        List<MatchCandidate> candidates = new ArrayList<>(hits.length);
        for (int i = 0; i < hits.length; i++) {
            FieldDoc hit = (FieldDoc) hits[i];
            Enterprise enterprise = enterprises[i];
            Set<String> indexed = schema.indexedTerms(enterprise, analyzer);
            List<String> matchedWords = words.entrySet().stream()
                    .filter(e -> indexed.contains(e.getKey())).map(Map.Entry::getValue).toList();
            Double distanceKm = null;
            if (request.point() != null && enterprise.hasLocation()) {
                distanceKm = SloppyMath.haversinMeters(request.point().lat(), request.point().lon(),
                        enterprise.latitude(), enterprise.longitude()) / 1000;
            }
            candidates.add(new MatchCandidate(enterprise, (Float) hit.fields[0], textScores[i],
                    cpvMatch(codes, enterprise), matchedWords, distanceKm));
        }
        return List.copyOf(candidates);
    }

    /** BM25 of the text clauses alone for each hit: one scorer per segment, advanced through the hits in doc order. */
    private static float[] textScores(IndexSearcher searcher, Set<String> terms, ScoreDoc[] hits) throws IOException {
        float[] scores = new float[hits.length];
        if (terms.isEmpty() || hits.length == 0) {
            return scores;
        }
        BooleanQuery.Builder text = new BooleanQuery.Builder();
        if (Queries.addTextClauses(text, terms, searcher.getIndexReader(), true) == 0) {
            return scores;
        }
        Weight weight = searcher.createWeight(searcher.rewrite(text.build()), ScoreMode.COMPLETE, 1f);
        Integer[] byDoc = new Integer[hits.length];
        Arrays.setAll(byDoc, i -> i);
        Arrays.sort(byDoc, Comparator.comparingInt(i -> hits[i].doc));
        List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
        LeafReaderContext leaf = null;
        Scorer scorer = null;
        for (int i : byDoc) {
            int doc = hits[i].doc;
            LeafReaderContext current = leaves.get(ReaderUtil.subIndex(doc, leaves));
            if (current != leaf) {
                leaf = current;
                scorer = weight.scorer(leaf);
            }
            if (scorer != null) {
                int target = doc - leaf.docBase;
                int at = scorer.docID() < target ? scorer.iterator().advance(target) : scorer.docID();
                if (at == target) {
                    scores[i] = scorer.score();
                }
            }
        }
        return scores;
    }

    /**
     * The best CPV overlap of the lot codes with the enterprise: the deepest prefix shared with a declared code;
     * CODE when a NAF-implied prefix is above a lot code (the enterprise is presumed to supply it); else the
     * deepest prefix shared with an implied prefix. Declared wins at equal level. The same rules as the query.
     */
    private MatchCandidate.CpvMatch cpvMatch(List<String> codes, Enterprise enterprise) {
        if (codes.isEmpty()) {
            return null;
        }
        Set<String> declared = EnterpriseSchema.declaredPrefixes(enterprise);
        List<String> cover = schema.impliedCover(enterprise);
        Set<String> implied = EnterpriseSchema.impliedPrefixes(cover);
        MatchCandidate.CpvMatch best = null;
        for (String code : codes) {
            List<String> levels = CpvOverlap.hierarchy(code);
            for (int i = levels.size() - 1; i >= 0; i--) {
                if (declared.contains(levels.get(i))) {
                    best = better(best, new MatchCandidate.CpvMatch(code, levels.get(i), CpvOverlap.ofPrefix(levels.get(i)), true));
                    break;
                }
            }
            for (String prefix : cover) {
                if (code.startsWith(prefix)) {
                    best = better(best, new MatchCandidate.CpvMatch(code, prefix, CpvOverlap.CODE, false));
                }
            }
            for (int i = levels.size() - 1; i >= 0; i--) {
                if (implied.contains(levels.get(i))) {
                    best = better(best, new MatchCandidate.CpvMatch(code, levels.get(i), CpvOverlap.ofPrefix(levels.get(i)), false));
                    break;
                }
            }
        }
        return best;
    }

    /** The higher level; at equal level, declared before implied, then the first found. */
    private static MatchCandidate.CpvMatch better(MatchCandidate.CpvMatch best, MatchCandidate.CpvMatch found) {
        if (best == null || found.level().value() > best.level().value()) {
            return found;
        }
        if (found.level() == best.level() && found.declared() && !best.declared()) {
            return found;
        }
        return best;
    }

    private Map<String, String> terms(MatchRequest request) {
        Map<String, String> all = analyzer.termsWithWords(EnterpriseSchema.NAME, request.text());
        Map<String, String> kept = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : all.entrySet()) {
            if (kept.size() == Queries.MAX_TERMS) {
                break;
            }
            kept.put(e.getKey(), e.getValue());
        }
        return kept;
    }

    private static List<String> codes(MatchRequest request) {
        List<String> codes = request.cpvCodes();
        return codes.size() > Queries.MAX_CPV_CODES ? codes.subList(0, Queries.MAX_CPV_CODES) : codes;
    }
}
