package fr.essor.registry.imports;

import fr.essor.reference.NafCatalog;
import fr.essor.registry.Category;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The ESS digital-sector list (ess_numerique.csv), a SIRENE extract with its quirks: codes written as floats
 * ({@code 9220.0}, postcode {@code 7400.0} for 07400), a SIRET that lost its leading zero, a few NAF rév. 1 codes.
 *
 * <p>The ESS family comes from {@code famille_ess}; when it is empty, from the INSEE legal category (an association,
 * foundation, cooperative or mutual is ESS by its status, loi 2014-856 art. 1) or, for a commercial company, from the
 * SIRENE ESS flag or an ESUS agreement (the {@code esus} source: the agreement requires ESS status), which make it an
 * ESS company. Units that are not ESS, and units no longer active, are skipped and reported.
 */
final class EssNumeriqueLayout implements CsvLayout {
    static final List<String> COLUMNS = List.of("siren", "siret_siege", "denomination", "nom_usage", "sigle", "naf",
            "naf_numerique", "tags_numerique", "categorie_juridique", "famille_ess", "flag_ess_sirene", "est_active",
            "date_creation", "tranche_effectifs", "annee_effectifs", "categorie_entreprise", "caractere_employeur",
            "societe_mission", "rna", "code_postal", "commune", "site_web", "nom_structure_porteuse", "sources",
            "origines", "methode_jointure", "confiance_jointure", "score_enrichissement");
    private static final Map<String, String> JSON_TO_COLUMN = Map.of("siret", "siret_siege", "name", "denomination",
            "categories", "famille_ess", "legalForm", "categorie_juridique", "postcode", "code_postal", "city", "commune",
            "website", "site_web", "employees", "tranche_effectifs", "sources", "famille_ess");

    /** INSEE "tranche d'effectif salarié" → lower bound. NN (no employee known for the year) → unknown. */
    private static final Map<String, Integer> HEADCOUNT_BANDS = Map.ofEntries(
            Map.entry("00", 0), Map.entry("01", 1), Map.entry("02", 3), Map.entry("03", 6), Map.entry("11", 10),
            Map.entry("12", 20), Map.entry("21", 50), Map.entry("22", 100), Map.entry("31", 200), Map.entry("32", 250),
            Map.entry("41", 500), Map.entry("42", 1000), Map.entry("51", 2000), Map.entry("52", 5000), Map.entry("53", 10000));

    @Override
    public List<String> columns() {
        return COLUMNS;
    }

    @Override
    public List<String> required() {
        return List.of("siret_siege", "denomination", "categorie_juridique", "famille_ess", "flag_ess_sirene", "est_active");
    }

    @Override
    public JsonObject toJson(Map<String, String> v, RowContext row) {
        String siret = strip(v.get("siret_siege"));
        if (siret != null && siret.matches("\\d{13}")) {
            row.warn("SIRET " + siret + " has 13 digits: its lost leading zero is restored");
            siret = "0" + siret;
        }
        if (!"true".equalsIgnoreCase(strip(v.get("est_active")))) {
            row.skip("unit " + siret + " skipped: not active (est_active=" + v.get("est_active") + ")");
            return null;
        }
        String legalCategory = integerCode(v.get("categorie_juridique"));
        Set<Category> categories = new LinkedHashSet<>();
        Category family = family(strip(v.get("famille_ess")), legalCategory, row);
        boolean esus = sources(v.get("sources")).contains("esus");
        boolean flagged = "true".equalsIgnoreCase(strip(v.get("flag_ess_sirene")));
        if (family == null && (flagged || esus)) {
            family = Category.ESS_COMPANY;
        }
        if (family == null) {
            row.skip("unit " + siret + " skipped: not ESS (no ESS family, no SIRENE ESS flag, no ESUS agreement, legal category "
                    + (legalCategory == null ? "unknown" : legalCategory) + ")");
            return null;
        }
        categories.add(family);
        if (esus) {
            categories.add(Category.ESUS);
        }
        String name = firstNonBlank(v.get("denomination"), v.get("nom_usage"), v.get("sigle"));
        return new JsonObject()
                .put("siret", siret)
                .put("name", name)
                .put("categories", new JsonArray(categories.stream().map(Category::name).toList()))
                .put("legalForm", LegalCategories.label(legalCategory))
                .put("naf", naf(v.get("naf"), row))
                .put("postcode", postcode(v.get("code_postal"), row))
                .put("city", strip(v.get("commune")))
                .put("employees", HEADCOUNT_BANDS.get(strip(v.get("tranche_effectifs"))))
                .put("website", strip(v.get("site_web")));
    }

    /** The ESS family: famille_ess when given, else what the legal category says by itself (null: not by status). */
    private static Category family(String famille, String legalCategory, RowContext row) {
        if (famille != null) {
            switch (famille.toLowerCase(Locale.ROOT)) {
                case "association": return Category.ASSOCIATION;
                case "fondation": return Category.FONDATION;
                case "mutuelle": return Category.MUTUELLE;
                case "cooperative", "coopérative":
                    return LegalCategories.isScop(legalCategory) ? Category.SCOP : Category.COOPERATIVE;
                default:
                    row.warn("ESS family \"" + famille + "\" unknown: the legal category decides");
            }
        }
        return LegalCategories.essFamily(legalCategory);
    }

    /** "62.01Z" or "6201Z"; a NAF rév. 1 code ("45.2R") is dropped with a warning. */
    private static String naf(String value, RowContext row) {
        String code = strip(value);
        if (code == null) {
            return null;
        }
        String dotted = NafCatalog.normalize(code);
        if (dotted == null) {
            row.warn("NAF code \"" + code + "\" is not NAF rév. 2 (an older nomenclature): not kept");
        }
        return dotted;
    }

    /** "84200.0" → 84200; "7400.0" (a lost leading zero) → 07400. */
    private static String postcode(String value, RowContext row) {
        String code = integerCode(value);
        if (code == null) {
            return null;
        }
        if (code.matches("\\d{4}")) {
            return "0" + code;
        }
        if (!code.matches("\\d{5}")) {
            row.warn("postcode \"" + value + "\" not understood: not kept");
            return null;
        }
        return code;
    }

    /** "9220.0" → "9220"; a code written as text stays as it is; blank → null. */
    static String integerCode(String value) {
        String s = strip(value);
        if (s == null) {
            return null;
        }
        if (s.matches("\\d+\\.0+")) {
            return s.substring(0, s.indexOf('.'));
        }
        return s;
    }

    private static Set<String> sources(String value) {
        Set<String> out = new LinkedHashSet<>();
        if (value != null) {
            for (String s : value.split("\\|")) {
                if (!s.isBlank()) {
                    out.add(s.strip().toLowerCase(Locale.ROOT));
                }
            }
        }
        return out;
    }

    private static String firstNonBlank(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v.strip();
            }
        }
        return null;
    }

    private static String strip(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    @Override
    public String columnOf(String jsonPath) {
        String root = CsvLayout.rootOf(jsonPath);
        return JSON_TO_COLUMN.getOrDefault(root, root);
    }
}
