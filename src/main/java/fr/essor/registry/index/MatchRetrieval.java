package fr.essor.registry.index;

import fr.essor.registry.Category;
import fr.essor.registry.Enterprise;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.lucene.document.IntPoint;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.ConstantScoreQuery;
import org.apache.lucene.search.DisjunctionMaxQuery;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.document.FeatureField;
import org.apache.lucene.document.LatLonPoint;
import org.apache.lucene.index.BinaryDocValues;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.TermState;
import org.apache.lucene.index.TermStates;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.util.BytesRef;
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
 * Top-k candidates of a lot (DESIGN.md section 4). The candidates are the eligible enterprises within reach: FILTER
 * clauses for eligibility (categories) and reach (the retrieval distance, enterprises without a location, an
 * intervention area listing the place's département or région, or an own radius covering the place). SHOULD
 * clauses only order them: the activity (a disjunction of the text terms and the CPV prefixes), a constant for an
 * enterprise whose activity is unknown, a constant for the categories whose activity the lot's object grants
 * (insertion lots), and the distance feature. They form one disjunction, scored alone among the candidates' documents
 * ({@link SegmentDocs#top}); every clause exposes a maximum score, so Lucene's MaxScore bulk scorer skips what cannot
 * enter the top k.
 */
final class MatchRetrieval {
    /** Candidates are reported exactly up to this many, then the total says only "more" (a lower bound). */
    static final int COUNT_LIMIT = 10_000;
    private static final Sort BY_SCORE_THEN_SIRET =
            new Sort(SortField.FIELD_SCORE, new SortField(EnterpriseSchema.SIRET_ORDER, SortField.Type.LONG));

    private final FrenchTextAnalyzer analyzer;
    private final TermLookups lookups;

    MatchRetrieval(FrenchTextAnalyzer analyzer, TermLookups lookups) {
        this.analyzer = analyzer;
        this.lookups = lookups;
    }

    /** The query alone (for the benchmark and for tests of its shape); null when no enterprise may bid. */
    Query query(CandidateQuery request, IndexSearcher searcher) throws IOException {
        Query candidates = candidates(request);
        return candidates == null ? null : query(request, Queries.textClauses(queryTerms(lotTerms(request)), searcher, lookups, true), candidates);
    }

    /** The ordering clauses (the text ones given), the candidates as the filter: what {@link #run} searches, as one query. */
    private Query query(CandidateQuery request, List<Query> textClauses, Query candidates) {
        return new BooleanQuery.Builder().add(ordering(request, textClauses), Occur.MUST).add(candidates, Occur.FILTER).build();
    }

    /** The ordering clauses (the text ones given) as one disjunction. */
    private Query ordering(CandidateQuery request, List<Query> textClauses) {
        // one disjunction, scored alone among the candidates (SegmentDocs#top): Lucene skips the documents that cannot
        // enter the top k; as SHOULD clauses beside a FILTER they were summed for every candidate in reach (a million
        // enterprises: ~100 ms a lot). A zero-score clause matching every document keeps the candidates no clause
        // matches in the ranking, as before.
        BooleanQuery.Builder query = new BooleanQuery.Builder()
                .add(new BoostQuery(new ConstantScoreQuery(new MatchAllDocsQuery()), 0f), Occur.SHOULD);
        BooleanQuery.Builder relevance = new BooleanQuery.Builder();
        textClauses.forEach(q -> relevance.add(q, Occur.SHOULD));
        int clauses = textClauses.size();
        for (String code : codes(request)) {
            relevance.add(Queries.cpvClause(code), Occur.SHOULD);
            clauses++;
        }
        if (clauses > 0) {
            query.add(relevance.build(), Occur.SHOULD);
        }
        query.add(new BoostQuery(new ConstantScoreQuery(new TermQuery(
                new Term(EnterpriseSchema.ACTIVITY_STATE, EnterpriseSchema.ACTIVITY_UNKNOWN))), Boosts.UNKNOWN_ACTIVITY),
                Occur.SHOULD);
        Map<Double, List<Category>> byValue = new TreeMap<>();
        request.activityByCategory().forEach((category, value) ->
                byValue.computeIfAbsent(value, v -> new ArrayList<>()).add(category));
        if (!byValue.isEmpty()) {
            List<Query> granted = new ArrayList<>();
            byValue.forEach((value, categories) -> granted.add(new BoostQuery(new ConstantScoreQuery(
                    Queries.categories(Set.copyOf(categories))), (float) (value * Boosts.GRANTED_ACTIVITY))));
            query.add(new DisjunctionMaxQuery(granted, 0f), Occur.SHOULD);
        }
        GeoPoint point = request.point();
        if (point != null && request.maxDistanceKm() != null) {
            query.add(LatLonPoint.newDistanceFeatureQuery(EnterpriseSchema.LOCATION, Boosts.DISTANCE,
                    point.lat(), point.lon(), Boosts.DISTANCE_PIVOT_KM * 1000), Occur.SHOULD);
        }
        if (Boosts.HEADCOUNT > 0) {
            query.add(FeatureField.newSaturationQuery(EnterpriseSchema.FEATURES, EnterpriseSchema.FEATURE_HEADCOUNT,
                    Boosts.HEADCOUNT, Boosts.HEADCOUNT_PIVOT), Occur.SHOULD);
        }
        return query.build();
    }

    /** Who is a candidate at all: eligible and within reach; null when nobody may bid. */
    private static Query candidates(CandidateQuery request) {
        if (request.allowed() != null && request.allowed().isEmpty()) {
            return null;
        }
        BooleanQuery.Builder filter = new BooleanQuery.Builder();
        int filters = 0;
        if (request.allowed() != null) {
            filter.add(Queries.categories(request.allowed()), Occur.FILTER);
            filters++;
        }
        GeoPoint point = request.point();
        if (point != null && request.maxDistanceKm() != null) {
            filter.add(reach(request, point), Occur.FILTER);
            filters++;
        }
        return filters == 0 ? new MatchAllDocsQuery() : filter.build();
    }

    /** Within the retrieval distance or not located, or an area or radius of the enterprise's own covers the place. */
    private static Query reach(CandidateQuery request, GeoPoint point) {
        BooleanQuery.Builder reach = new BooleanQuery.Builder()
                .add(Queries.withinOrUnlocated(point.lat(), point.lon(), request.maxDistanceKm()), Occur.SHOULD);
        if (request.department() != null) {
            reach.add(new TermQuery(new Term(EnterpriseSchema.AREA_DEPARTMENT, request.department())), Occur.SHOULD);
        }
        if (request.region() != null) {
            reach.add(new TermQuery(new Term(EnterpriseSchema.AREA_REGION, request.region())), Occur.SHOULD);
        }
        int beyond = (int) Math.floor(request.maxDistanceKm()) + 1;
        reach.add(new BooleanQuery.Builder()
                .add(IntPoint.newRangeQuery(EnterpriseSchema.RADIUS_POINT, beyond, Integer.MAX_VALUE), Occur.FILTER)
                .add(new OwnRadiusQuery(point.lat(), point.lon()), Occur.FILTER)
                .build(), Occur.SHOULD);
        return reach.build();
    }

    MatchCandidates run(IndexSearcher searcher, CandidateQuery request) throws IOException {
        Query candidates = candidates(request);
        if (candidates == null) {
            return new MatchCandidates(List.of(), 0, true);
        }
        // the filter evaluated once, then counted and searched among
        SegmentDocs found = candidates instanceof MatchAllDocsQuery ? SegmentDocs.live(searcher) : SegmentDocs.of(searcher, candidates);
        int total = found.count();
        // the text terms looked up once: their statistics serve the top-k query, the text scores of its hits and
        // the words each hit shares with the lot
        List<String> lotTerms = lotTerms(request);
        List<Query> textClauses = Queries.textClauses(queryTerms(lotTerms), searcher, lookups, true);
        TopFieldDocs top = found.top(ordering(request, textClauses), topK(request.k()));
        return new MatchCandidates(explain(searcher, request, lotTerms, textClauses, top.scoreDocs), Math.min(total, COUNT_LIMIT),
                total <= COUNT_LIMIT);
    }

    /** Score then SIRET; threshold k: once k hits are found the total need not be exact, so non-competitive blocks are skipped. */
    static TopFieldCollectorManager topK(int k) {
        return new TopFieldCollectorManager(BY_SCORE_THEN_SIRET, k, null, k);
    }

    /**
     * What the score and its reasons need, for the returned candidates only: scoring view, BM25 of the text, the
     * words shared with the lot, distance.
     */
    private List<MatchCandidate> explain(IndexSearcher searcher, CandidateQuery request, List<String> lotTerms,
                                         List<Query> textClauses, ScoreDoc[] hits) throws IOException {
        float[] textScores = textScores(searcher, textClauses, hits);
        List<List<String>> shared = sharedTerms(searcher, lotTerms, hits, textScores);
        Enterprise[] enterprises = scoringViews(searcher, hits);
        List<MatchCandidate> candidates = new ArrayList<>(hits.length);
        for (int i = 0; i < hits.length; i++) {
            FieldDoc hit = (FieldDoc) hits[i];
            Enterprise enterprise = enterprises[i];
            Double distanceKm = null;
            if (request.point() != null && enterprise.hasLocation()) {
                distanceKm = SloppyMath.haversinMeters(request.point().lat(), request.point().lon(),
                        enterprise.latitude(), enterprise.longitude()) / 1000;
            }
            candidates.add(new MatchCandidate(enterprise, (Float) hit.fields[0], textScores[i], shared.get(i), distanceKm));
        }
        return candidates;
    }

    /** The scoring view of each hit (EnterpriseSchema.SCORING), read column-wise. */
    private static Enterprise[] scoringViews(IndexSearcher searcher, ScoreDoc[] hits) throws IOException {
        Enterprise[] views = new Enterprise[hits.length];
        inDocOrder(searcher, hits, leaf -> {
            BinaryDocValues values = DocValues.getBinary(leaf.reader(), EnterpriseSchema.SCORING);
            return (i, doc) -> {
                if (!values.advanceExact(doc)) {
                    throw new IllegalStateException("document " + doc + " has no scoring view: index of another schema");
                }
                views[i] = ScoringView.decode(values.binaryValue());
            };
        });
        return views;
    }

    /** BM25 of the text clauses alone for each hit: one scorer per segment, advanced through the hits. */
    private static float[] textScores(IndexSearcher searcher, List<Query> textClauses, ScoreDoc[] hits) throws IOException {
        float[] scores = new float[hits.length];
        if (textClauses.isEmpty() || hits.length == 0) {
            return scores;
        }
        BooleanQuery.Builder text = new BooleanQuery.Builder();
        textClauses.forEach(q -> text.add(q, Occur.SHOULD));
        Weight weight = searcher.createWeight(searcher.rewrite(text.build()), ScoreMode.COMPLETE, 1f);
        inDocOrder(searcher, hits, leaf -> {
            Scorer scorer = weight.scorer(leaf);
            return (i, doc) -> {
                if (scorer != null) {
                    int at = scorer.docID() < doc ? scorer.iterator().advance(doc) : scorer.docID();
                    if (at == doc) {
                        scores[i] = scorer.score();
                    }
                }
            };
        });
        return scores;
    }

    /**
     * For each hit with a text score, the lot's terms (all of them, common and beyond {@link Queries#MAX_TERMS} too)
     * that its text fields hold, in the lot's order; none for the others (their reason names no word). Read from
     * the postings, advanced through the hits of each segment, with the terms' statistics as the query looked them up:
     * the same terms as analysing the enterprise's text again, without reading its stored document.
     */
    private List<List<String>> sharedTerms(IndexSearcher searcher, List<String> lotTerms, ScoreDoc[] hits,
                                           float[] textScores) throws IOException {
        List<List<String>> shared = new ArrayList<>(hits.length);
        boolean any = false;
        for (float score : textScores) {
            any |= score > 0;
        }
        for (int i = 0; i < hits.length; i++) {
            shared.add(List.of());
        }
        if (!any) {
            return shared;
        }
        BytesRef[] bytes = lotTerms.stream().map(BytesRef::new).toArray(BytesRef[]::new);
        List<String> fields = EnterpriseSchema.TEXT_FIELDS;
        inDocOrder(searcher, hits, leaf -> {
            PostingsEnum[][] postings = new PostingsEnum[lotTerms.size()][];
            return (i, doc) -> {
                if (textScores[i] <= 0) {
                    return;
                }
                List<String> held = new ArrayList<>();
                for (int t = 0; t < postings.length; t++) {
                    if (postings[t] == null) { // opened at the segment's first hit with a text score
                        postings[t] = postings(leaf, fields, bytes[t], lookups.of(searcher, lotTerms.get(t)));
                    }
                    for (PostingsEnum p : postings[t]) {
                        if (p != null && (p.docID() >= doc || p.advance(doc) >= doc) && p.docID() == doc) {
                            held.add(lotTerms.get(t));
                            break;
                        }
                    }
                }
                shared.set(i, List.copyOf(held));
            };
        });
        return shared;
    }

    /** A term's postings in each text field of a segment (null where absent), from its looked-up states. */
    private static PostingsEnum[] postings(LeafReaderContext leaf, List<String> fields, BytesRef term, TermStates[] states)
            throws IOException {
        PostingsEnum[] out = new PostingsEnum[fields.size()];
        for (int f = 0; f < out.length; f++) {
            TermState state = states[f] == null ? null : states[f].get(leaf);
            if (state != null) {
                TermsEnum te = leaf.reader().terms(fields.get(f)).iterator();
                te.seekExact(term, state);
                out[f] = te.postings(null, PostingsEnum.NONE);
            }
        }
        return out;
    }

    /** What reads one segment's values for the hits in it: called with the hit's index and its doc in the segment. */
    private interface LeafReading {
        void read(int hit, int leafDoc) throws IOException;
    }

    private interface LeafOpener {
        LeafReading open(LeafReaderContext leaf) throws IOException;
    }

    /**
     * Visits the hits in doc order, segment by segment, opening each segment's reader once: doc values and scorers
     * only move forward.
     */
    private static void inDocOrder(IndexSearcher searcher, ScoreDoc[] hits, LeafOpener opener) throws IOException {
        Integer[] byDoc = new Integer[hits.length];
        Arrays.setAll(byDoc, i -> i);
        Arrays.sort(byDoc, Comparator.comparingInt(i -> hits[i].doc));
        List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
        LeafReaderContext leaf = null;
        LeafReading reading = null;
        for (int i : byDoc) {
            int doc = hits[i].doc;
            LeafReaderContext current = leaves.get(ReaderUtil.subIndex(doc, leaves));
            if (current != leaf) {
                leaf = current;
                reading = opener.open(leaf);
            }
            reading.read(i, doc - leaf.docBase);
        }
    }

    /** The lot's analysed terms, in text order. */
    private List<String> lotTerms(CandidateQuery request) {
        return List.copyOf(analyzer.termsWithWords(EnterpriseSchema.NAME, request.text()).keySet());
    }

    /** The terms the query is made of: the first {@link Queries#MAX_TERMS}. */
    private static List<String> queryTerms(List<String> lotTerms) {
        return lotTerms.size() > Queries.MAX_TERMS ? lotTerms.subList(0, Queries.MAX_TERMS) : lotTerms;
    }

    private static List<String> codes(CandidateQuery request) {
        List<String> codes = request.cpvCodes();
        return codes.size() > Queries.MAX_CPV_CODES ? codes.subList(0, Queries.MAX_CPV_CODES) : codes;
    }
}
