package fr.essor.matching;

import fr.essor.http.FieldError;
import fr.essor.http.ProblemException;
import fr.essor.notice.Reservation;
import fr.essor.reference.CpvCatalog;
import fr.essor.reference.Geography;
import fr.essor.reference.ReferenceData;
import fr.essor.registry.Category;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The body of POST /api/match and POST /api/reservability (DESIGN.md section 5): {text, cpv: [..], place: {lat, lon}
 * | {insee} | {postcode, city?} | {nuts} (first of these given), reservation, estimatedValue, durationMonths, contractNature, buyerKind, lightRegime,
 * size, page, weights: {text, cpv, geo, capacity, preference} (any of them, the others from configuration),
 * preference: {CATEGORY: value}}. Every field but text or cpv is optional.
 */
public record MatchRequest(LotDescription lot, ScoringPolicy policy, int page, int size) {
    public static final int DEFAULT_SIZE = 20;
    public static final int MAX_SIZE = 100;
    /** Deepest result asked for ((page + 1) × size): bounds the retrieval. */
    public static final int MAX_DEPTH = 1000;
    static final int MAX_TEXT = 20_000;
    static final int MAX_CPV = 100;
    static final double MAX_MONTHS = 1200;
    private static final Set<String> NATURES = Set.of("works", "supplies", "services");
    private static final Set<String> BUYER_KINDS = Set.of("central", "local", "other");
    private static final Pattern POSTCODE = Pattern.compile("\\d{5}");
    /** Every field the body takes (DESIGN.md section 5: unknown fields → 422). */
    static final List<String> FIELDS = List.of("text", "cpv", "place", "reservation", "estimatedValue", "durationMonths",
            "contractNature", "buyerKind", "lightRegime", "size", "page", "weights", "preference");
    private static final Pattern NUTS = Pattern.compile("[A-Z]{2}[A-Z0-9]{0,3}");

    /**
     * Parses and validates the body; every invalid field is listed.
     *
     * @throws ProblemException 422 naming each field at fault
     */
    public static MatchRequest parse(JsonObject body, MatchingConfig config, ReferenceData reference, Clock clock) {
        return new Parser(body, config, reference).parse(LocalDate.now(clock));
    }

    private static final class Parser {
        private final JsonObject body;
        private final MatchingConfig config;
        private final ReferenceData reference;
        private final List<FieldError> errors = new ArrayList<>();

        Parser(JsonObject body, MatchingConfig config, ReferenceData reference) {
            this.body = body == null ? new JsonObject() : body;
            this.config = config;
            this.reference = reference;
        }

        MatchRequest parse(LocalDate today) {
            for (String field : body.fieldNames()) {
                if (!FIELDS.contains(field)) {
                    // a misspelt field ("reservaton") must not silently match an unreserved lot
                    errors.add(new FieldError(field, "unknown field: the body takes " + String.join(", ", FIELDS)));
                }
            }
            String text = text();
            List<String> cpv = cpv();
            if (text == null && cpv.isEmpty() && errors.isEmpty()) {
                errors.add(new FieldError("text", "give text or cpv (or both)"));
            }
            LotPlace place = place();
            Reservation reservation = token("reservation", r -> Reservation.fromToken(r),
                    Arrays.stream(Reservation.values()).map(Reservation::token).toList());
            Double value = value();
            Double months = number("durationMonths", 0, MAX_MONTHS, false);
            String nature = choice("contractNature", NATURES);
            String buyerKind = choice("buyerKind", BUYER_KINDS);
            Boolean light = bool("lightRegime");
            Integer size = integer("size", 1, MAX_SIZE);
            Integer page = integer("page", 0, MAX_DEPTH);
            int s = size == null ? DEFAULT_SIZE : size;
            int p = page == null ? 0 : page;
            if (size != null || page != null) {
                if ((long) (p + 1) * s > MAX_DEPTH && errors.stream().noneMatch(e -> e.field().equals("page"))) {
                    errors.add(new FieldError("page", "(page + 1) × size must not exceed " + MAX_DEPTH));
                }
            }
            Weights weights = weights();
            Map<Category, Double> preference = preference();
            if (!errors.isEmpty()) {
                throw ProblemException.unprocessable("invalid match request", errors);
            }
            LotDescription lot = new LotDescription(null, text == null ? "" : text, cpv, place,
                    reservation == null ? Reservation.NONE : reservation, value, value, months, nature, buyerKind,
                    light, today);
            return new MatchRequest(lot, new ScoringPolicy(weights, preference), p, s);
        }

        private String text() {
            Object v = body.getValue("text");
            if (v == null) {
                return null;
            }
            if (!(v instanceof String s)) {
                errors.add(new FieldError("text", "must be a string"));
                return null;
            }
            if (s.length() > MAX_TEXT) {
                errors.add(new FieldError("text", "must have at most " + MAX_TEXT + " characters"));
                return null;
            }
            return s.isBlank() ? null : s.strip();
        }

