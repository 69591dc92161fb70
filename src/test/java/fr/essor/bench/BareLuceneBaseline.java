package fr.essor.bench;

import fr.essor.matching.EligibilityRules;
import fr.essor.matching.LotDescription;
import fr.essor.matching.LotPlace;
import fr.essor.reference.ReferenceData;
import fr.essor.registry.Category;
import fr.essor.registry.Enterprise;
import fr.essor.registry.index.Boosts;
import fr.essor.registry.index.CpvOverlap;
import fr.essor.registry.index.EnterpriseSchema;
import fr.essor.registry.index.FrenchTextAnalyzer;
import org.apache.lucene.document.LatLonPoint;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.ConstantScoreQuery;
import org.apache.lucene.search.DisjunctionMaxQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.BytesRef;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The bare baseline: a plain IndexWriter, a plain index of the same documents (essor's schema, essor's French
 * analyzer) and, for each question, a BooleanQuery written here from the clauses DESIGN.md section 4 lists, not by
 * essor's query code: FILTER the categories the reservation allows and the reach (within the retrieval distance of the place (matching.maxDistanceKm), or not
 * located, or an intervention area naming its département or région); SHOULD a disjunction of the text terms (BM25,
 * name ×1.5) and, per lot CPV code, the best of its prefixes declared or implied by the NAF code (constant by level);
 * SHOULD the unknown-activity constant; SHOULD the activity the lot's object grants by category; SHOULD
 * LatLonPoint.newDistanceFeatureQuery. Top 20 by score, nothing read of the hits.
 *
 * <p>What it leaves out, so what it flatters: no explained score, no eligibility assessment, no page of documents, no
 * JSON; and the own-radius branch of the reach (an enterprise whose own radius exceeds the retrieval distance: none in the generated
 * registry, whose radii are the default 50 km). Like essor it keeps the first 48 distinct terms and drops a term that
 * a fifth of a field's documents hold when rarer ones remain (without that the baseline would be the slow one).
 */
final class BareLuceneBaseline implements AutoCloseable {
    private static final int TOP = 20;
    private static final int MAX_TERMS = 48;
    private static final String[] TEXT_FIELDS = {EnterpriseSchema.NAME, EnterpriseSchema.ACTIVITY};

    private final Directory directory;
    private final DirectoryReader reader;
    private final IndexSearcher searcher;
    private final FrenchTextAnalyzer analyzer = new FrenchTextAnalyzer();
    private final ReferenceData reference = ReferenceData.get();

    private BareLuceneBaseline(Directory directory) throws IOException {
        this.directory = directory;
        this.reader = DirectoryReader.open(directory);
        this.searcher = new IndexSearcher(reader);
    }

    /** Indexes the enterprises' documents with one plain writer and one commit. */
    static BareLuceneBaseline build(Path folder, List<Enterprise> enterprises) throws IOException {
        long start = System.nanoTime();
        EnterpriseSchema schema = new EnterpriseSchema(ReferenceData.get());
        Directory directory = FSDirectory.open(folder);
        try (IndexWriter writer = new IndexWriter(directory, new IndexWriterConfig(new FrenchTextAnalyzer()).setRAMBufferSizeMB(64))) {
            for (Enterprise e : enterprises) {
                writer.addDocument(schema.document(e));
            }
            writer.forceMerge(8); // about what a settled essor index holds; a single segment would flatter the baseline
            writer.commit();
        }
        BareLuceneBaseline bare = new BareLuceneBaseline(directory);
        System.out.printf(Locale.ROOT, "bare Lucene index: %,d documents in %.1f s, %d segments%n",
                bare.reader.numDocs(), (System.nanoTime() - start) / 1e9, bare.reader.leaves().size());
        return bare;
    }

    /** Builds the query of a lot and collects its top 20; returns the hits. */
    int search(LotDescription lot, Map<Category, Double> granted, double maxDistanceKm) throws IOException {
        return searcher.search(query(lot, granted, maxDistanceKm), TOP).scoreDocs.length;
    }

