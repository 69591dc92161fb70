package fr.essor.matching;

import fr.essor.registry.Category;
import fr.essor.registry.Enterprise;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The project's real configuration file, and enterprises built field by field for unit tests. */
public final class TestData {
    private TestData() {
    }

    /** The "matching" section of config/essor.json (tests run from the project root). */
    static JsonObject matchingSection() {
        try {
            return new JsonObject(Files.readString(Path.of("config/essor.json"))).getJsonObject("matching");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The shipped matching configuration, as the service reads it. */
    public static MatchingConfig config() {
        return MatchingConfig.fromJson(matchingSection());
    }

    static Builder enterprise(String siret, Category... categories) {
        return new Builder(siret, categories);
    }

    static final class Builder {
        private final String siret;
        private final Set<Category> categories;
        private String name = "ENTREPRISE";
        private String naf;
        private String description;
        private List<String> cpv = List.of();
        private Double lat;
        private Double lon;
        private Integer radiusKm;
        private List<String> departments = List.of();
        private List<String> regions = List.of();
        private Integer employees;
        private LocalDate esusUntil;

        Builder(String siret, Category... categories) {
            this.siret = siret;
            this.categories = categories.length == 0 ? EnumSet.noneOf(Category.class) : EnumSet.of(categories[0], categories);
        }

        Builder name(String v) { name = v; return this; }
        Builder naf(String v) { naf = v; return this; }
        Builder description(String v) { description = v; return this; }
        Builder cpv(String... v) { cpv = List.of(v); return this; }
        Builder at(double la, double lo) { lat = la; lon = lo; return this; }
        Builder radiusKm(int v) { radiusKm = v; return this; }
        Builder departments(String... v) { departments = List.of(v); return this; }
        Builder regions(String... v) { regions = List.of(v); return this; }
        Builder employees(int v) { employees = v; return this; }
        Builder esusUntil(LocalDate v) { esusUntil = v; return this; }

        Enterprise build() {
            return new Enterprise(siret, name, categories, null, naf, description, cpv, null, null, null, lat, lon,
                    radiusKm, departments, regions, employees, null, null, esusUntil, null, null, null, Map.of());
        }
    }
}