        private List<String> cpv() {
            Object v = body.getValue("cpv");
            if (v == null) {
                return List.of();
            }
            if (v instanceof String single) {
                v = new JsonArray().add(single);
            }
            if (!(v instanceof JsonArray a)) {
                errors.add(new FieldError("cpv", "must be an array of CPV codes"));
                return List.of();
            }
            if (a.size() > MAX_CPV) {
                errors.add(new FieldError("cpv", "at most " + MAX_CPV + " codes"));
                return List.of();
            }
            Set<String> codes = new LinkedHashSet<>();
            for (int i = 0; i < a.size(); i++) {
                String field = "cpv[" + i + "]";
                Object c = a.getValue(i);
                String code8 = c instanceof String s ? CpvCatalog.normalize(s) : null;
                if (code8 == null) {
                    errors.add(new FieldError(field, "not a CPV code (8 digits, optional check digit: 90910000-9)"));
                } else if (reference.cpv().find(code8).isEmpty()) {
                    errors.add(new FieldError(field, "unknown CPV code " + code8));
                } else {
                    codes.add(code8);
                }
            }
            return new ArrayList<>(codes);
        }

        private LotPlace place() {
            Object v = body.getValue("place");
            if (v == null) {
                return LotPlace.unknown("location unknown: no place given");
            }
            if (!(v instanceof JsonObject o)) {
                errors.add(new FieldError("place", "must be an object: {lat, lon}, {insee}, {postcode} or {nuts}"));
                return null;
            }
            PlaceResolver resolver = new PlaceResolver(reference.geography());
            if (o.containsKey("lat") || o.containsKey("lon")) {
                Double lat = coordinate(o, "lat", 90);
                Double lon = coordinate(o, "lon", 180);
                return lat == null || lon == null ? null : resolver.point(lat, lon);
            }
            if (o.containsKey("insee")) {
                Object insee = o.getValue("insee");
                if (!(insee instanceof String code) || Geography.departmentOfInsee(code.strip()) == null) {
                    errors.add(new FieldError("place.insee", "must be an INSEE commune code of 5 characters (93048, 2A004)"));
                    return null;
                }
                Optional<LotPlace> found = resolver.insee(code.strip());
                if (found.isEmpty()) {
                    errors.add(new FieldError("place.insee", "unknown INSEE commune code " + code.strip()));
                    return null;
                }
                return found.get();
            }
            if (o.containsKey("postcode")) {
                Object pc = o.getValue("postcode");
                Object city = o.getValue("city");
                if (city != null && !(city instanceof String)) {
                    errors.add(new FieldError("place.city", "must be a string"));
                    return null;
                }
                if (!(pc instanceof String s) || !POSTCODE.matcher(s.strip()).matches()) {
                    errors.add(new FieldError("place.postcode", "must be a French postcode of 5 digits"));
                    return null;
                }
                Optional<LotPlace> found = resolver.postcode(s.strip(), (String) city);
                if (found.isEmpty()) {
                    errors.add(new FieldError("place.postcode", "unknown postcode " + s.strip()));
                    return null;
                }
                return found.get();
            }
            if (o.containsKey("nuts")) {
                Object n = o.getValue("nuts");
                List<String> codes = new ArrayList<>();
                if (n instanceof String s) {
                    codes.add(s);
                } else if (n instanceof JsonArray a) {
                    for (Object x : a) {
                        codes.add(x instanceof String s ? s : null);
                    }
                }
                if (codes.isEmpty() || codes.stream().anyMatch(c -> c == null || !NUTS.matcher(c.strip().toUpperCase(java.util.Locale.ROOT)).matches())) {
                    errors.add(new FieldError("place.nuts", "must be a NUTS code (FR101) or an array of them"));
                    return null;
                }
                // A NUTS code that is not a French département is a place essor cannot locate: neutral, not an error.
                return resolver.resolve(null, null, null, null, codes.stream().map(String::strip).toList());
            }
            errors.add(new FieldError("place", "give {lat, lon}, {insee}, {postcode} (with an optional city) or {nuts}"));
            return null;
        }

        private Double coordinate(JsonObject o, String key, double limit) {
            Object v = o.getValue(key);
            if (!(v instanceof Number n) || !Double.isFinite(n.doubleValue()) || Math.abs(n.doubleValue()) > limit) {
                errors.add(new FieldError("place." + key, "must be a number between -" + (int) limit + " and " + (int) limit));
                return null;
            }
            return n.doubleValue();
        }

        private Double value() {
            Object v = body.getValue("estimatedValue");
            if (v == null) {
                return null;
            }
            if (v instanceof JsonObject money) {
                Object currency = money.getValue("currency");
                if (currency != null && !(currency instanceof String c && c.equalsIgnoreCase("EUR"))) {
                    errors.add(new FieldError("estimatedValue.currency", "must be EUR"));
                    return null;
                }
                Object amount = money.getValue("amount");
                if (!(amount instanceof Number n) || !Double.isFinite(n.doubleValue()) || n.doubleValue() < 0) {
                    errors.add(new FieldError("estimatedValue.amount", "must be a number of euros, at least 0"));
                    return null;
                }
                return n.doubleValue();
            }
            return number("estimatedValue", 0, 1e13, true);
        }

