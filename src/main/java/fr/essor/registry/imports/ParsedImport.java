package fr.essor.registry.imports;

import fr.essor.registry.Category;
import fr.essor.registry.Enterprise;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * What a file gave: one row per SIRET (rows repeating a SIRET are merged, categories united: one structure may run
 * an ACI and an AI), the lines rejected, and warnings. Filled line by line by a parser.
 */
public final class ParsedImport {
    private final Map<String, ImportRow> rows = new LinkedHashMap<>();
    private final List<Rejection> rejected = new ArrayList<>();
    private final List<ImportWarning> warnings = new ArrayList<>();

    void accept(int line, Enterprise enterprise) {
        ImportRow first = rows.get(enterprise.siret());
        if (first == null) {
            rows.put(enterprise.siret(), new ImportRow(line, enterprise));
            return;
        }
        rows.put(enterprise.siret(), new ImportRow(first.line(), merge(first.enterprise(), enterprise)));
        warn(line, "SIRET " + enterprise.siret() + " repeats line " + first.line() + ": merged into it (categories united)");
    }

    void reject(Rejection rejection) {
        rejected.add(rejection);
    }

    void warn(int line, String message) {
        warnings.add(new ImportWarning(line, message));
    }

    public List<ImportRow> rows() {
        return List.copyOf(rows.values());
    }

    public List<Rejection> rejected() {
        return List.copyOf(rejected);
    }

    public List<ImportWarning> warnings() {
        return List.copyOf(warnings);
    }

    /** Two rows of one SIRET: categories and code lists united, other fields from the first row that gives them. */
    static Enterprise merge(Enterprise a, Enterprise b) {
        Set<Category> categories = EnumSet.noneOf(Category.class);
        categories.addAll(a.categories());
        categories.addAll(b.categories());
        Map<Category, Enterprise.FlagSource> sources = new EnumMap<>(Category.class);
        sources.putAll(b.sources());
        sources.putAll(a.sources());
        return new Enterprise(a.siret(), first(a, b, Enterprise::name), Set.copyOf(categories),
                first(a, b, Enterprise::legalForm), first(a, b, Enterprise::naf), first(a, b, Enterprise::description),
                union(a.cpv(), b.cpv()), first(a, b, Enterprise::address), first(a, b, Enterprise::postcode),
                first(a, b, Enterprise::city),
                a.hasLocation() ? a.latitude() : b.latitude(), a.hasLocation() ? a.longitude() : b.longitude(),
                first(a, b, Enterprise::radiusKm), union(a.departments(), b.departments()), union(a.regions(), b.regions()),
                first(a, b, Enterprise::employees), first(a, b, Enterprise::website), first(a, b, Enterprise::contact),
                first(a, b, Enterprise::esusUntil), first(a, b, Enterprise::commune), first(a, b, Enterprise::department),
                first(a, b, Enterprise::region), Map.copyOf(sources));
    }

    private static <T> T first(Enterprise a, Enterprise b, Function<Enterprise, T> field) {
        T value = field.apply(a);
        return value != null ? value : field.apply(b);
    }

    private static List<String> union(List<String> a, List<String> b) {
        Set<String> out = new LinkedHashSet<>(a);
        out.addAll(b);
        return List.copyOf(out);
    }
}
