package fr.essor.registry.index;

import fr.essor.registry.EnterpriseJson;

import fr.essor.reference.CpvCatalog;
import fr.essor.reference.NafCatalog;
import fr.essor.reference.ReferenceData;
import fr.essor.registry.ActivityEvidence;
import fr.essor.registry.Category;
import fr.essor.registry.Enterprise;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.document.BinaryDocValuesField;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.FeatureField;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.FieldType;
import org.apache.lucene.document.IntPoint;
import org.apache.lucene.document.LatLonDocValuesField;
import org.apache.lucene.document.LatLonPoint;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.SortedSetDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.IndexOptions;
import org.apache.lucene.util.BytesRef;

/**
 * The fields of an enterprise document, each with why it is there. Change a field's meaning or type →
 * bump {@link #VERSION}: an index written under another version is rebuilt from PostgreSQL at open.
 */
public final class EnterpriseSchema {
    /** Written in the commit user data under {@link #USER_DATA_SCHEMA}; an index of another version is rebuilt. */
    public static final int VERSION = 5;
    public static final String USER_DATA_SCHEMA = "schema";
    /** PostgreSQL high-water mark the committed index reflects (commit user data). */
    public static final String USER_DATA_HWM = "hwm";

    /** Key of updateDocument/deleteDocuments (StringField: exact, not analysed). */
    public static final String SIRET = "siret";
    /**
     * The SIRET as a number (NumericDocValues) for the deterministic tie-break sort: 14 digits always, so the
     * numbers sort as the strings do, and comparing longs avoids a (compressed) term-dictionary lookup per
     * competitive hit, which SortedDocValues cost (measured: most of a registry search's time).
     */
    public static final String SIRET_ORDER = "siret_order";
    /** Company name, BM25 with a boost at query time: a name saying "nettoyage" says what the enterprise does. */
    public static final String NAME = "name";
    /**
     * What the enterprise does, in words, BM25: its description (carries the activity when the NAF code is
     * generic, 88.99B or 94.99Z), the French label of its NAF sub-class, the labels of its declared CPV codes and
     * of the CPV prefixes its NAF implies (CpvNafAffinity). One field rather than four: a lot term costs two
     * clauses (name, activity) instead of five, and an enterprise saying a word in three places is one posting.
     */
    public static final String ACTIVITY = "activity";
    /** Every level (CpvCatalog.prefixes) of every declared CPV code in one exact field: hierarchical overlap by term match. */
    public static final String CPV = "cpv";
    /** The CPV prefixes the NAF code implies, each with its upper levels: partial overlaps, weighing less than declared codes. */
    public static final String NAF_CPV = "naf_cpv";
    /** The implied prefixes themselves: the enterprise is presumed to supply every code under them (a lot code there is covered). */
    public static final String NAF_CPV_COVER = "naf_cpv_cover";
    /** NAF sub-class and its hierarchy (class, group, division, section) in one exact field: filter at any level. */
    public static final String NAF = "naf";
    /** Category tokens: StringField for the eligibility filter, SortedSetDocValues for the facet counts. */
    public static final String CATEGORY = "category";
    /** Département of the site: StringField to filter, SortedSetDocValues for the facet. */
    public static final String DEPARTMENT = "department";
    /** Région of the site: StringField to filter, SortedSetDocValues for the facet. */
    public static final String REGION = "region";
    /** Départements of the declared intervention area (StringField): "who works in the 93" beyond the site's own. */
    public static final String AREA_DEPARTMENT = "area_department";
    /** Régions of the declared intervention area (StringField). */
    public static final String AREA_REGION = "area_region";
    /**
     * "unknown" when the registry does not say what the enterprise does (ActivityEvidence): a constant SHOULD clause
     * gives it the neutral activity in the match retrieval, so that it ranks between enterprises whose activity
     * matches the lot and those whose activity is another (DESIGN.md section 4).
     */
    public static final String ACTIVITY_STATE = "activity_state";
    public static final String ACTIVITY_UNKNOWN = "unknown";
    /**
     * Intervention radius in km as an IntPoint: the few enterprises reaching farther than the retrieval distance
     * are found by a range on it, then checked against their own radius (OwnRadiusQuery).
     */
    public static final String RADIUS_POINT = "radius_point";
    /** Site: LatLonPoint for the distance filter, LatLonDocValuesField for the distance feature and sort. */
    public static final String LOCATION = "location";
    /** "yes"/"no": lets enterprises without a location through a distance filter (DESIGN.md section 3). */
    public static final String LOCATED = "located";
    /** Intervention radius in km (NumericDocValues; the default 50 when no area is given): reach without decoding JSON. */
    public static final String RADIUS_KM = "radius_km";
    /** Static signals as FeatureField, for a static boost that keeps top-k pruning (see {@link Boosts#HEADCOUNT}). */
    public static final String FEATURES = "features";
    /** Feature of {@link #FEATURES}: headcount; absent when unknown, so unknown is neutral. */
    public static final String FEATURE_HEADCOUNT = "headcount";
    /**
     * What scoring a match needs of the enterprise ({@link ScoringView}, binary) in BinaryDocValues: the explained
     * score of a lot's hundreds of candidates reads it column-wise, where reading their stored documents would
     * decompress a block of documents each (measured: most of a match's time); the page alone reads {@link #SOURCE}.
     */
    public static final String SCORING = "scoring";
    /** The enterprise as JSON (StoredField): a search returns items without a PostgreSQL round trip. */
    public static final String SOURCE = "source";