        private Double number(String field, double min, double max, boolean minIncluded) {
            Object v = body.getValue(field);
            if (v == null) {
                return null;
            }
            if (!(v instanceof Number n) || !Double.isFinite(n.doubleValue())) {
                errors.add(new FieldError(field, "must be a number"));
                return null;
            }
            double d = n.doubleValue();
            if (d > max || (minIncluded ? d < min : d <= min)) {
                errors.add(new FieldError(field, "must be " + (minIncluded ? "at least " : "greater than ")
                        + format(min) + " and at most " + format(max)));
                return null;
            }
            return d;
        }

        private static String format(double d) {
            return d == Math.rint(d) && Math.abs(d) < 1e15 ? String.valueOf((long) d) : String.valueOf(d);
        }

        private Integer integer(String field, int min, int max) {
            Object v = body.getValue(field);
            if (v == null) {
                return null;
            }
            if (!(v instanceof Integer || v instanceof Long) && !(v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()) && Math.abs(n.doubleValue()) < 1e9)) {
                errors.add(new FieldError(field, "must be an integer"));
                return null;
            }
            long l = ((Number) v).longValue();
            if (l < min) {
                errors.add(new FieldError(field, "must be at least " + min));
                return null;
            }
            if (l > max) {
                errors.add(new FieldError(field, "must be at most " + max));
                return null;
            }
            return (int) l;
        }

        private Boolean bool(String field) {
            Object v = body.getValue(field);
            if (v == null) {
                return null;
            }
            if (!(v instanceof Boolean b)) {
                errors.add(new FieldError(field, "must be true or false"));
                return null;
            }
            return b;
        }

        private String choice(String field, Set<String> allowed) {
            return token(field, s -> allowed.contains(s) ? Optional.of(s) : Optional.empty(),
                    allowed.stream().sorted().toList());
        }

        private <T> T token(String field, java.util.function.Function<String, Optional<T>> read, List<String> allowed) {
            Object v = body.getValue(field);
            if (v == null) {
                return null;
            }
            Optional<T> t = v instanceof String s ? read.apply(s.strip()) : Optional.empty();
            if (t.isEmpty()) {
                errors.add(new FieldError(field, "must be one of " + String.join(", ", allowed)));
                return null;
            }
            return t.get();
        }

        private Weights weights() {
            Object v = body.getValue("weights");
            if (v == null) {
                return config.weights();
            }
            if (!(v instanceof JsonObject o)) {
                errors.add(new FieldError("weights", "must be an object {text, cpv, geo, capacity, preference}"));
                return config.weights();
            }
            Map<String, Double> overrides = new LinkedHashMap<>();
            boolean bad = false;
            for (String key : o.fieldNames()) {
                Object w = o.getValue(key);
                if (!Arrays.asList(Weights.NAMES).contains(key)) {
                    errors.add(new FieldError("weights." + key, "unknown weight: one of " + String.join(", ", Weights.NAMES)));
                    bad = true;
                } else if (!(w instanceof Number n) || !(n.doubleValue() >= 0 && n.doubleValue() <= 1)) {
                    errors.add(new FieldError("weights." + key, "must be a number between 0 and 1"));
                    bad = true;
                } else {
                    overrides.put(key, n.doubleValue());
                }
            }
            Weights merged = config.weights().with(overrides);
            if (!bad && !merged.sumsToOne()) {
                errors.add(new FieldError("weights", "must sum to 1 (± 1e-6) with the configured weights of the"
                        + " components not given; got " + merged.sum()));
            }
            return bad || !merged.sumsToOne() ? config.weights() : merged;
        }

        private Map<Category, Double> preference() {
            Object v = body.getValue("preference");
            Map<Category, Double> policy = new EnumMap<>(Category.class);
            policy.putAll(config.preference());
            if (v == null) {
                return policy;
            }
            if (!(v instanceof JsonObject o)) {
                errors.add(new FieldError("preference", "must be an object {CATEGORY: value in [0, 1]}"));
                return policy;
            }
            for (String key : o.fieldNames()) {
                Optional<Category> c = Category.fromToken(key);
                Object p = o.getValue(key);
                if (c.isEmpty()) {
                    errors.add(new FieldError("preference." + key, "unknown category token"));
                } else if (!(p instanceof Number n) || !(n.doubleValue() >= 0 && n.doubleValue() <= 1)) {
                    errors.add(new FieldError("preference." + key, "must be a number between 0 and 1"));
                } else {
                    policy.put(c.get(), n.doubleValue());
                }
            }
            return policy;
        }
    }
}
