package fr.essor.registry.index;

import fr.essor.registry.Category;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.apache.lucene.document.LatLonPoint;
import org.apache.lucene.index.TermStates;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.ConstantScoreQuery;
import org.apache.lucene.search.DisjunctionMaxQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.util.BytesRef;

/** Query parts shared by the registry search and the match retrieval, built structurally (no query parser). */
final class Queries {
    /** Distinct query terms kept; a lot's text beyond that adds clauses, not meaning (and max clause count is 1024). */
    static final int MAX_TERMS = 48;
    /** Lot CPV codes kept. */
    static final int MAX_CPV_CODES = 16;

    private Queries() {
    }

    /**
     * Each term as a SHOULD clause in each text field where it occurs, with the field's boost: BM25 sums over
     * fields and terms. Terms absent from a field are left out (nothing to score); with {@code cutCommon}, so are
     * common terms ({@link Boosts#COMMON_TERM_FRACTION} of the enterprises in any text field: a word that a fifth of
     * the registry's activities hold, such as "services" or "travaux", says no more in a name) unless nothing else is
     * left: for a top-k retrieval, where they cost the most and change the top the least (a search that counts
     * every hit keeps them, as they match). Returns the number of clauses added.
     */
    static int addTextClauses(BooleanQuery.Builder builder, Collection<String> terms, IndexSearcher searcher,
                              TermLookups lookups, boolean cutCommon) throws IOException {
        List<Query> clauses = textClauses(terms, searcher, lookups, cutCommon);
        clauses.forEach(q -> builder.add(q, Occur.SHOULD));
        return clauses.size();
    }

    /**
     * The clauses {@link #addTextClauses} adds. Each term's statistics come from {@code lookups} (looked up once per
     * reader): they decide whether it is kept and go into its query, so that neither this searcher's weights nor a
     * second query of the same clauses look it up again. Valid on this searcher only.
     */
    static List<Query> textClauses(Collection<String> terms, IndexSearcher searcher, TermLookups lookups, boolean cutCommon)
            throws IOException {
        List<Query> rare = new ArrayList<>();
        List<Query> common = new ArrayList<>();
        long commonAbove = cutCommon ? (long) (Boosts.COMMON_TERM_FRACTION * searcher.getIndexReader().maxDoc()) : Long.MAX_VALUE;
        int kept = 0;
        for (String term : terms) {
            if (kept++ == MAX_TERMS) {
                break;
            }
            List<Query> queries = new ArrayList<>();
            boolean isCommon = false;
            TermStates[] byField = lookups.of(searcher, term);
            for (int f = 0; f < byField.length; f++) {
                if (byField[f] != null) {
                    String field = EnterpriseSchema.TEXT_FIELDS.get(f);
                    queries.add(new BoostQuery(new TermQuery(new Term(field, term), byField[f]), Boosts.TEXT_FIELDS.get(field)));
                    isCommon |= byField[f].docFreq() > commonAbove;
                }
            }
            (isCommon ? common : rare).addAll(queries);
        }
        return rare.isEmpty() ? common : rare;
    }

    /**
     * One lot CPV code as the best of its matches (a dis-max, so an enterprise declaring the exact code scores the
     * CODE level, not the sum of every level it shares), constant scores by level: a declared code sharing a
     * prefix with it; a NAF-implied prefix above it (covers it: CODE level); a NAF-implied prefix sharing a level.
     */
    static Query cpvClause(String code8) {
        List<String> hierarchy = CpvOverlap.hierarchy(code8);
        List<Query> matches = new ArrayList<>();
        for (String prefix : hierarchy) {
            float level = (float) CpvOverlap.ofPrefix(prefix).value() * Boosts.CPV;
            matches.add(constant(new TermQuery(new Term(EnterpriseSchema.CPV, prefix)), level));
            matches.add(constant(new TermQuery(new Term(EnterpriseSchema.NAF_CPV, prefix)), level * Boosts.NAF_IMPLIED));
        }
        matches.add(constant(new TermInSetQuery(EnterpriseSchema.NAF_CPV_COVER, bytes(hierarchy)),
                (float) CpvOverlap.CODE.value() * Boosts.CPV * Boosts.NAF_IMPLIED));
        return new DisjunctionMaxQuery(matches, 0f);
    }

    /**
     * Enterprises whose declared or NAF-implied prefixes contain the code's node of the hierarchy (declared
     * 90911200 is found by 90910000, whose node is 9091), or whose NAF implies a prefix above it (81.21Z → 909).
     */
    static Query cpvFilter(String code8) {
        String node = CpvOverlap.node(code8);
        return new BooleanQuery.Builder()
                .add(new TermQuery(new Term(EnterpriseSchema.CPV, node)), Occur.SHOULD)
                .add(new TermQuery(new Term(EnterpriseSchema.NAF_CPV, node)), Occur.SHOULD)
                .add(new TermInSetQuery(EnterpriseSchema.NAF_CPV_COVER, bytes(CpvOverlap.hierarchy(node))), Occur.SHOULD)
                .build();
    }

    static Query categories(Set<Category> categories) {
        return new TermInSetQuery(EnterpriseSchema.CATEGORY, bytes(categories.stream().map(Category::name).toList()));
    }

    /** Located within the radius, or not located at all (location unknown is never a reason to drop a supplier). */
    static Query withinOrUnlocated(double lat, double lon, double radiusKm) {
        return new BooleanQuery.Builder()
                .add(LatLonPoint.newDistanceQuery(EnterpriseSchema.LOCATION, lat, lon, radiusKm * 1000), Occur.SHOULD)
                .add(new TermQuery(new Term(EnterpriseSchema.LOCATED, EnterpriseSchema.LOCATED_NO)), Occur.SHOULD)
                .build();
    }

    private static Query constant(Query query, float score) {
        return new BoostQuery(new ConstantScoreQuery(query), score);
    }

    private static List<BytesRef> bytes(Collection<String> values) {
        return values.stream().map(BytesRef::new).toList();
    }
}
