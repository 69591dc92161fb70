package fr.essor.matching.eval;

import fr.essor.registry.Siret;
import fr.essor.registry.index.LemarcheFixture;

import fr.essor.reference.NafCatalog;
import fr.essor.registry.Category;
import fr.essor.registry.Enterprise;

import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The real registry seed (Le marché de l'inclusion, ../shared/data/registry/siae_lemarche.csv) read as essor's
 * import would: rows with an invalid SIRET left out, rows repeating a SIRET merged (categories united), ESUS
 * derived for SIAE and EA, the employee band's lower bound as headcount. Also keeps each row's raw kinds, so that
 * the evaluation judges eligibility from the source, not from essor's rules.
 */
final class LemarcheRegistry {
    private static final Pattern BAND = Pattern.compile("^([\\d\\s\u00a0]+)\\s*(?:à|salari)");

    final List<Enterprise> enterprises;
    /** SIRET → kinds as written in the source (ACI, EI, GEIQ, EA ...). */
    final Map<String, Set<String>> rawKinds;

    private LemarcheRegistry(List<Enterprise> enterprises, Map<String, Set<String>> rawKinds) {
        this.enterprises = enterprises;
        this.rawKinds = rawKinds;
    }

    static LemarcheRegistry load() throws IOException {
        Map<String, Enterprise> bySiret = new LinkedHashMap<>();
        Map<String, Set<String>> kinds = new HashMap<>();
        for (Map<String, String> r : LemarcheFixture.rows()) {
            String siret = r.get("siret").strip();
            if (!Siret.isValid(siret)) {
                continue;
            }
            String kind = r.get("kind").strip();
            kinds.computeIfAbsent(siret, s -> new java.util.TreeSet<>()).add(kind);
            Set<Category> categories = EnumSet.noneOf(Category.class);
            Category.fromToken(kind).ifPresent(categories::add);
            if (categories.stream().anyMatch(Category::impliesEsus)) {
                categories.add(Category.ESUS);
            }
            Enterprise previous = bySiret.get(siret);
            if (previous != null) {
                categories.addAll(previous.categories());
                bySiret.put(siret, withCategories(previous, categories));
                continue;
            }
            String brand = r.get("brand").strip();
            String name = brand.isEmpty() ? r.get("name").strip() : brand;
            bySiret.put(siret, new Enterprise(siret, name, categories, blank(r.get("legal_form")),
                    NafCatalog.normalize(r.get("naf").strip()), blank(r.get("description")),
                    List.of(), blank(r.get("address")), blank(r.get("post_code")),
                    blank(r.get("city")), number(r.get("latitude")), number(r.get("longitude")),
                    null, List.of(), List.of(), employees(r.get("api_entreprise_employees")),
                    blank(r.get("website")), null, null, null, blank(r.get("department")), null,
                    Map.of()));
        }
        return new LemarcheRegistry(new ArrayList<>(bySiret.values()), kinds);
    }

    private static Enterprise withCategories(Enterprise e, Set<Category> categories) {
        return new Enterprise(e.siret(), e.name(), categories, e.legalForm(), e.naf(), e.description(), e.cpv(),
                e.address(), e.postcode(), e.city(), e.latitude(), e.longitude(), e.radiusKm(), e.departments(),
                e.regions(), e.employees(), e.website(), e.contact(), e.esusUntil(), e.commune(), e.department(),
                e.region(), e.sources());
    }

    /** 14 digits, Luhn; La Poste (SIREN 356000000): digit sum a multiple of 5. */

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private static Double number(String s) {
        return s == null || s.isBlank() ? null : Double.valueOf(s.strip());
    }

    static Integer employees(String band) {
        if (band == null) {
            return null;
        }
        Matcher m = BAND.matcher(band.strip());
        return m.find() ? Integer.valueOf(m.group(1).replaceAll("[\\s\u00a0]", "")) : null;
    }
}
