package fr.essor.registry.index;

import fr.essor.reference.CpvCatalog;
import fr.essor.registry.Enterprise;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.document.LatLonDocValuesField;
import org.apache.lucene.document.LatLonPoint;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.FieldDoc;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.MultiCollectorManager;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopFieldCollectorManager;
import org.apache.lucene.search.TopFieldDocs;
import org.apache.lucene.util.SloppyMath;

/** GET /api/enterprises on one searcher: the page, the exact total and facets over all hits. */
final class RegistrySearch {
    private static final SortField BY_SIRET = new SortField(EnterpriseSchema.SIRET_ORDER, SortField.Type.LONG);
    private static final List<String> FACET_FIELDS = List.of(EnterpriseSchema.CATEGORY, EnterpriseSchema.DEPARTMENT);

    private final FrenchTextAnalyzer analyzer;
    private final TermLookups lookups;

    RegistrySearch(FrenchTextAnalyzer analyzer, TermLookups lookups) {
        this.analyzer = analyzer;
        this.lookups = lookups;
    }

    RegistryPage run(IndexSearcher searcher, RegistryQuery criteria) throws IOException {
        Set<String> terms = analyzer.terms(EnterpriseSchema.NAME, criteria.q());
        BooleanQuery.Builder text = new BooleanQuery.Builder();
        boolean scored = !terms.isEmpty();
        if (scored && Queries.addTextClauses(text, terms, searcher, lookups, false) == 0) {
            // words, none of them in the index: nothing matches (MatchNoDocs keeps the facets and total at 0)
            text.add(new MatchNoDocsQuery(), Occur.SHOULD);
        }
        Query query = query(criteria, scored ? text.build() : null);
        Sort sort = sort(criteria, scored);

        int maxDoc = Math.max(1, searcher.getIndexReader().maxDoc());
        long wanted = (long) (criteria.page() + 1) * criteria.size();
        int numHits = (int) Math.min(wanted, maxDoc);
        // totalHitsThreshold MAX: the total is exact (the facet counter visits every hit anyway)
        TopFieldCollectorManager top = new TopFieldCollectorManager(sort, numHits, null, Integer.MAX_VALUE);
        Object[] results = searcher.search(query, new MultiCollectorManager(top, new FacetCounts(FACET_FIELDS)));
        TopFieldDocs docs = (TopFieldDocs) results[0];
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Long>> facets = (Map<String, Map<String, Long>>) results[1];

        List<RegistryHit> items = new ArrayList<>();
        int from = (int) Math.min((long) criteria.page() * criteria.size(), docs.scoreDocs.length);
        Enterprise[] enterprises = StoredEnterprises.read(searcher, docs.scoreDocs, from);
        for (int i = from; i < docs.scoreDocs.length; i++) {
            FieldDoc hit = (FieldDoc) docs.scoreDocs[i];
            Enterprise enterprise = enterprises[i - from];
            Float score = scored ? (Float) hit.fields[0] : null;
            Double distanceKm = null;
            if (criteria.near() != null && enterprise.hasLocation()) {
                GeoPoint p = criteria.near().point();
                distanceKm = SloppyMath.haversinMeters(p.lat(), p.lon(), enterprise.latitude(), enterprise.longitude()) / 1000;
            }
            items.add(new RegistryHit(enterprise, score, distanceKm));
        }
        return new RegistryPage(docs.totalHits.value, List.copyOf(items), facets);
    }

    /** @param text the words as alternatives (any one matches, BM25 ranks more and rarer words first); null when none */
    private Query query(RegistryQuery criteria, Query text) {
        BooleanQuery.Builder builder = new BooleanQuery.Builder();
        boolean constrained = false;
        if (text != null) {
            builder.add(text, Occur.MUST);
            constrained = true;
        }
        if (!criteria.categories().isEmpty()) {
            builder.add(Queries.categories(criteria.categories()), Occur.FILTER);
            constrained = true;
        }
        if (criteria.cpv() != null) {
            builder.add(Queries.cpvFilter(CpvCatalog.normalize(criteria.cpv())), Occur.FILTER);
            constrained = true;
        }
        if (criteria.department() != null) {
            builder.add(new TermQuery(new Term(EnterpriseSchema.DEPARTMENT, criteria.department())), Occur.FILTER);
            constrained = true;
        }
        if (criteria.near() != null) {
            // An explicit `near` in a registry search excludes enterprises without a location: the user asked
            // for those near a point, and distances are shown and sorted. Matching, not this search, lets
            // unlocated enterprises through its distance filter (their geo component is then neutral).
            GeoPoint p = criteria.near().point();
            builder.add(LatLonPoint.newDistanceQuery(EnterpriseSchema.LOCATION, p.lat(), p.lon(),
                    criteria.near().radiusKm() * 1000), Occur.FILTER);
            constrained = true;
        }
        return constrained ? builder.build() : new MatchAllDocsQuery();
    }

    /** Score then SIRET; without words, distance then SIRET near a point, else SIRET: the same question, the same order. */
    private static Sort sort(RegistryQuery criteria, boolean scored) {
        if (scored) {
            return new Sort(SortField.FIELD_SCORE, BY_SIRET);
        }
        if (criteria.near() != null) {
            GeoPoint p = criteria.near().point();
            return new Sort(LatLonDocValuesField.newDistanceSort(EnterpriseSchema.LOCATION, p.lat(), p.lon()), BY_SIRET);
        }
        return new Sort(BY_SIRET);
    }
}
