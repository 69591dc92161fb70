package fr.essor.notice.ocds;

import fr.essor.http.FieldError;
import fr.essor.notice.CompanyIds;
import fr.essor.notice.CpvCodes;
import fr.essor.notice.Durations;
import fr.essor.notice.Notice;
import fr.essor.notice.NoticeValues;
import fr.essor.notice.ParseOutcome.ItemResult;
import fr.essor.notice.Reservation;
import fr.essor.notice.ReservationRefiner;
import fr.essor.notice.ReservationRefiner.TextGroup;
import fr.essor.notice.SocialWords;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One OCDS 1.1 release (or a record's compiled release) → one normalised notice, or "not a tender". A release
 * is read leniently (OCDS publishers vary): odd fields become problems; only what makes the notice
 * unidentifiable (no ocid, no release id, unusable lot ids) or absurd (amounts beyond any tender) refuses it.
 */
final class OcdsReleaseReader {
    static final String NO_TENDER = "no tender: the release has no tender title, items or lots";
    static final String PLANNING_ONLY = "planning only: the release announces no tender yet";

    private static final Set<String> PLANNING_TAGS = Set.of("planning", "planningUpdate");
    private static final Set<String> FRENCH_SCHEMES = Set.of("FR-RCS", "FR-SIRET", "FR-SIREN", "SIRET", "SIREN", "FR-INSEE");
    private static final Map<String, String> CATEGORIES = Map.of(
            "goods", "supplies", "works", "works", "services", "services", "consultingServices", "services");

    private final JsonObject release;
    private final String base;
    private final List<FieldError> errors = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();

    /** @param base the path of this release in the item, for messages ("" or "compiledRelease") */
    private OcdsReleaseReader(JsonObject release, String base) {
        this.release = release;
        this.base = base;
    }

    /**
     * @param defaultOcid    the record's ocid, for a compiled release that does not repeat it
     * @param defaultVersion the record's newest release id, for a compiled release without an id
     * @param recordTags     tags of the record's releases (a compiled release is tagged only "compiled")
     */
    static ItemResult read(JsonObject release, String base, String defaultOcid, String defaultVersion, Set<String> recordTags) {
        return new OcdsReleaseReader(release, base).read(defaultOcid, defaultVersion, recordTags);
    }

    private String at(String path) {
        return base.isEmpty() ? path : base + "." + path;
    }

    private ItemResult read(String defaultOcid, String defaultVersion, Set<String> recordTags) {
        Set<String> tags = new LinkedHashSet<>(strings(release.getValue("tag")));
        if (recordTags != null && !recordTags.isEmpty()) {
            tags = recordTags;
        }
        if (!tags.isEmpty() && PLANNING_TAGS.containsAll(tags)) {
            return new ItemResult.NotATender(PLANNING_ONLY);
        }
        JsonObject tender = object(release, "tender");
        if (tender == null || (string(tender, "title") == null && array(tender, "items").isEmpty() && array(tender, "lots").isEmpty())) {
            return new ItemResult.NotATender(NO_TENDER);
        }

        String ocid = identifier(release, "ocid", defaultOcid);
        String id = identifier(release, "id", defaultVersion);
        String title = NoticeValues.clip(string(tender, "title"), NoticeValues.MAX_TITLE);
        String description = NoticeValues.clip(string(tender, "description"), NoticeValues.MAX_DESCRIPTION);
        Notice.Buyer buyer = buyer();
        String nature = contractNature(tender);
        OffsetDateTime publishedAt = date(release, "date", "date");

        List<Notice.Lot> lots = lots(tender, title, description);
        if (!lots.isEmpty() && lots.stream().noneMatch(l -> l.title() != null || l.description() != null || l.mainCpv() != null)) {
            errors.add(new FieldError(at("tender"), "no lot has a title, a description or a CPV code: nothing to match"));
        }
        if (!errors.isEmpty()) {
            return new ItemResult.Refused(errors);
        }
        if (title == null) {
            title = lots.get(0).title();
        }
        return new ItemResult.Taken(new Notice(null, "ocds", ocid, id, title, buyer, nature, null, publishedAt,
                NoticeValues.earliestDeadline(lots), null, NoticeValues.problems(problems), List.copyOf(lots)));
    }

    private String identifier(JsonObject o, String key, String fallback) {
        String v = scalar(o.getValue(key));
        if (v == null) {
            v = fallback;
        }
        if (v == null) {
            errors.add(new FieldError(at(key), "is required"));
        } else if (v.length() > 200) {
            errors.add(new FieldError(at(key), "is longer than 200 characters"));
            return null;
        }
        return v;
    }

    // ------------------------------------------------------------------ notice level

    /** The party with role "buyer" (else the release's buyer, a reference in OCDS 1.1, an organisation in 1.0). */
    private Notice.Buyer buyer() {
        JsonObject ref = object(release, "buyer");
        String refId = ref == null ? null : scalar(ref.getValue("id"));
        JsonObject party = null;
        for (Object p : array(release, "parties")) {
            if (p instanceof JsonObject o && (strings(o.getValue("roles")).contains("buyer")
                    || (refId != null && refId.equals(scalar(o.getValue("id")))))) {
                party = o;
                break;
            }
        }
        if (party == null && ref != null && object(ref, "identifier") != null) {
            party = ref; // OCDS 1.0: the buyer is a whole organisation, identifier included
        }
        String name = party == null ? null : string(party, "name");
        JsonObject identifier = party == null ? null : object(party, "identifier");
        if (name == null && identifier != null) {
            name = string(identifier, "legalName");
        }
        if (name == null && ref != null) {
            name = string(ref, "name");
        }
        String companyId = null;
        if (identifier != null && scalar(identifier.getValue("id")) != null) {
            String scheme = string(identifier, "scheme");
            String idValue = CompanyIds.compact(scalar(identifier.getValue("id")));
            if (scheme == null || FRENCH_SCHEMES.contains(scheme)) {
                companyId = idValue;
                if (scheme != null && idValue.chars().allMatch(Character::isDigit) && !CompanyIds.isValidSirenOrSiret(idValue)) {
                    problems.add(at("parties") + ": buyer id '" + idValue + "' is not a valid SIRET or SIREN");
                }
            } else {
                companyId = scheme + "-" + idValue; // org-id.guide form: unambiguous across registers
            }
        } else if (refId != null) {
            companyId = refId;
        }
        if (name == null && companyId == null) {
            problems.add(at("buyer") + ": no buyer");
            return null;
        }
        if (companyId != null && companyId.length() > NoticeValues.MAX_COMPANY_ID) {
            problems.add(at("parties") + ": buyer id longer than " + NoticeValues.MAX_COMPANY_ID + " characters, dropped");
            companyId = null;
        }
        return new Notice.Buyer(NoticeValues.clip(name, NoticeValues.MAX_TITLE), companyId, null);
    }

    private String contractNature(JsonObject tender) {
        String category = string(tender, "mainProcurementCategory");
        if (category == null) {
            return null;
        }
        String nature = CATEGORIES.get(category);
        if (nature == null) {
            problems.add(at("tender.mainProcurementCategory") + ": unknown category '" + category + "'");
        }
        return nature;
    }

    // ------------------------------------------------------------------ lots

    private List<Notice.Lot> lots(JsonObject tender, String tenderTitle, String tenderDescription) {
        JsonArray lotArray = array(tender, "lots");
        JsonArray items = array(tender, "items");
        Map<String, JsonObject> lotsById = new LinkedHashMap<>();
        Map<String, Integer> positions = new LinkedHashMap<>();
        Map<String, List<JsonObject>> itemsByLot = new LinkedHashMap<>();
        for (int i = 0; i < lotArray.size(); i++) {
            String path = at("tender.lots[" + i + "]");
            if (!(lotArray.getValue(i) instanceof JsonObject lot)) {
                problems.add(path + ": not an object");
                continue;
            }
            String id = scalar(lot.getValue("id"));
            if (id == null) {
                errors.add(new FieldError(path + ".id", "is required"));
            } else if (!NoticeValues.isLotId(id)) {
                errors.add(new FieldError(path + ".id", "is not a usable lot id"));
            } else if (lotsById.putIfAbsent(id, lot) != null) {
                errors.add(new FieldError(path + ".id", "repeats lot " + id));
            } else {
                positions.put(id, i);
                itemsByLot.put(id, new ArrayList<>());
            }
        }
        if (lotsById.size() > NoticeValues.MAX_LOTS) {
            errors.add(new FieldError(at("tender.lots"), "more than " + NoticeValues.MAX_LOTS + " lots"));
            return List.of();
        }
        List<JsonObject> unassigned = new ArrayList<>();
        for (int k = 0; k < items.size(); k++) {
            if (!(items.getValue(k) instanceof JsonObject item)) {
                problems.add(at("tender.items[" + k + "]") + ": not an object");
                continue;
            }
            String related = scalar(item.getValue("relatedLot"));
            List<JsonObject> target = related == null ? null : itemsByLot.get(related);
            if (target != null) {
                target.add(item);
            } else if (lotsById.size() == 1) {
                itemsByLot.values().iterator().next().add(item);
            } else if (!lotsById.isEmpty()) {
                problems.add(at("tender.items[" + k + "]") + ": relates to no lot of the tender");
            } else {
                unassigned.add(item);
            }
        }
        List<Notice.Lot> lots = new ArrayList<>();
        if (lotsById.isEmpty()) {
            // a tender without lots is one lot holding all its items
            lots.add(lot("LOT-0000", null, unassigned, tender, tenderTitle, tenderDescription, true, at("tender")));
            return lots;
        }
        boolean single = lotsById.size() == 1;
        for (Map.Entry<String, JsonObject> e : lotsById.entrySet()) {
            lots.add(lot(e.getKey(), e.getValue(), itemsByLot.get(e.getKey()), tender, tenderTitle, tenderDescription,
                    single, at("tender.lots[" + positions.get(e.getKey()) + "]")));
        }
        return lots;
    }

    /** @param lot null for a tender without lots */
    private Notice.Lot lot(String lotId, JsonObject lot, List<JsonObject> items, JsonObject tender, String tenderTitle,
                           String tenderDescription, boolean single, String path) {
        JsonObject own = lot == null ? tender : lot;
        String ownTitle = lot == null ? null : NoticeValues.clip(string(lot, "title"), NoticeValues.MAX_TITLE);
        String ownDescription = lot == null ? null : NoticeValues.clip(string(lot, "description"), NoticeValues.MAX_DESCRIPTION);
        String title = ownTitle != null ? ownTitle : tenderTitle;
        String description = ownDescription != null ? ownDescription : tenderDescription;

        LinkedHashSet<String> cpvs = new LinkedHashSet<>();
        String mainCpv = null;
        for (JsonObject item : items) {
            String main = cpv(object(item, "classification"), path + ".items.classification");
            if (main != null) {
                if (mainCpv == null) {
                    mainCpv = main;
                } else if (cpvs.size() < NoticeValues.MAX_CODES) {
                    cpvs.add(main);
                }
            }
            for (Object c : array(item, "additionalClassifications")) {
                String extra = c instanceof JsonObject o ? cpv(o, path + ".items.additionalClassifications") : null;
                if (extra != null && cpvs.size() < NoticeValues.MAX_CODES) {
                    cpvs.add(extra);
                }
            }
        }
        if (mainCpv == null && !cpvs.isEmpty()) {
            mainCpv = cpvs.iterator().next();
        }
        cpvs.remove(mainCpv);
        if (mainCpv == null) {
            problems.add(path + ": no CPV code in the items' classifications");
        }

        Notice.Place place = place(items);
        Notice.Money value = money(object(own, "value"), path + ".value");
        if (value == null && lot != null && single) {
            value = money(object(tender, "value"), at("tender.value"));
        }
        Double duration = duration(object(own, "contractPeriod"), path + ".contractPeriod");
        if (duration == null && lot != null && single) {
            duration = duration(object(tender, "contractPeriod"), at("tender.contractPeriod"));
        }
        JsonObject period = object(own, "tenderPeriod");
        if (period == null && lot != null) {
            period = object(tender, "tenderPeriod");
        }
        OffsetDateTime deadline = period == null ? null : date(period, "endDate", path + ".tenderPeriod.endDate");

        Reservation reservation = reservation(lot, tender, path, new TextGroup(ownTitle, ownDescription),
                new TextGroup(tenderTitle, tenderDescription));
        Boolean reservedExecution = reservedExecution(lot, tender);
        List<String> social = social(lot, tender);
        return new Notice.Lot(lotId, title, description, mainCpv, List.copyOf(cpvs), place, value, duration, deadline,
                reservation, reservedExecution, social);
    }

    private String cpv(JsonObject classification, String path) {
        if (classification == null || !"CPV".equalsIgnoreCase(string(classification, "scheme"))) {
            return null;
        }
        String raw = scalar(classification.getValue("id"));
        String cpv = CpvCodes.normalise(raw);
        if (raw != null && cpv == null) {
            problems.add(path + ": '" + NoticeValues.abbreviate(raw) + "' is not a CPV code");
        }
        return cpv;
    }

    /** Items' delivery address (postcode, locality) and NUTS gazetteer entries of their delivery location. */
    private Notice.Place place(List<JsonObject> items) {
        LinkedHashSet<String> nuts = new LinkedHashSet<>();
        String postcode = null;
        String city = null;
        for (JsonObject item : items) {
            JsonObject address = object(item, "deliveryAddress");
            if (address != null) {
                if (postcode == null) {
                    postcode = string(address, "postalCode");
                }
                if (city == null) {
                    city = string(address, "locality");
                }
            }
            JsonObject location = object(item, "deliveryLocation");
            JsonObject gazetteer = location == null ? null : object(location, "gazetteer");
            if (gazetteer != null && "NUTS".equalsIgnoreCase(string(gazetteer, "scheme"))) {
                for (String code : strings(gazetteer.getValue("identifiers"))) {
                    if (NoticeValues.isNuts(code) && nuts.size() < 100) {
                        nuts.add(code);
                    }
                }
            }
        }
        if (postcode != null && postcode.length() > 20) {
            postcode = null;
        }
        if (city != null && city.length() > 200) {
            city = city.substring(0, 200);
        }
        if (nuts.isEmpty() && postcode == null && city == null) {
            return null;
        }
        return new Notice.Place(List.copyOf(nuts), postcode, city, null, null);
    }

    private Notice.Money money(JsonObject value, String path) {
        if (value == null || value.getValue("amount") == null) {
            return null;
        }
        Object raw = value.getValue("amount");
        if (!(raw instanceof Number n)) {
            problems.add(path + ".amount: not a number");
            return null;
        }
        BigDecimal amount = NoticeValues.decimalOf(n);
        if (amount == null || amount.compareTo(NoticeValues.MAX_AMOUNT) > 0) {
            errors.add(new FieldError(path + ".amount", "is beyond any tender's value (more than "
                    + NoticeValues.MAX_AMOUNT.toPlainString() + ")"));
            return null;
        }
        if (amount.signum() < 0) {
            problems.add(path + ".amount: negative");
            return null;
        }
        String currency = string(value, "currency");
        if (!NoticeValues.isCurrency(currency)) {
            problems.add(path + ".currency: '" + currency + "' is not an ISO 4217 code");
            return null;
        }
        return new Notice.Money(NoticeValues.normaliseAmount(amount), currency);
    }

    /** durationInDays, else end − start, in months. */
    private Double duration(JsonObject period, String path) {
        if (period == null) {
            return null;
        }
        Object days = period.getValue("durationInDays");
        if (days instanceof Number n) {
            double d = n.doubleValue();
            if (!Double.isFinite(d) || d < 0 || d > NoticeValues.MAX_DURATION_MONTHS * 31) {
                problems.add(path + ".durationInDays: " + NoticeValues.abbreviate(String.valueOf(n)) + " is not a usable duration");
                return null;
            }
            return Durations.daysToMonths(d);
        }
        OffsetDateTime start = date(period, "startDate", path + ".startDate");
        OffsetDateTime end = date(period, "endDate", path + ".endDate");
        if (start != null && end != null && end.isAfter(start)) {
            long d = ChronoUnit.DAYS.between(start, end);
            return d <= NoticeValues.MAX_DURATION_MONTHS * 31 ? Durations.daysToMonths(d) : null;
        }
        return null;
    }

    /** otherRequirements.reservedParticipation of the lot, else of the tender. */
    private Reservation reservation(JsonObject lot, JsonObject tender, String path, TextGroup lotText, TextGroup tenderText) {
        JsonObject other = lot == null ? null : object(lot, "otherRequirements");
        if (other == null || other.getValue("reservedParticipation") == null) {
            other = object(tender, "otherRequirements");
        }
        List<String> codes = other == null ? List.of() : strings(other.getValue("reservedParticipation"));
        Reservation result = Reservation.NONE;
        for (String code : codes) {
            switch (code) {
                case "shelteredWorkshop" -> result = ReservationRefiner.refineSheltered(lotText, tenderText);
                case "publicServiceMissionOrganization" -> {
                    if (result == Reservation.NONE) {
                        result = Reservation.PUBLIC_SERVICE_MISSION;
                    }
                }
                default -> problems.add(path + ".otherRequirements.reservedParticipation: unknown code '" + NoticeValues.abbreviate(code) + "'");
            }
        }
        return result;
    }

    /** contractTerms.reservedExecution (OCDS for eForms), of the lot, else of the tender. */
    private Boolean reservedExecution(JsonObject lot, JsonObject tender) {
        for (JsonObject o : new JsonObject[]{lot, tender}) {
            JsonObject terms = o == null ? null : object(o, "contractTerms");
            if (terms != null && terms.getValue("reservedExecution") instanceof Boolean b) {
                return b;
            }
        }
        return null;
    }

    /** Sustainability goals and strategies (OCDS sustainability extension) and social award criteria details. */
    private List<String> social(JsonObject lot, JsonObject tender) {
        LinkedHashSet<String> tokens = new LinkedHashSet<>();
        for (JsonObject o : new JsonObject[]{lot, tender}) {
            if (o == null) {
                continue;
            }
            for (Object s : array(o, "sustainability")) {
                if (!(s instanceof JsonObject entry)) {
                    continue;
                }
                String goal = string(entry, "goal");
                if (goal == null || !goal.startsWith("social") || goal.length() > NoticeValues.MAX_TOKEN - 15) {
                    continue;
                }
                tokens.add("sustainability:" + goal);
                List<String> strategies = strings(entry.getValue("strategies"));
                if (strategies.contains("awardCriteria")) {
                    tokens.add("award-criterion:social");
                }
                if (strategies.contains("contractPerformanceConditions")) {
                    tokens.add("execution-condition:social");
                }
            }
            if (SocialWords.mentions(string(o, "awardCriteriaDetails"))) {
                tokens.add("award-criterion:social");
            }
        }
        return List.copyOf(tokens);
    }

    private OffsetDateTime date(JsonObject o, String key, String field) {
        String raw = string(o, key);
        if (raw == null) {
            return null;
        }
        try {
            return raw.length() > 64 ? null : OffsetDateTime.parse(raw);
        } catch (DateTimeParseException e) {
            problems.add(at(field) + ": '" + NoticeValues.abbreviate(raw) + "' is not an ISO-8601 date-time");
            return null;
        }
    }

    // ------------------------------------------------------------------ lenient JSON access

    static JsonObject object(JsonObject o, String key) {
        return o != null && o.getValue(key) instanceof JsonObject j ? j : null;
    }

    static JsonArray array(JsonObject o, String key) {
        return o != null && o.getValue(key) instanceof JsonArray a ? a : new JsonArray();
    }

    /** A non-blank string (trimmed), or null. */
    static String string(JsonObject o, String key) {
        if (o == null || !(o.getValue(key) instanceof String s) || s.isBlank()) {
            return null;
        }
        return s.strip();
    }

    /** Ids may be strings or numbers in OCDS. */
    static String scalar(Object v) {
        if (v instanceof String s) {
            return s.isBlank() ? null : s.strip();
        }
        if (v instanceof Number n) {
            BigDecimal d = NoticeValues.decimalOf(n);
            return d == null ? null : d.toPlainString();
        }
        return null;
    }

    static List<String> strings(Object v) {
        List<String> out = new ArrayList<>();
        if (v instanceof JsonArray a) {
            for (Object x : a) {
                if (x instanceof String s && !s.isBlank()) {
                    out.add(s.strip());
                }
            }
        } else if (v instanceof String s && !s.isBlank()) {
            out.add(s.strip());
        }
        return out;
    }

}