    public static final String LOCATED_YES = "yes";
    public static final String LOCATED_NO = "no";

    /** Text fields, searched by BM25 with the French analyzer; positions are not kept (no phrase queries). */
    static final FieldType TEXT_TYPE = textType();
    static final List<String> TEXT_FIELDS = List.of(NAME, ACTIVITY);

    private final ReferenceData reference;

    public EnterpriseSchema(ReferenceData reference) {
        this.reference = reference;
    }

    /** The document of an enterprise; deterministic (same enterprise, same fields). */
    public Document document(Enterprise e) {
        Document doc = new Document();
        doc.add(new StringField(SIRET, e.siret(), Field.Store.NO));
        doc.add(new NumericDocValuesField(SIRET_ORDER, siretOrder(e.siret())));

        textValues(e).forEach((field, values) -> values.forEach(value -> text(doc, field, value)));

        String naf = nafOf(e);
        if (naf != null) {
            for (String level : nafHierarchy(naf)) {
                doc.add(new StringField(NAF, level, Field.Store.NO));
            }
        }
        for (String prefix : declaredPrefixes(e)) {
            doc.add(new StringField(CPV, prefix, Field.Store.NO));
        }
        List<String> implied = impliedCover(e);
        for (String prefix : impliedPrefixes(implied)) {
            doc.add(new StringField(NAF_CPV, prefix, Field.Store.NO));
        }
        for (String prefix : implied) {
            doc.add(new StringField(NAF_CPV_COVER, prefix, Field.Store.NO));
        }

        if (ActivityEvidence.unknown(e, reference.affinity())) {
            doc.add(new StringField(ACTIVITY_STATE, ACTIVITY_UNKNOWN, Field.Store.NO));
        }
        if (e.categories() != null) {
            for (Category category : e.categories()) {
                keyword(doc, CATEGORY, category.name());
            }
        }
        if (e.department() != null) {
            keyword(doc, DEPARTMENT, e.department());
        }
        if (e.region() != null) {
            keyword(doc, REGION, e.region());
        }
        if (e.departments() != null) {
            e.departments().forEach(d -> doc.add(new StringField(AREA_DEPARTMENT, d, Field.Store.NO)));
        }
        if (e.regions() != null) {
            e.regions().forEach(r -> doc.add(new StringField(AREA_REGION, r, Field.Store.NO)));
        }

        if (e.hasLocation()) {
            doc.add(new LatLonPoint(LOCATION, e.latitude(), e.longitude()));
            doc.add(new LatLonDocValuesField(LOCATION, e.latitude(), e.longitude()));
            doc.add(new StringField(LOCATED, LOCATED_YES, Field.Store.NO));
        } else {
            doc.add(new StringField(LOCATED, LOCATED_NO, Field.Store.NO));
        }
        Integer radius = effectiveRadiusKm(e);
        if (radius != null) {
            doc.add(new NumericDocValuesField(RADIUS_KM, radius));
            doc.add(new IntPoint(RADIUS_POINT, radius));
        }
        if (e.employees() != null && e.employees() > 0) {
            doc.add(new FeatureField(FEATURES, FEATURE_HEADCOUNT, e.employees()));
        }

        doc.add(new BinaryDocValuesField(SCORING, ScoringView.encode(e)));
        doc.add(new StoredField(SOURCE, EnterpriseJson.encode(e).encode()));
        return doc;
    }

