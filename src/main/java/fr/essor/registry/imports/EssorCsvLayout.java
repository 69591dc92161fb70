package fr.essor.registry.imports;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The registry CSV of DESIGN.md section 5:
 * {@code siret,name,categories,legal_form,naf,description,cpv,address,postcode,city,latitude,longitude,radius_km,departments,employees,website};
 * {@code |} separates the values of {@code categories}, {@code cpv} and {@code departments}.
 */
final class EssorCsvLayout implements CsvLayout {
    static final List<String> COLUMNS = List.of("siret", "name", "categories", "legal_form", "naf", "description", "cpv",
            "address", "postcode", "city", "latitude", "longitude", "radius_km", "departments", "employees", "website");
    private static final Map<String, String> JSON_TO_COLUMN = Map.of("legalForm", "legal_form", "radiusKm", "radius_km");

    @Override
    public List<String> columns() {
        return COLUMNS;
    }

    @Override
    public List<String> required() {
        return List.of("siret", "name", "categories");
    }

    @Override
    public JsonObject toJson(Map<String, String> v, RowContext row) {
        JsonObject json = new JsonObject()
                .put("siret", v.get("siret"))
                .put("name", v.get("name"))
                .put("categories", list(v.get("categories")))
                .put("legalForm", v.get("legal_form"))
                .put("naf", v.get("naf"))
                .put("description", v.get("description"))
                .put("cpv", list(v.get("cpv")))
                .put("address", v.get("address"))
                .put("postcode", v.get("postcode"))
                .put("city", v.get("city"))
                .put("latitude", row.decimal("latitude", v.get("latitude")))
                .put("longitude", row.decimal("longitude", v.get("longitude")))
                .put("departments", list(v.get("departments")))
                .put("website", v.get("website"));
        Long radius = row.whole("radius_km", v.get("radius_km"));
        Long employees = row.whole("employees", v.get("employees"));
        return json.put("radiusKm", radius).put("employees", employees);
    }

    @Override
    public String columnOf(String jsonPath) {
        String root = CsvLayout.rootOf(jsonPath);
        return JSON_TO_COLUMN.getOrDefault(root, root);
    }

    /** "a|b| c" → ["a", "b", "c"]; blank → null. */
    static JsonArray list(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        return new JsonArray(Arrays.stream(value.split("\\|")).map(String::strip).filter(s -> !s.isEmpty()).toList());
    }
}
