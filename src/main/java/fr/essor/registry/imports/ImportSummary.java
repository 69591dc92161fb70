package fr.essor.registry.imports;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * The answer to an import: {@code imported} new enterprises, {@code updated} ones, {@code unchanged} ones (the
 * stored record, after geocoding and derivation, already said the same), the lines {@code rejected} and warnings;
 * {@code searchableAt} the change number the index must pass to show what the import stored (not in the answer).
 */
public record ImportSummary(long imported, long updated, long unchanged, List<Rejection> rejected,
                            List<ImportWarning> warnings, long searchableAt) {
    public JsonObject toJson() {
        JsonArray rejectedJson = new JsonArray();
        rejected.forEach(r -> rejectedJson.add(r.toJson()));
        JsonArray warningsJson = new JsonArray();
        warnings.forEach(w -> warningsJson.add(w.toJson()));
        return new JsonObject()
                .put("imported", imported)
                .put("updated", updated)
                .put("unchanged", unchanged)
                .put("rejected", rejectedJson)
                .put("warnings", warningsJson);
    }
}
