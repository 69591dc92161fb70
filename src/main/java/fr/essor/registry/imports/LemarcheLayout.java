package fr.essor.registry.imports;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Le marché de l'inclusion's directory (siae_lemarche.csv): one row per structure and kind (ACI, EI, AI, ETTI,
 * GEIQ, EA ...). The kind is the category; GEIQ stays GEIQ (it is not an SIAE). The employee band ("50 à 99
 * salariés") gives its lower bound. {@code pk}, {@code department} (geocoding gives it) and {@code source} (the
 * directory's own provenance) are read and not kept.
 */
final class LemarcheLayout implements CsvLayout {
    static final List<String> COLUMNS = List.of("pk", "siret", "name", "brand", "kind", "legal_form", "naf", "address",
            "post_code", "city", "department", "latitude", "longitude", "source", "api_entreprise_employees", "website",
            "description");
    private static final Map<String, String> JSON_TO_COLUMN = Map.of("categories", "kind", "legalForm", "legal_form",
            "postcode", "post_code", "employees", "api_entreprise_employees", "sources", "kind");
    /** "50 à 99 salariés", "1 000 à 1 999 salariés", "0 salarié", "Plus de 10 000 salariés". */
    private static final Pattern BAND = Pattern.compile("^\\D*?(\\d[\\d\\s\\u00a0\\u202f]*)");

    @Override
    public List<String> columns() {
        return COLUMNS;
    }

    @Override
    public List<String> required() {
        return List.of("siret", "name", "kind");
    }

    @Override
    public JsonObject toJson(Map<String, String> v, RowContext row) {
        String name = v.get("name");
        if (name == null || name.isBlank()) {
            name = v.get("brand");
        }
        String kind = v.get("kind");
        return new JsonObject()
                .put("siret", v.get("siret"))
                .put("name", name)
                .put("categories", kind == null || kind.isBlank() ? null : new JsonArray().add(kind.strip()))
                .put("legalForm", v.get("legal_form"))
                .put("naf", v.get("naf"))
                .put("description", v.get("description"))
                .put("address", v.get("address"))
                .put("postcode", v.get("post_code"))
                .put("city", v.get("city"))
                .put("latitude", row.decimal("latitude", v.get("latitude")))
                .put("longitude", row.decimal("longitude", v.get("longitude")))
                .put("employees", employeeBand(v.get("api_entreprise_employees"), row))
                .put("website", v.get("website"));
    }

    /** The lower bound of an employee band; null when not given ("Non renseigné"). */
    static Integer employeeBand(String band, RowContext row) {
        if (band == null || band.isBlank() || band.strip().equalsIgnoreCase("Non renseigné")) {
            return null;
        }
        Matcher m = BAND.matcher(band.strip());
        if (!m.find()) {
            row.warn("employee band \"" + band + "\" not understood: headcount left unknown");
            return null;
        }
        return Integer.parseInt(m.group(1).replaceAll("[\\s\\u00a0\\u202f]", ""));
    }

    @Override
    public String columnOf(String jsonPath) {
        String root = CsvLayout.rootOf(jsonPath);
        return JSON_TO_COLUMN.getOrDefault(root, root);
    }
}