    Query query(LotDescription lot, Map<Category, Double> granted, double maxDistanceKm) throws IOException {
        BooleanQuery.Builder query = new BooleanQuery.Builder();
        if (EligibilityRules.restricts(lot.reservation())) {
            query.add(new TermInSetQuery(EnterpriseSchema.CATEGORY, bytes(EligibilityRules.allowedCategories(lot.reservation())
                    .stream().map(Category::name).toList())), Occur.FILTER);
        }
        LotPlace place = lot.place();
        if (place.hasPoint()) {
            BooleanQuery.Builder reach = new BooleanQuery.Builder()
                    .add(LatLonPoint.newDistanceQuery(EnterpriseSchema.LOCATION, place.lat(), place.lon(), maxDistanceKm * 1000), Occur.SHOULD)
                    .add(new TermQuery(new Term(EnterpriseSchema.LOCATED, EnterpriseSchema.LOCATED_NO)), Occur.SHOULD);
            if (place.department() != null) {
                reach.add(new TermQuery(new Term(EnterpriseSchema.AREA_DEPARTMENT, place.department())), Occur.SHOULD);
            }
            if (place.region() != null) {
                reach.add(new TermQuery(new Term(EnterpriseSchema.AREA_REGION, place.region())), Occur.SHOULD);
            }
            query.add(reach.build(), Occur.FILTER);
            query.add(LatLonPoint.newDistanceFeatureQuery(EnterpriseSchema.LOCATION, Boosts.DISTANCE, place.lat(), place.lon(),
                    Boosts.DISTANCE_PIVOT_KM * 1000), Occur.SHOULD);
        } else {
            query.add(new MatchAllDocsQuery(), Occur.FILTER);
        }
        BooleanQuery.Builder activity = new BooleanQuery.Builder();
        int clauses = textClauses(activity, text(lot));
        for (String code : lot.cpv().stream().limit(16).toList()) {
            activity.add(cpvClause(code), Occur.SHOULD);
            clauses++;
        }
        if (clauses > 0) {
            query.add(activity.build(), Occur.SHOULD);
        }
        query.add(constant(new TermQuery(new Term(EnterpriseSchema.ACTIVITY_STATE, EnterpriseSchema.ACTIVITY_UNKNOWN)),
                Boosts.UNKNOWN_ACTIVITY), Occur.SHOULD);
        if (!granted.isEmpty()) {
            List<Query> byCategory = new ArrayList<>();
            granted.forEach((category, value) -> byCategory.add(constant(new TermQuery(
                    new Term(EnterpriseSchema.CATEGORY, category.name())), (float) (value * Boosts.GRANTED_ACTIVITY))));
            query.add(new DisjunctionMaxQuery(byCategory, 0f), Occur.SHOULD);
        }
        return query.build();
    }

    /** What BM25 reads of a lot, as DESIGN.md says: title and description, then the labels of its CPV codes. */
    private String text(LotDescription lot) {
        StringBuilder text = new StringBuilder(lot.text());
        lot.cpv().forEach(code -> reference.cpv().find(code).ifPresent(c -> text.append('\n').append(c.labelFr())));
        return text.toString();
    }

    /** Each term SHOULD in each text field holding it; common ones only when nothing rarer is left. */
    private int textClauses(BooleanQuery.Builder builder, String text) throws IOException {
        Set<String> terms = new LinkedHashSet<>(analyzer.terms(EnterpriseSchema.NAME, text));
        IndexReader r = reader;
        long common = (long) (0.2 * r.maxDoc());
        List<Query> rare = new ArrayList<>();
        List<Query> frequent = new ArrayList<>();
        int kept = 0;
        for (String term : terms) {
            if (kept++ == MAX_TERMS) {
                break;
            }
            for (String field : TEXT_FIELDS) {
                Term t = new Term(field, term);
                int df = r.docFreq(t);
                if (df > 0) {
                    Query q = new BoostQuery(new TermQuery(t), field.equals(EnterpriseSchema.NAME) ? 1.5f : 1f);
                    (df > common ? frequent : rare).add(q);
                }
            }
        }
        List<Query> clauses = rare.isEmpty() ? frequent : rare;
        clauses.forEach(q -> builder.add(q, Occur.SHOULD));
        return clauses.size();
    }

    /** The best level a lot code shares with a declared code or a NAF-implied prefix (constant by level). */
    private static Query cpvClause(String code8) {
        List<String> levels = CpvOverlap.hierarchy(code8);
        List<Query> matches = new ArrayList<>();
        for (String prefix : levels) {
            float level = (float) CpvOverlap.ofPrefix(prefix).value() * Boosts.CPV;
            matches.add(constant(new TermQuery(new Term(EnterpriseSchema.CPV, prefix)), level));
            matches.add(constant(new TermQuery(new Term(EnterpriseSchema.NAF_CPV, prefix)), level * Boosts.NAF_IMPLIED));
        }
        matches.add(constant(new TermInSetQuery(EnterpriseSchema.NAF_CPV_COVER, bytes(levels)), Boosts.CPV * Boosts.NAF_IMPLIED));
        return new DisjunctionMaxQuery(matches, 0f);
    }

    private static Query constant(Query query, float score) {
        return new BoostQuery(new ConstantScoreQuery(query), score);
    }

    private static List<BytesRef> bytes(List<String> values) {
        return values.stream().map(BytesRef::new).toList();
    }

    @Override
    public void close() throws IOException {
        reader.close();
        directory.close();
    }
}
