package fr.essor.matching.eval;

import fr.essor.reference.NafCatalog;
import fr.essor.registry.Category;
import fr.essor.registry.Enterprise;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
    static final Path FILE = Path.of("../shared/data/registry/siae_lemarche.csv");
    private static final Pattern BAND = Pattern.compile("^([\\d\\s\u00a0]+)\\s*(?:à|salari)");

    final List<Enterprise> enterprises;
    /** SIRET → kinds as written in the source (ACI, EI, GEIQ, EA ...). */
    final Map<String, Set<String>> rawKinds;

    private LemarcheRegistry(List<Enterprise> enterprises, Map<String, Set<String>> rawKinds) {
        this.enterprises = enterprises;
        this.rawKinds = rawKinds;
    }

    static LemarcheRegistry load() throws IOException {
        List<List<String>> rows = SimpleCsv.parse(Files.readString(FILE));
        List<String> header = rows.get(0);
        Map<String, Integer> col = new HashMap<>();
        for (int i = 0; i < header.size(); i++) {
            col.put(header.get(i), i);
        }
        Map<String, Enterprise> bySiret = new LinkedHashMap<>();
        Map<String, Set<String>> kinds = new HashMap<>();
        for (List<String> r : rows.subList(1, rows.size())) {
            String siret = r.get(col.get("siret")).strip();
            if (!validSiret(siret)) {
                continue;
            }
            String kind = r.get(col.get("kind")).strip();
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
            String brand = r.get(col.get("brand")).strip();
            String name = brand.isEmpty() ? r.get(col.get("name")).strip() : brand;
            bySiret.put(siret, new Enterprise(siret, name, categories, blank(r.get(col.get("legal_form"))),
                    NafCatalog.normalize(r.get(col.get("naf")).strip()), blank(r.get(col.get("description"))),
                    List.of(), blank(r.get(col.get("address"))), blank(r.get(col.get("post_code"))),
                    blank(r.get(col.get("city"))), number(r.get(col.get("latitude"))), number(r.get(col.get("longitude"))),
                    null, List.of(), List.of(), employees(r.get(col.get("api_entreprise_employees"))),
                    blank(r.get(col.get("website"))), null, null, null, blank(r.get(col.get("department"))), null,
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
    static boolean validSiret(String s) {
        if (!s.matches("\\d{14}")) {
            return false;
        }
        int sum = 0;
        if (s.startsWith("356000000")) {
            for (char c : s.toCharArray()) {
                sum += c - '0';
            }
            return sum % 5 == 0;
        }
        for (int i = 0; i < 14; i++) {
            int d = s.charAt(13 - i) - '0';
            if (i % 2 == 1) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
        }
        return sum % 10 == 0;
    }

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
