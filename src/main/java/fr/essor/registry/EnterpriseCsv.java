package fr.essor.registry;

import fr.essor.http.CsvWriter;
import fr.essor.registry.index.RegistryHit;
import fr.essor.registry.index.RegistryPage;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * GET /api/enterprises with {@code Accept: text/csv}: one enterprise a line. Its descriptive columns
 * ({@link #DETAILS}) are also the tail of a match's CSV line, so both tables read alike.
 */
public final class EnterpriseCsv {
    /** What describes an enterprise beyond its SIRET, name and categories. */
    public static final List<String> DETAILS = List.of("legalForm", "naf", "nafLabel", "address", "postcode", "city", "department",
            "employees", "website", "email", "phone");
    static final List<String> HEADER = concat(List.of("siret", "name", "categories", "score", "distanceKm"), DETAILS);

    private EnterpriseCsv() {
    }

    /** The page as CSV; score is empty without q, distanceKm without near. */
    static CsvWriter page(RegistryPage page, EnterpriseJson codec) {
        CsvWriter csv = new CsvWriter(HEADER);
        for (RegistryHit hit : page.items()) {
            Enterprise e = hit.enterprise();
            List<Object> row = new ArrayList<>(Arrays.asList(e.siret(), e.name(), categories(e), hit.score(),
                    hit.distanceKm() == null ? null : Math.round(hit.distanceKm() * 100) / 100.0));
            row.addAll(details(e, codec.nafLabel(e)));
            csv.row(row);
        }
        return csv;
    }

    /** Categories as in the registry CSV: tokens joined by |. */
    public static String categories(Enterprise e) {
        return String.join("|", e.categories().stream().sorted().map(Category::name).toList());
    }

    /** The cells of {@link #DETAILS}. */
    public static List<Object> details(Enterprise e, String nafLabel) {
        Enterprise.Contact contact = e.contact();
        return Arrays.asList(e.legalForm(), e.naf(), nafLabel, e.address(), e.postcode(), e.city(), e.department(), e.employees(),
                e.website(), contact == null ? null : contact.email(), contact == null ? null : contact.phone());
    }

    public static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return List.copyOf(out);
    }
}
