package fr.essor.registry;

import fr.essor.http.FieldError;
import fr.essor.reference.CpvCatalog;
import fr.essor.reference.Geography;
import fr.essor.reference.NafCatalog;
import fr.essor.reference.ReferenceData;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The enterprise as the API shows it (DESIGN.md section 5): the registry CSV's fields in camelCase, {@code categories},
 * {@code cpv}, {@code departments} and {@code regions} as arrays, {@code contact}, {@code esusUntil}, the geocoded
 * {@code commune}, {@code department}, {@code region}, and {@code sources} ({flag: {source, date}}).
 *
 * <p>{@link #decode} reads a client's JSON and names every field at fault (paths such as {@code categories[2]},
 * {@code contact.email}, {@code sources.ACI.date}); it normalises what has a canonical form (NAF dotted, CPV on
 * 8 digits, département codes) and checks codes against the reference lists. The geocoded fields are computed,
 * never taken from a client: they are accepted on input (a GET's answer may be PUT back) and ignored.
 */
public final class EnterpriseJson {
    static final int MAX_NAME = 300;
    static final int MAX_DESCRIPTION = 20_000;
    static final int MAX_TEXT = 1_000;
    static final int MAX_RADIUS_KM = 1_000;
    static final int MAX_CODES = 500;
    private static final java.util.regex.Pattern EMAIL = java.util.regex.Pattern.compile("[^@\\s]+@[^@\\s]+");

    /** Input fields, in the order they are written. */
    static final List<String> FIELDS = List.of("siret", "name", "categories", "legalForm", "naf", "description", "cpv",
            "address", "postcode", "city", "latitude", "longitude", "radiusKm", "departments", "regions", "employees",
            "website", "contact", "esusUntil", "commune", "department", "region", "sources", "nafLabel");
    /** Computed fields: accepted on input (a GET's answer may be PUT back) and ignored. */
    private static final Set<String> COMPUTED = Set.of("commune", "department", "region", "nafLabel");
    /** What a PUT's answer adds (read your writes): accepted on input, so that the answer may be PUT back, and ignored. */
    private static final String SEARCHABLE = "searchable";

    /** A decoded enterprise, or the errors that stopped it (then {@code enterprise} is null). */
    public record Decoded(Enterprise enterprise, List<FieldError> errors) {
        public boolean ok() {
            return errors.isEmpty();
        }
    }

    private final ReferenceData reference;
    private final Set<String> regionCodes;

    public EnterpriseJson(ReferenceData reference) {
        this.reference = reference;
        this.regionCodes = reference.geography().departments().stream()
                .map(Geography.Department::region).collect(Collectors.toUnmodifiableSet());
    }

    // --- writing ---------------------------------------------------------------------------------------

    public static JsonObject encode(Enterprise e) {
        JsonObject json = new JsonObject()
                .put("siret", e.siret())
                .put("name", e.name())
                .put("categories", new JsonArray(e.categories().stream().sorted().map(Category::name).toList()))
                .put("legalForm", e.legalForm())
                .put("naf", e.naf())
                .put("description", e.description())
                .put("cpv", list(e.cpv()))
                .put("address", e.address())
                .put("postcode", e.postcode())
                .put("city", e.city())
                .put("latitude", e.latitude())
                .put("longitude", e.longitude())
                .put("radiusKm", e.radiusKm())
                .put("departments", list(e.departments()))
                .put("regions", list(e.regions()))
                .put("employees", e.employees())
                .put("website", e.website())
                .put("contact", e.contact() == null ? null : new JsonObject()
                        .put("email", e.contact().email())
                        .put("phone", e.contact().phone())
                        .put("person", e.contact().person()))
                .put("esusUntil", e.esusUntil() == null ? null : e.esusUntil().toString())
                .put("commune", e.commune())
                .put("department", e.department())
                .put("region", e.region());
        JsonObject sources = new JsonObject();
        (e.sources() == null ? Map.<Category, Enterprise.FlagSource>of() : e.sources()).entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(s -> sources.put(s.getKey().name(),
                new JsonObject().put("source", s.getValue().source())
                        .put("date", s.getValue().date() == null ? null : s.getValue().date().toString())));
        return json.put("sources", sources);
    }

    /**
     * The enterprise as the API answers it: {@link #encode} (the stored form) plus {@code nafLabel}, the NAF rév. 2
     * label of its code, null when it has none or the code is not in the catalogue.
     */
    public JsonObject answer(Enterprise e) {
        return encode(e).put("nafLabel", nafLabel(e));
    }

    /** The NAF rév. 2 label of the enterprise's code; null when it has none or the code is unknown. */
    public String nafLabel(Enterprise e) {
        return reference.naf().labelOf(e.naf());
    }

    private static JsonArray list(List<String> values) {
        return values == null ? new JsonArray() : new JsonArray(new ArrayList<>(values));
    }

    /**
     * A record written by {@link #encode} and stored by essor (PostgreSQL's document, the index's stored copy): trusted,
     * so read as it is, geocoded fields included, without the checks {@link #decode} makes of a client's input.
     */
    public static Enterprise fromStored(JsonObject json) {
        JsonObject contact = json.getJsonObject("contact");
        return new Enterprise(
                json.getString("siret"),
                json.getString("name"),
                storedCategories(json.getJsonArray("categories")),
                json.getString("legalForm"),
                json.getString("naf"),
                json.getString("description"),
                storedStrings(json.getJsonArray("cpv")),
                json.getString("address"),
                json.getString("postcode"),
                json.getString("city"),
                json.getDouble("latitude"),
                json.getDouble("longitude"),
                json.getInteger("radiusKm"),
                storedStrings(json.getJsonArray("departments")),
                storedStrings(json.getJsonArray("regions")),
                json.getInteger("employees"),
                json.getString("website"),
                contact == null ? null : new Enterprise.Contact(
                        contact.getString("email"), contact.getString("phone"), contact.getString("person")),
                storedDate(json.getString("esusUntil")),
                json.getString("commune"),
                json.getString("department"),
                json.getString("region"),
                storedSources(json.getJsonObject("sources")));
    }

    /** {@link #fromStored} of the text of a stored record. */
    public static Enterprise fromStored(String text) {
        return fromStored(new JsonObject(text));
    }

    private static Set<Category> storedCategories(JsonArray array) {
        Set<Category> set = EnumSet.noneOf(Category.class);
        if (array != null) {
            for (int i = 0; i < array.size(); i++) {
                set.add(Category.valueOf(array.getString(i)));
            }
        }
        return set;
    }

    private static List<String> storedStrings(JsonArray array) {
        if (array == null) {
            return List.of();
        }
        List<String> list = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            list.add(array.getString(i));
        }
        return Collections.unmodifiableList(list);
    }

    private static Map<Category, Enterprise.FlagSource> storedSources(JsonObject json) {
        Map<Category, Enterprise.FlagSource> map = new EnumMap<>(Category.class);
        if (json != null) {
            for (String key : json.fieldNames()) {
                JsonObject source = json.getJsonObject(key);
                map.put(Category.valueOf(key), new Enterprise.FlagSource(source.getString("source"),
                        storedDate(source.getString("date"))));
            }
        }
        return map;
    }

    private static LocalDate storedDate(String iso) {
        return iso == null ? null : LocalDate.parse(iso);
    }

    // --- reading ---------------------------------------------------------------------------------------

    public Decoded decode(JsonObject json) {
        Reader r = new Reader(json);
        for (String key : json.fieldNames()) {
            if (!FIELDS.contains(key) && !key.equals(SEARCHABLE)) {
                r.error(key, "is not a field of an enterprise");
            }
        }
        Enterprise e = r.read(reference, regionCodes);
        return r.errors.isEmpty() ? new Decoded(e, List.of()) : new Decoded(null, List.copyOf(r.errors));
    }

    /** Reads one JSON object field by field, collecting errors instead of stopping at the first. */
    private static final class Reader {
        private final JsonObject json;
        final List<FieldError> errors = new ArrayList<>();

        Reader(JsonObject json) {
            this.json = json;
        }

        /** A client's record: codes looked up in the catalogues; geocoded fields are computed, not read. */
        Enterprise read(ReferenceData reference, Set<String> regionCodes) {
            String siret = text("siret", 40);
            if (!hasError("siret") && Siret.problem(siret) != null) {
                error("siret", Siret.problem(siret));
            }
            String name = text("name", MAX_NAME);
            if (name == null && !hasError("name")) {
                error("name", "is required");
            }
            Set<Category> categories = categories();
            String legalForm = text("legalForm", MAX_TEXT);
            String naf = naf(reference);
            String description = text("description", MAX_DESCRIPTION);
            List<String> cpv = cpv(reference);
            String address = text("address", MAX_TEXT);
            String postcode = text("postcode", 20);
            String city = text("city", MAX_TEXT);
            Double latitude = coordinate("latitude", 90);
            Double longitude = coordinate("longitude", 180);
            if ((latitude == null) != (longitude == null) && !hasError("latitude") && !hasError("longitude")) {
                error(latitude == null ? "latitude" : "longitude", "latitude and longitude go together: give both or neither");
            }
            Integer radiusKm = integer("radiusKm", 1, MAX_RADIUS_KM);
            List<String> departments = codes("departments",
                    code -> reference.geography().department(code).map(Geography.Department::code).orElse(null), "département");
            List<String> regions = codes("regions", code -> regionCodes.contains(code) ? code : null, "région");
            Integer employees = integer("employees", 0, 10_000_000);
            String website = text("website", MAX_TEXT);
            Enterprise.Contact contact = contact();
            LocalDate esusUntil = date("esusUntil");
            for (String computed : COMPUTED) {
                Object v = json.getValue(computed);
                if (v != null && !(v instanceof String)) {
                    error(computed, "must be a string (it is computed and ignored on input)");
                }
            }
            Map<Category, Enterprise.FlagSource> sources = sources(categories);
            if (!errors.isEmpty()) {
                return null;
            }
            return new Enterprise(siret, name, categories, legalForm, naf, description, cpv, address, postcode, city,
                    latitude, longitude, radiusKm, departments, regions, employees, website, contact, esusUntil,
                    null, null, null, sources);
        }

        void error(String field, String message) {
            errors.add(new FieldError(field, message));
        }

        boolean hasError(String field) {
            return errors.stream().anyMatch(e -> e.field().equals(field) || e.field().startsWith(field + "["));
        }

        /** A trimmed string; null when absent, null or blank. */
        String text(String field, int max) {
            return text(json, field, field, max);
        }

        String text(JsonObject from, String key, String path, int max) {
            Object v = from.getValue(key);
            if (v == null) {
                return null;
            }
            if (!(v instanceof String)) {
                error(path, "must be a string");
                return null;
            }
            String s = ((String) v).strip();
            if (s.indexOf('\u0000') >= 0) {
                error(path, "must not contain NUL characters");
                return null;
            }
            if (s.length() > max) {
                error(path, "must be at most " + max + " characters");
                return null;
            }
            return s.isEmpty() ? null : s;
        }

        Set<Category> categories() {
            JsonArray array = array("categories");
            if (array == null) {
                if (!hasError("categories")) {
                    error("categories", "is required: at least one category token");
                }
                return Set.of();
            }
            Set<Category> out = EnumSet.noneOf(Category.class);
            for (int i = 0; i < array.size(); i++) {
                Object v = array.getValue(i);
                String path = "categories[" + i + "]";
                if (!(v instanceof String)) {
                    error(path, "must be a category token");
                    continue;
                }
                Category.fromToken((String) v).ifPresentOrElse(out::add,
                        () -> error(path, "unknown category \"" + v + "\"; expected one of " + tokens()));
            }
            if (out.isEmpty() && !hasError("categories")) {
                error("categories", "is required: at least one category token");
            }
            return out;
        }

        String naf(ReferenceData reference) {
            String raw = text("naf", 20);
            if (raw == null) {
                return null;
            }
            String dotted = NafCatalog.normalize(raw);
            if (dotted == null) {
                error("naf", "\"" + raw + "\" is not a NAF rév. 2 sub-class (such as 81.21Z or 8121Z)");
                return null;
            }
            if (reference.naf().find(dotted).isEmpty()) {
                error("naf", "unknown NAF rév. 2 code \"" + raw + "\"");
                return null;
            }
            return dotted;
        }

        List<String> cpv(ReferenceData reference) {
            JsonArray array = array("cpv");
            if (array == null) {
                return List.of();
            }
            Set<String> out = new LinkedHashSet<>();
            for (int i = 0; i < array.size(); i++) {
                Object v = array.getValue(i);
                String path = "cpv[" + i + "]";
                String code = v instanceof String ? CpvCatalog.normalize((String) v) : null;
                if (code == null) {
                    error(path, "must be a CPV code such as 90910000-9 or 90910000");
                } else if (reference.cpv().find(code).isEmpty()) {
                    error(path, "unknown CPV code \"" + v + "\"");
                } else {
                    out.add(code);
                }
            }
            return List.copyOf(out);
        }

        /** A list of codes, each normalised by {@code check} (null: unknown). */
        List<String> codes(String field, java.util.function.UnaryOperator<String> check, String what) {
            JsonArray array = array(field);
            if (array == null) {
                return List.of();
            }
            Set<String> out = new LinkedHashSet<>();
            for (int i = 0; i < array.size(); i++) {
                Object v = array.getValue(i);
                String path = field + "[" + i + "]";
                String code = v instanceof String ? check.apply(((String) v).strip().toUpperCase(Locale.ROOT)) : null;
                if (code == null) {
                    error(path, v instanceof String ? "unknown " + what + " code \"" + v + "\"" : "must be a " + what + " code");
                } else {
                    out.add(code);
                }
            }
            return List.copyOf(out);
        }

        JsonArray array(String field) {
            Object v = json.getValue(field);
            if (v == null) {
                return null;
            }
            if (!(v instanceof JsonArray)) {
                error(field, "must be an array");
                return null;
            }
            JsonArray array = (JsonArray) v;
            if (array.size() > MAX_CODES) {
                error(field, "must have at most " + MAX_CODES + " elements");
                return null;
            }
            return array;
        }

        Double coordinate(String field, double bound) {
            Object v = json.getValue(field);
            if (v == null) {
                return null;
            }
            if (!(v instanceof Number)) {
                error(field, "must be a number");
                return null;
            }
            double d = ((Number) v).doubleValue();
            if (!Double.isFinite(d) || d < -bound || d > bound) {
                error(field, "must be between -" + (int) bound + " and " + (int) bound);
                return null;
            }
            return d;
        }

        Integer integer(String field, int min, int max) {
            Object v = json.getValue(field);
            if (v == null) {
                return null;
            }
            if (!(v instanceof Number) || ((Number) v).doubleValue() != Math.rint(((Number) v).doubleValue())) {
                error(field, "must be a whole number");
                return null;
            }
            double d = ((Number) v).doubleValue();
            if (d < min || d > max) {
                error(field, "must be between " + min + " and " + max);
                return null;
            }
            return (int) d;
        }

        LocalDate date(String field) {
            return date(text(field, 40), field);
        }

        LocalDate date(String value, String path) {
            if (value == null) {
                return null;
            }
            try {
                return LocalDate.parse(value);
            } catch (DateTimeParseException e) {
                error(path, "must be a date such as 2027-12-31");
                return null;
            }
        }

        Enterprise.Contact contact() {
            Object v = json.getValue("contact");
            if (v == null) {
                return null;
            }
            if (!(v instanceof JsonObject)) {
                error("contact", "must be an object {email, phone, person}");
                return null;
            }
            JsonObject c = (JsonObject) v;
            for (String key : c.fieldNames()) {
                if (!List.of("email", "phone", "person").contains(key)) {
                    error("contact." + key, "is not a field of a contact (email, phone, person)");
                }
            }
            String email = text(c, "email", "contact.email", 320);
            if (email != null && !EMAIL.matcher(email).matches()) {
                error("contact.email", "must be an e-mail address");
            }
            String phone = text(c, "phone", "contact.phone", 40);
            String person = text(c, "person", "contact.person", MAX_TEXT);
            return email == null && phone == null && person == null ? null : new Enterprise.Contact(email, phone, person);
        }

        Map<Category, Enterprise.FlagSource> sources(Set<Category> categories) {
            Object v = json.getValue("sources");
            Map<Category, Enterprise.FlagSource> out = new EnumMap<>(Category.class);
            if (v == null) {
                return out;
            }
            if (!(v instanceof JsonObject)) {
                error("sources", "must be an object {FLAG: {source, date}}");
                return out;
            }
            JsonObject sources = (JsonObject) v;
            for (String key : new TreeSet<>(sources.fieldNames())) {
                String path = "sources." + key;
                Category flag = Category.fromToken(key).orElse(null);
                if (flag == null) {
                    error(path, "unknown category \"" + key + "\"");
                    continue;
                }
                if (!categories.isEmpty() && !categories.contains(flag)) {
                    error(path, "names a flag that is not among the categories");
                    continue;
                }
                Object s = sources.getValue(key);
                if (!(s instanceof JsonObject)) {
                    error(path, "must be an object {source, date}");
                    continue;
                }
                String source = text((JsonObject) s, "source", path + ".source", 100);
                if (source == null && !hasError(path + ".source")) {
                    error(path + ".source", "is required");
                }
                LocalDate date = date(text((JsonObject) s, "date", path + ".date", 40), path + ".date");
                if (source != null) {
                    out.put(flag, new Enterprise.FlagSource(source, date));
                }
            }
            return out;
        }

        private static String tokens() {
            return java.util.Arrays.stream(Category.values()).map(Category::name).collect(Collectors.joining(", "));
        }
    }
}
