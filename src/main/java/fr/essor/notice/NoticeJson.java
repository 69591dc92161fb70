package fr.essor.notice;

import fr.essor.http.FieldError;
import fr.essor.http.ProblemException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The normalised notice as JSON (DESIGN.md section 5): what {@code GET /api/notices/{id}} answers and what
 * the native format takes. Every key is always written (null when unknown) so clients see one shape.
 */
public final class NoticeJson {
    private static final int MAX_LOTS = NoticeValues.MAX_LOTS;
    private static final int MAX_ID = NoticeValues.MAX_ID;
    private static final int MAX_TITLE = NoticeValues.MAX_TITLE;
    private static final int MAX_DESCRIPTION = NoticeValues.MAX_DESCRIPTION;
    private static final int MAX_CODES = NoticeValues.MAX_CODES;

    private static final Set<String> SOURCES = Set.of("eforms", "ocds", "native");
    private static final Set<String> BUYER_KINDS = Set.of("central", "local", "other");
    private static final Set<String> NATURES = Set.of("works", "supplies", "services");

    private NoticeJson() {
    }

    // ---------------------------------------------------------------- writing

    public static JsonObject toJson(Notice n) {
        JsonArray lots = new JsonArray();
        for (Notice.Lot lot : n.lots()) {
            lots.add(lotJson(lot));
        }
        return new JsonObject()
                .put("id", n.id() == null ? null : n.id().toString())
                .put("source", n.source())
                .put("sourceId", n.sourceId())
                .put("version", n.version())
                .put("title", n.title())
                .put("buyer", n.buyer() == null ? null : new JsonObject()
                        .put("name", n.buyer().name())
                        .put("siret", n.buyer().siret())
                        .put("kind", n.buyer().kind()))
                .put("contractNature", n.contractNature())
                .put("lightRegime", n.lightRegime())
                .put("publishedAt", iso(n.publishedAt()))
                .put("deadline", iso(n.deadline()))
                .put("supersedes", n.supersedes())
                .put("problems", new JsonArray(new ArrayList<Object>(orEmpty(n.problems()))))
                .put("lots", lots);
    }

    private static JsonObject lotJson(Notice.Lot lot) {
        Notice.Place p = lot.place();
        Notice.Money m = lot.estimatedValue();
        return new JsonObject()
                .put("lotId", lot.lotId())
                .put("title", lot.title())
                .put("description", lot.description())
                .put("mainCpv", lot.mainCpv())
                .put("additionalCpv", new JsonArray(new ArrayList<Object>(orEmpty(lot.additionalCpv()))))
                .put("place", p == null ? null : new JsonObject()
                        .put("nuts", new JsonArray(new ArrayList<Object>(orEmpty(p.nuts()))))
                        .put("postcode", p.postcode())
                        .put("city", p.city())
                        .put("lat", p.lat())
                        .put("lon", p.lon()))
                .put("estimatedValue", m == null ? null : new JsonObject()
                        .put("amount", m.amount())
                        .put("currency", m.currency()))
                .put("durationMonths", lot.durationMonths())
                .put("deadline", iso(lot.deadline()))
                .put("reservation", lot.reservation() == null ? null : lot.reservation().token())
                .put("reservedExecution", lot.reservedExecution())
                .put("socialConsiderations", new JsonArray(new ArrayList<Object>(orEmpty(lot.socialConsiderations()))));
    }

    private static String iso(OffsetDateTime t) {
        return t == null ? null : DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(t);
    }

    private static <T> List<T> orEmpty(List<T> l) {
        return l == null ? List.of() : l;
    }

    // ---------------------------------------------------------------- reading

    /**
     * Reads a native notice, checking every field.
     *
     * @throws ProblemException 422 whose errors name each bad field ({@code lots[2].mainCpv})
     */
    public static Notice fromJson(JsonObject json) {
        ParseOutcome.ItemResult r = read(json);
        if (r instanceof ParseOutcome.ItemResult.Refused refused) {
            throw ProblemException.unprocessable("The notice has invalid fields", refused.errors());
        }
        return ((ParseOutcome.ItemResult.Taken) r).notice();
    }