    /** What each text field holds for an enterprise (labels looked up in the reference data). */
    public Map<String, List<String>> textValues(Enterprise e) {
        List<String> activity = new ArrayList<>(present(e.description()));
        String naf = nafOf(e);
        if (naf != null) {
            reference.naf().find(naf).ifPresent(code -> activity.addAll(present(code.label())));
        }
        for (String code8 : declaredCodes(e)) {
            reference.cpv().find(code8).ifPresent(code -> activity.addAll(present(code.labelFr())));
        }
        for (String prefix : impliedCover(e)) {
            reference.cpv().find(CpvOverlap.padded(prefix)).ifPresent(code -> activity.addAll(present(code.labelFr())));
        }
        Map<String, List<String>> values = new LinkedHashMap<>();
        values.put(NAME, present(e.name()));
        values.put(ACTIVITY, activity);
        return values;
    }

    /** The sort key of a SIRET; the registry only holds 14-digit SIRETs. */
    static long siretOrder(String siret) {
        if (siret == null || !siret.matches("\\d{14}")) {
            throw new IllegalArgumentException("a SIRET has 14 digits: " + siret);
        }
        return Long.parseLong(siret);
    }

    /** Declared CPV codes, normalised to 8 digits, invalid ones left out. */
    public static Set<String> declaredCodes(Enterprise e) {
        Set<String> codes = new LinkedHashSet<>();
        if (e.cpv() != null) {
            for (String code : e.cpv()) {
                String code8 = CpvCatalog.normalize(code);
                if (code8 != null) {
                    codes.add(code8);
                }
            }
        }
        return codes;
    }

    /** All levels of all declared codes: what {@link #CPV} holds. */
    public static Set<String> declaredPrefixes(Enterprise e) {
        Set<String> prefixes = new LinkedHashSet<>();
        for (String code8 : declaredCodes(e)) {
            prefixes.addAll(CpvOverlap.hierarchy(code8));
        }
        return prefixes;
    }

    /** All levels of the prefixes a NAF code implies: what {@link #NAF_CPV} holds. */
    static Set<String> impliedPrefixes(List<String> implied) {
        Set<String> prefixes = new LinkedHashSet<>();
        for (String prefix : implied) {
            prefixes.addAll(CpvOverlap.hierarchy(prefix));
        }
        return prefixes;
    }

    /** The CPV prefixes the enterprise's NAF code implies (CpvNafAffinity), as the table gives them. */
    public List<String> impliedCover(Enterprise e) {
        String naf = nafOf(e);
        return naf == null ? List.of() : reference.affinity().cpvPrefixesFor(naf);
    }

    /** The enterprise's NAF code in dotted form; null when absent or not a NAF code. */
    public static String nafOf(Enterprise e) {
        return e.naf() == null ? null : NafCatalog.normalize(e.naf());
    }

    /** The sub-class and each level above it; only the code itself when the catalogue does not know it. */
    private List<String> nafHierarchy(String naf) {
        List<String> levels = new ArrayList<>();
        levels.add(naf);
        reference.naf().find(naf).ifPresent(code -> {
            for (String level : new String[] {code.classCode(), code.group(), code.division(), code.section()}) {
                if (level != null && !levels.contains(level)) {
                    levels.add(level);
                }
            }
        });
        return levels;
    }

    /** The radius the enterprise works within: its own, else the default 50 km when it names no area at all. */
    static Integer effectiveRadiusKm(Enterprise e) {
        if (e.radiusKm() != null) {
            return e.radiusKm();
        }
        boolean namesArea = (e.departments() != null && !e.departments().isEmpty())
                || (e.regions() != null && !e.regions().isEmpty());
        return namesArea ? null : Enterprise.DEFAULT_RADIUS_KM;
    }

    private static List<String> present(String value) {
        return value == null || value.isBlank() ? List.of() : List.of(value);
    }

    private static void text(Document doc, String field, String value) {
        doc.add(new Field(field, value, TEXT_TYPE));
    }

    private static void keyword(Document doc, String field, String value) {
        doc.add(new StringField(field, value, Field.Store.NO));
        doc.add(new SortedSetDocValuesField(field, new BytesRef(value)));
    }

    private static FieldType textType() {
        FieldType type = new FieldType();
        type.setIndexOptions(IndexOptions.DOCS_AND_FREQS);
        type.setTokenized(true);
        type.setStored(false);
        type.freeze();
        return type;
    }
}
