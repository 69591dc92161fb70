package fr.essor.registry.index;

import fr.essor.reference.Geography;
import fr.essor.reference.ReferenceData;
import fr.essor.registry.Category;
import fr.essor.registry.Enterprise;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The real inclusive employers of siae_lemarche.csv as enterprises, parsed minimally for the index tests (the
 * registry's importer is the real one): SIRETs of 14 digits, rows of one SIRET merged (categories joined),
 * région from the reference départements, employees from the band's lower bound.
 */
public final class LemarcheFixture {
    static final Path FILE = Path.of("../shared/data/registry/siae_lemarche.csv");
    private static final Pattern LEADING_NUMBER = Pattern.compile("^(\\d[\\d ]*)");
    private static List<Enterprise> cached;

    private LemarcheFixture() {
    }

    public static synchronized List<Enterprise> enterprises() {
        if (cached == null) {
            cached = List.copyOf(load());
        }
        return cached;
    }

    /** The raw rows, each a column → value map. */
    public static List<Map<String, String>> rows() {
        try {
            List<List<String>> records = csv(Files.readString(FILE, StandardCharsets.UTF_8));
            List<String> header = records.get(0);
            List<Map<String, String>> rows = new ArrayList<>();
            for (List<String> record : records.subList(1, records.size())) {
                Map<String, String> row = new LinkedHashMap<>();
                for (int i = 0; i < header.size(); i++) {
                    row.put(header.get(i), i < record.size() ? record.get(i).strip() : "");
                }
                rows.add(row);
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Enterprise> load() {
        Geography geography = ReferenceData.get().geography();
        Map<String, Enterprise> bySiret = new LinkedHashMap<>();
        for (Map<String, String> row : rows()) {
            String siret = row.get("siret");
            if (!siret.matches("\\d{14}")) {
                continue;
            }
            Set<Category> categories = EnumSet.noneOf(Category.class);
            Category.fromToken(row.get("kind")).ifPresent(categories::add);
            String department = blank(row.get("department"));
            String region = department == null ? null
                    : geography.department(department).map(Geography.Department::region).orElse(null);
            Enterprise e = new Enterprise(siret, row.get("name"), categories, blank(row.get("legal_form")),
                    blank(row.get("naf")), blank(row.get("description")), List.of(), blank(row.get("address")),
                    blank(row.get("post_code")), blank(row.get("city")), number(row.get("latitude")),
                    number(row.get("longitude")), null, null, null, employees(row.get("api_entreprise_employees")),
                    blank(row.get("website")), null, null, null, department, region, null);
            bySiret.merge(siret, e, LemarcheFixture::merge);
        }
        return new ArrayList<>(bySiret.values());
    }

    /** One structure running two kinds: the first row, with both categories. */
    private static Enterprise merge(Enterprise first, Enterprise second) {
        Set<Category> categories = EnumSet.copyOf(first.categories());
        categories.addAll(second.categories());
        return new Enterprise(first.siret(), first.name(), categories, first.legalForm(),
                first.naf() != null ? first.naf() : second.naf(),
                first.description() != null ? first.description() : second.description(), first.cpv(),
                first.address(), first.postcode(), first.city(), first.latitude(), first.longitude(), null, null,
                null, first.employees(), first.website(), null, null, null, first.department(), first.region(), null);
    }

    private static String blank(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    private static Double number(String value) {
        return blank(value) == null ? null : Double.valueOf(value);
    }

    private static Integer employees(String band) {
        Matcher m = LEADING_NUMBER.matcher(band == null ? "" : band);
        return m.find() ? Integer.valueOf(m.group(1).replace(" ", "")) : null;
    }

    /** RFC 4180: quoted fields may hold commas, doubled quotes and line breaks. */
    static List<List<String>> csv(String text) {
        List<List<String>> records = new ArrayList<>();
        List<String> record = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                record.add(field.toString());
                field.setLength(0);
            } else if (c == '\n' || c == '\r') {
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                record.add(field.toString());
                field.setLength(0);
                records.add(record);
                record = new ArrayList<>();
            } else {
                field.append(c);
            }
        }
        if (field.length() > 0 || !record.isEmpty()) {
            record.add(field.toString());
            records.add(record);
        }
        return records;
    }
}