    /** Reads a native notice: taken whole, or refused with every bad field named. */
    static ParseOutcome.ItemResult read(JsonObject json) {
        List<FieldError> errors = new ArrayList<>();
        JsonFields f = new JsonFields(errors);
        List<String> problems = new ArrayList<>(f.strings(json, "", "problems", MAX_CODES, NoticeValues.MAX_PROBLEM));

        UUID id = null;
        String idText = f.string(json, "", "id", 100, false);
        if (idText != null) {
            try {
                id = UUID.fromString(idText);
            } catch (IllegalArgumentException e) {
                f.error("id", "must be a UUID");
            }
        }
        String source = f.string(json, "", "source", 20, false);
        if (source == null) {
            source = "native";
        } else if (!SOURCES.contains(source)) {
            f.error("source", "must be one of eforms, ocds, native");
        }
        String sourceId = f.string(json, "", "sourceId", MAX_ID, true);
        String version = f.string(json, "", "version", MAX_ID, false);
        String title = f.string(json, "", "title", MAX_TITLE, false);
        Notice.Buyer buyer = buyer(f, f.object(json, "", "buyer"));
        String nature = f.string(json, "", "contractNature", 20, false);
        if (nature != null && !NATURES.contains(nature)) {
            f.error("contractNature", "must be one of works, supplies, services");
        }
        Boolean lightRegime = f.bool(json, "", "lightRegime");
        OffsetDateTime publishedAt = f.dateTime(json, "", "publishedAt", false);
        OffsetDateTime deadline = f.dateTime(json, "", "deadline", true);
        String supersedes = f.string(json, "", "supersedes", MAX_ID, false);

        List<Notice.Lot> lots = new ArrayList<>();
        JsonArray lotArray = f.array(json, "", "lots", MAX_LOTS);
        if (lotArray == null || lotArray.isEmpty()) {
            if (!json.containsKey("lots") || lotArray != null) {
                f.error("lots", "must hold at least one lot");
            }
        } else {
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < lotArray.size(); i++) {
                String path = JsonFields.index("lots", i);
                Object v = lotArray.getValue(i);
                if (!(v instanceof JsonObject lotJson)) {
                    f.error(path, "must be an object");
                    continue;
                }
                // a notice normalised from a feed already lists its missing codes in its own words
                Notice.Lot lot = lot(f, lotJson, path, "native".equals(source) ? problems : new ArrayList<>());
                if (lot != null && lot.lotId() != null && !seen.add(lot.lotId())) {
                    f.error(JsonFields.path(path, "lotId"), "repeats lot " + lot.lotId());
                }
                lots.add(lot);
            }
        }
        if (!errors.isEmpty()) {
            return new ParseOutcome.ItemResult.Refused(errors);
        }
        if (deadline == null) {
            deadline = NoticeValues.earliestDeadline(lots);
        }
        return new ParseOutcome.ItemResult.Taken(new Notice(id, source, sourceId, version, title, buyer, nature,
                lightRegime, publishedAt, deadline, supersedes, NoticeValues.problems(problems),
                List.copyOf(lots)));
    }

    private static Notice.Buyer buyer(JsonFields f, JsonObject b) {
        if (b == null) {
            return null;
        }
        String name = f.string(b, "buyer", "name", MAX_TITLE, false);
        String siret = f.string(b, "buyer", "siret", NoticeValues.MAX_COMPANY_ID, false);
        String kind = f.string(b, "buyer", "kind", 20, false);
        if (kind != null && !BUYER_KINDS.contains(kind)) {
            f.error("buyer.kind", "must be one of central, local, other");
        }
        return new Notice.Buyer(name, siret, kind);
    }

    private static Notice.Lot lot(JsonFields f, JsonObject j, String path, List<String> problems) {
        String lotId = f.string(j, path, "lotId", 100, true);
        if (lotId != null && !NoticeValues.isLotId(lotId)) {
            f.error(JsonFields.path(path, "lotId"), "may hold only letters, digits and . _ : / -");
        }
        String title = f.string(j, path, "title", MAX_TITLE, false);
        String description = f.string(j, path, "description", MAX_DESCRIPTION, false);
        String mainCpv = cpv(f, f.string(j, path, "mainCpv", 20, false), JsonFields.path(path, "mainCpv"));
        List<String> additional = new ArrayList<>();
        List<String> rawAdditional = f.strings(j, path, "additionalCpv", MAX_CODES, 20);
        for (int i = 0; i < rawAdditional.size(); i++) {
            String c = cpv(f, rawAdditional.get(i), JsonFields.index(JsonFields.path(path, "additionalCpv"), i));
            if (c != null && !additional.contains(c)) {
                additional.add(c);
            }
        }
        Object rawMain = j.getValue("mainCpv");
        boolean noMainCpv = rawMain == null || rawMain instanceof String s && s.isBlank();
        if (noMainCpv) {
            String problem = JsonFields.path(path, "mainCpv") + ": no main CPV code";
            if (!problems.contains(problem)) {
                problems.add(problem);
            }
        }
        if (title == null && description == null && noMainCpv) {
            f.error(path, "a lot needs a title, a description or a mainCpv");
        }
        Notice.Place place = place(f, f.object(j, path, "place"), JsonFields.path(path, "place"));
        Notice.Money value = money(f, f.object(j, path, "estimatedValue"), JsonFields.path(path, "estimatedValue"));
        Double duration = f.number(j, path, "durationMonths", 0, NoticeValues.MAX_DURATION_MONTHS);
        OffsetDateTime deadline = f.dateTime(j, path, "deadline", true);
        Reservation reservation = Reservation.NONE;
        String token = f.string(j, path, "reservation", 40, false);
        if (token != null) {
            reservation = Reservation.fromToken(token).orElse(null);
            if (reservation == null) {
                f.error(JsonFields.path(path, "reservation"), "must be one of none, sheltered, integration, "
                        + "sheltered-or-integration, prison, public-service-mission");
            }
        }
        Boolean reservedExecution = f.bool(j, path, "reservedExecution");
        List<String> social = f.strings(j, path, "socialConsiderations", 100, NoticeValues.MAX_TOKEN);
        return new Notice.Lot(lotId, title, description, mainCpv, List.copyOf(additional), place, value, duration,
                deadline, reservation, reservedExecution, List.copyOf(new LinkedHashSet<>(social)));
    }

    private static String cpv(JsonFields f, String raw, String field) {
        if (raw == null) {
            return null;
        }
        String c = CpvCodes.normalise(raw);
        if (c == null) {
            f.error(field, "is not a CPV code (8 digits, optionally with its check digit: 45233130-2)");
        }
        return c;
    }

    private static Notice.Place place(JsonFields f, JsonObject p, String path) {
        if (p == null) {
            return null;
        }
        List<String> nuts = f.strings(p, path, "nuts", 100, 10);
        for (int i = 0; i < nuts.size(); i++) {
            if (!NoticeValues.isNuts(nuts.get(i))) {
                f.error(JsonFields.index(JsonFields.path(path, "nuts"), i), "is not a NUTS code (FR101)");
            }
        }
        String postcode = f.string(p, path, "postcode", 20, false);
        String city = f.string(p, path, "city", 200, false);
        Double lat = f.number(p, path, "lat", -90, 90);
        Double lon = f.number(p, path, "lon", -180, 180);
        if ((p.getValue("lat") == null) != (p.getValue("lon") == null)) {
            f.error(path, "lat and lon go together");
        }
        return new Notice.Place(List.copyOf(new LinkedHashSet<>(nuts)), postcode, city, lat, lon);
    }

    private static Notice.Money money(JsonFields f, JsonObject m, String path) {
        if (m == null) {
            return null;
        }
        BigDecimal amount = f.decimal(m, path, "amount", BigDecimal.ZERO, NoticeValues.MAX_AMOUNT);
        if (amount == null && m.getValue("amount") == null) {
            f.error(JsonFields.path(path, "amount"), "is required");
        }
        String currency = f.string(m, path, "currency", 3, true);
        if (currency != null && !NoticeValues.isCurrency(currency)) {
            f.error(JsonFields.path(path, "currency"), "must be an ISO 4217 code (EUR)");
        }
        return amount == null ? null : new Notice.Money(NoticeValues.normaliseAmount(amount), currency);
    }
}
