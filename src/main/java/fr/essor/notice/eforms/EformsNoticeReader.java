package fr.essor.notice.eforms;

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
import org.w3c.dom.Element;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import static fr.essor.notice.eforms.Ubl.EFORMS_EXTENSION;
import static fr.essor.notice.eforms.Ubl.all;
import static fr.essor.notice.eforms.Ubl.coded;
import static fr.essor.notice.eforms.Ubl.first;
import static fr.essor.notice.eforms.Ubl.text;

/**
 * Reads one eForms notice (any SDK 1.x, any notice kind) into a normalised {@link Notice}, lot by lot.
 * Faults that leave the notice usable become {@code problems}; faults that leave nothing trustworthy to
 * store or match (no notice id, lots without ids, no lot describing anything, absurd values) refuse it.
 * Field names in messages are the eForms SDK's ({@code BT-262-Lot}).
 */
final class EformsNoticeReader {
    private static final Pattern CHANGED_NOTICE_WITH_VERSION = Pattern.compile(
            "([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})-\\d{2}");

    private final Element root;
    private final Element extension;
    private final Element procedure;
    private final String language;
    private final List<FieldError> errors = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();
    private final Set<String> lotNatures = new LinkedHashSet<>();

    EformsNoticeReader(Element root) {
        this.root = root;
        this.extension = first(root, EFORMS_EXTENSION);
        this.procedure = first(root, "cac:ProcurementProject");
        this.language = text(root, "cbc:NoticeLanguageCode");
    }

    /** BT-02 notice type ({@code cn-standard}) and the notice subtype ({@code 16}), either may be null. */
    static String noticeType(Element root) {
        return text(root, "cbc:NoticeTypeCode");
    }

    static String subtype(Element root) {
        return text(first(root, EFORMS_EXTENSION), "efac:NoticeSubType/cbc:SubTypeCode");
    }

    ItemResult read() {
        String noticeId = text(root, "cbc:ID");
        if (noticeId == null) {
            errors.add(new FieldError("BT-701-notice", "missing notice identifier (cbc:ID schemeName=\"notice-id\")"));
        } else if (noticeId.length() > 200) {
            errors.add(new FieldError("BT-701-notice", "notice identifier longer than 200 characters"));
        }
        String version = text(root, "cbc:VersionID");
        if (version == null) {
            problems.add("BT-757-notice: missing notice version");
        } else if (version.length() > NoticeValues.MAX_ID) {
            problems.add("BT-757-notice: notice version longer than " + NoticeValues.MAX_ID + " characters, dropped");
            version = null;
        }
        String type = noticeType(root);
        if (type != null && !EformsCodes.NOTICE_TYPES.contains(type)) {
            problems.add("BT-02-notice: unknown notice type '" + type + "'");
        }
        String procedureTitle = title(procedure);
        Notice.Buyer buyer = buyer();
        String procedureNature = contractNature(procedure, "BT-23-Procedure");
        OffsetDateTime publishedAt = publicationDate();
        String supersedes = supersedes();

        List<Notice.Lot> lots = lots(procedureTitle);
        if (!lots.isEmpty() && lots.stream().noneMatch(l -> l.title() != null || l.description() != null || l.mainCpv() != null)) {
            errors.add(new FieldError("BT-137-Lot", "no lot (nor the procedure) has a title, a description or a "
                    + "CPV code: there is nothing to match"));
        }
        if (!errors.isEmpty()) {
            return new ItemResult.Refused(errors);
        }
        String title = procedureTitle != null ? procedureTitle : lots.get(0).title();
        String nature = procedureNature != null ? procedureNature : commonNature();
        return new ItemResult.Taken(new Notice(null, "eforms", noticeId, version, title, buyer, nature, lightRegime(type),
                publishedAt, NoticeValues.earliestDeadline(lots), supersedes,
                NoticeValues.problems(problems), List.copyOf(lots)));
    }

    private String title(Element project) {
        return NoticeValues.clip(Ubl.preferredText(all(project, "cbc:Name"), language), NoticeValues.MAX_TITLE);
    }

    private String description(Element project) {
        return NoticeValues.clip(Ubl.preferredText(all(project, "cbc:Description"), language), NoticeValues.MAX_DESCRIPTION);
    }

    // ------------------------------------------------------------------ notice level

    private Boolean lightRegime(String type) {
        String subtype = subtype(root);
        if (subtype == null && type == null) {
            return null;
        }
        return (type != null && type.endsWith("-social")) || (subtype != null && EformsCodes.LIGHT_REGIME_SUBTYPES.contains(subtype));
    }

    /** The first buyer (BT-500 name, BT-501 company id, BT-11 legal type); joint buyers follow it. */
    private Notice.Buyer buyer() {
        Element party = first(root, "cac:ContractingParty");
        if (party == null) {
            problems.add("OPT-300-Procedure-Buyer: no buyer");
            return null;
        }
        String legalType = null;
        for (Element code : coded(party, "cac:ContractingPartyType/cbc:PartyTypeCode", "buyer-legal-type")) {
            legalType = text(code);
            if (legalType != null) {
                break;
            }
        }
        String kind = EformsCodes.buyerKind(legalType);
        if (legalType != null && !EformsCodes.BUYER_LEGAL_TYPES.contains(legalType)) {
            problems.add("BT-11-Procedure-Buyer: unknown buyer legal type '" + legalType + "'");
        }
        String orgId = text(party, "cac:Party/cac:PartyIdentification/cbc:ID");
        Element company = organisation(orgId);
        String name = null;
        String companyId = null;
        if (company == null) {
            problems.add("OPT-300-Procedure-Buyer: buyer organisation " + (orgId == null ? "not given" : orgId + " not found"));
        } else {
            name = NoticeValues.clip(Ubl.preferredText(all(company, "cac:PartyName/cbc:Name"), language), NoticeValues.MAX_TITLE);
            companyId = CompanyIds.compact(text(company, "cac:PartyLegalEntity/cbc:CompanyID"));
            if (companyId != null && companyId.length() > NoticeValues.MAX_COMPANY_ID) {
                problems.add("BT-501-Organization-Company: buyer " + orgId + " id longer than "
                        + NoticeValues.MAX_COMPANY_ID + " characters, dropped");
                companyId = null;
            }
            String country = text(company, "cac:PostalAddress/cac:Country/cbc:IdentificationCode");
            if (name == null) {
                problems.add("BT-500-Organization-Company: buyer " + orgId + " has no name");
            }
            if ("FRA".equals(country) && companyId != null && !CompanyIds.isValidSirenOrSiret(companyId)) {
                problems.add("BT-501-Organization-Company: buyer " + orgId + " id '" + companyId
                        + "' is not a valid SIRET or SIREN");
            }
        }
        if (name == null && companyId == null && kind == null) {
            return null;
        }
        return new Notice.Buyer(name, companyId, kind);
    }

    private Element organisation(String orgId) {
        if (orgId == null) {
            return null;
        }
        for (Element company : all(extension, "efac:Organizations/efac:Organization/efac:Company")) {
            if (orgId.equals(text(company, "cac:PartyIdentification/cbc:ID"))) {
                return company;
            }
        }
        return null;
    }

    /** OPP-010 publication date once published; before that, BT-05 the dispatch date. */
    private OffsetDateTime publicationDate() {
        String published = text(extension, "efac:Publication/efbc:PublicationDate");
        if (published != null) {
            OffsetDateTime t = date(published, null, false, "OPP-010-notice");
            if (t != null) {
                return t;
            }
        }
        return date(text(root, "cbc:IssueDate"), text(root, "cbc:IssueTime"), false, "BT-05-notice");
    }

    /** BT-758: the notice a change notice changes, as its source id (the version suffix removed). */
    private String supersedes() {
        Element changes = first(extension, "efac:Changes");
        if (changes == null) {
            return null;
        }
        String changed = text(changes, "efbc:ChangedNoticeIdentifier");
        if (changed == null) {
            problems.add("BT-758-notice: change notice without the identifier of the notice it changes");
            return null;
        }
        String reason = text(changes, "efac:ChangeReason/cbc:ReasonCode");
        if (!"cancel".equals(reason) && all(changes, "efac:Change").isEmpty()) {
            problems.add("BT-13716-notice: change notice (reason " + (reason == null ? "not given" : reason)
                    + ") describes no change");
        }
        if (changed.length() > NoticeValues.MAX_ID) {
            problems.add("BT-758-notice: changed notice identifier longer than " + NoticeValues.MAX_ID + " characters, dropped");
            return null;
        }
        var m = CHANGED_NOTICE_WITH_VERSION.matcher(changed);
        return m.matches() ? m.group(1) : changed;
    }

    private String contractNature(Element project, String field) {
        for (Element code : coded(project, "cbc:ProcurementTypeCode", "contract-nature")) {
            String nature = text(code);
            if (nature == null) {
                continue;
            }
            if (EformsCodes.CONTRACT_NATURES.contains(nature)) {
                return nature;
            }
            problems.add(field + ": unknown contract nature '" + nature + "'");
        }
        return null;
    }

    /** Without a procedure-level BT-23, the lots' own when they all agree. */
    private String commonNature() {
        return lotNatures.size() == 1 ? lotNatures.iterator().next() : null;
    }

    // ------------------------------------------------------------------ lots

    private List<Notice.Lot> lots(String procedureTitle) {
        List<Element> lotElements = new ArrayList<>();
        int position = 0;
        Set<String> seen = new HashSet<>();
        for (Element el : all(root, "cac:ProcurementProjectLot")) {
            position++;
            Element idEl = first(el, "cbc:ID");
            String id = text(idEl);
            String scheme = idEl == null ? "" : idEl.getAttribute("schemeName");
            if ("LotsGroup".equalsIgnoreCase(scheme) || (id != null && id.startsWith("GLO-"))) {
                continue; // a group of lots is not a lot
            }
            if (id == null) {
                errors.add(new FieldError("BT-137-Lot", "lot #" + position + " has no identifier"));
                continue;
            }
            if (!NoticeValues.isLotId(id)) {
                errors.add(new FieldError("BT-137-Lot", "lot #" + position + " has an unusable identifier"));
                continue;
            }
            if (!seen.add(id)) {
                errors.add(new FieldError("BT-137-Lot[" + id + "]", "lot identifier repeated"));
                continue;
            }
            lotElements.add(el);
        }
        if (lotElements.size() > NoticeValues.MAX_LOTS) {
            errors.add(new FieldError("BT-137-Lot", "more than " + NoticeValues.MAX_LOTS + " lots"));
            return List.of();
        }
        boolean single = lotElements.size() <= 1;
        List<Notice.Lot> lots = new ArrayList<>();
        if (lotElements.isEmpty()) {
            // a notice without lots (pin-buyer, hand-made notices): the procedure is its one lot
            lots.add(lot(null, "LOT-0000", procedureTitle, true));
        }
        for (Element el : lotElements) {
            lots.add(lot(el, text(el, "cbc:ID"), procedureTitle, single));
        }
        return lots;
    }

    /**
     * @param el     the ProcurementProjectLot, or null for the procedure-as-lot
     * @param single whether this is the notice's only lot: procedure-level values then are the lot's
     */
    private Notice.Lot lot(Element el, String lotId, String procedureTitle, boolean single) {
        String kind = lotId.startsWith("PAR-") ? "Part" : "Lot";
        String at = "[" + lotId + "]";
        Element project = el == null ? procedure : first(el, "cac:ProcurementProject");
        Element terms = el == null ? first(root, "cac:TenderingTerms") : first(el, "cac:TenderingTerms");
        Element process = el == null ? first(root, "cac:TenderingProcess") : first(el, "cac:TenderingProcess");

        String title = title(project);
        String description = description(project);
        String procedureDescription = description(procedure);
        String ownTitle = title;
        String ownDescription = description;
        if (title == null) {
            title = procedureTitle;
        }
        if (description == null) {
            description = procedureDescription;
        }

        String mainCpv = mainCpv(project, "BT-262-" + kind + at);
        List<String> additional = additionalCpv(project, "BT-263-" + kind + at);
        if (mainCpv == null && el != null) {
            mainCpv = mainCpv(procedure, "BT-262-Procedure");
            additional = additionalCpv(procedure, "BT-263-Procedure");
        }
        if (mainCpv == null) {
            problems.add("BT-262-" + kind + at + ": no main CPV code");
        }
        additional.remove(mainCpv);

        String nature = el == null ? null : contractNature(project, "BT-23-" + kind + at);
        if (nature != null) {
            lotNatures.add(nature);
        }

        Notice.Place place = place(project, "BT-5071-" + kind + at);
        if (place == null && el != null) {
            place = place(procedure, "BT-5071-Procedure");
        }
        Notice.Money value = value(project, "BT-27-" + kind + at);
        if (value == null && el != null && single) {
            value = value(procedure, "BT-27-Procedure");
        }
        Double duration = duration(project, "BT-36-" + kind + at);
        OffsetDateTime deadline = deadline(process, "BT-131-" + kind + at);

        Reservation reservation = reservation(terms, "BT-71-" + kind + at,
                new TextGroup(ownTitle, ownDescription), new TextGroup(procedureTitle, procedureDescription));
        Boolean reservedExecution = reservedExecution(terms, "BT-736-" + kind + at);
        List<String> social = socialConsiderations(project, terms, kind + at);

        return new Notice.Lot(lotId, title, description, mainCpv, List.copyOf(additional), place, value, duration,
                deadline, reservation, reservedExecution, social);
    }

    private String mainCpv(Element project, String field) {
        List<Element> codes = all(project, "cac:MainCommodityClassification/cbc:ItemClassificationCode");
        int blocks = all(project, "cac:MainCommodityClassification").size();
        if (blocks > 1) {
            problems.add(field + ": " + blocks + " main classifications where one is expected");
        }
        String main = null;
        for (Element code : codes) {
            String raw = text(code);
            String listName = code.getAttribute("listName");
            if (raw == null) {
                problems.add(field + ": empty main classification code");
                continue;
            }
            if (!listName.isEmpty() && !"cpv".equals(listName)) {
                continue;
            }
            String cpv = CpvCodes.normalise(raw);
            if (cpv == null) {
                problems.add(field + ": '" + raw + "' is not a CPV code");
            } else if (main == null) {
                main = cpv;
            }
        }
        return main;
    }

    private List<String> additionalCpv(Element project, String field) {
        LinkedHashSet<String> out = new LinkedHashSet<>();
        for (Element code : all(project, "cac:AdditionalCommodityClassification/cbc:ItemClassificationCode")) {
            String raw = text(code);
            String listName = code.getAttribute("listName");
            if (raw == null || (!listName.isEmpty() && !"cpv".equals(listName))) {
                continue;
            }
            String cpv = CpvCodes.normalise(raw);
            if (cpv == null) {
                problems.add(field + ": '" + raw + "' is not a CPV code");
            } else if (out.size() < NoticeValues.MAX_CODES) {
                out.add(cpv);
            }
        }
        return new ArrayList<>(out);
    }

    /** BT-5071 NUTS of every performance location, BT-5121 postcode and BT-5131 city of the first that has them. */
    private Notice.Place place(Element project, String field) {
        List<Element> addresses = all(project, "cac:RealizedLocation/cac:Address");
        if (addresses.isEmpty()) {
            return null;
        }
        LinkedHashSet<String> nuts = new LinkedHashSet<>();
        String postcode = null;
        String city = null;
        for (Element a : addresses) {
            String code = text(a, "cbc:CountrySubentityCode");
            if (code != null) {
                if (NoticeValues.isNuts(code)) {
                    if (nuts.size() < 100) {
                        nuts.add(code);
                    }
                } else {
                    problems.add(field + ": '" + code + "' is not a NUTS code");
                }
            }
            if (postcode == null) {
                postcode = text(a, "cbc:PostalZone");
            }
            if (city == null) {
                city = text(a, "cbc:CityName");
            }
        }
        if (nuts.isEmpty() && postcode == null && city == null) {
            return null; // "anywhere in the EEA" and the like: no place to geocode
        }
        if (postcode != null && postcode.length() > 20) {
            problems.add(field + ": postcode too long");
            postcode = null;
        }
        if (city != null && city.length() > 200) {
            city = city.substring(0, 200);
        }
        return new Notice.Place(List.copyOf(nuts), postcode, city, null, null);
    }

    /** BT-27 estimated value; an absurd amount refuses the notice rather than skewing capacity checks. */
    private Notice.Money value(Element project, String field) {
        Element amountEl = first(project, "cac:RequestedTenderTotal/cbc:EstimatedOverallContractAmount");
        String raw = text(amountEl);
        if (raw == null) {
            return null;
        }
        BigDecimal amount;
        try {
            if (raw.length() > 40) {
                throw new NumberFormatException();
            }
            amount = new BigDecimal(raw);
        } catch (NumberFormatException e) {
            problems.add(field + ": '" + NoticeValues.abbreviate(raw) + "' is not an amount");
            return null;
        }
        if (!NoticeValues.isPlausibleAmount(amount)) {
            errors.add(new FieldError(field, "estimated value " + NoticeValues.abbreviate(raw) + " is out of range [0, "
                    + NoticeValues.MAX_AMOUNT.toPlainString() + "]"));
            return null;
        }
        String currency = amountEl.getAttribute("currencyID").strip();
        if (!NoticeValues.isCurrency(currency)) {
            problems.add(field + ": currency '" + currency + "' is not an ISO 4217 code");
            return null;
        }
        return new Notice.Money(NoticeValues.normaliseAmount(amount), currency);
    }

    /** BT-36 duration in DAY/WEEK/MONTH/YEAR, else BT-536/BT-537 start and end dates, in months. */
    private Double duration(Element project, String field) {
        Element measure = first(project, "cac:PlannedPeriod/cbc:DurationMeasure");
        String raw = text(measure);
        if (raw != null) {
            String unit = measure.getAttribute("unitCode");
            try {
                BigDecimal value = raw.length() > 20 ? null : new BigDecimal(raw);
                Double months = value == null || value.signum() < 0 ? null : Durations.toMonths(value, unit);
                if (months == null) {
                    problems.add(field + ": duration '" + NoticeValues.abbreviate(raw) + " " + unit + "' is not a usable duration");
                } else if (months > NoticeValues.MAX_DURATION_MONTHS) {
                    problems.add(field + ": duration of " + months + " months is implausible");
                } else {
                    return months;
                }
            } catch (NumberFormatException e) {
                problems.add(field + ": duration '" + NoticeValues.abbreviate(raw) + "' is not a number");
            }
            return null;
        }
        OffsetDateTime start = date(text(project, "cac:PlannedPeriod/cbc:StartDate"), null, false, "BT-536" + field.substring(5));
        OffsetDateTime end = date(text(project, "cac:PlannedPeriod/cbc:EndDate"), null, false, "BT-537" + field.substring(5));
        if (start != null && end != null && end.isAfter(start)) {
            long days = ChronoUnit.DAYS.between(start, end) + 1;
            Double months = Durations.daysToMonths(days);
            return months != null && months <= NoticeValues.MAX_DURATION_MONTHS ? months : null;
        }
        return null;
    }

    /**
     * BT-131 tender deadline; for two-stage procedures BT-1311, the deadline for requests to participate;
     * for a PIN used as a call for competition BT-630, the deadline for expressions of interest.
     */
    private OffsetDateTime deadline(Element process, String field) {
        String lot = field.substring(6);
        Element period = first(process, "cac:TenderSubmissionDeadlinePeriod");
        if (text(period, "cbc:EndDate") == null) {
            period = first(process, "cac:ParticipationRequestReceptionPeriod");
            field = "BT-1311" + lot;
        }
        if (text(period, "cbc:EndDate") == null) {
            period = first(process, EFORMS_EXTENSION + "/efac:InterestExpressionReceptionPeriod");
            field = "BT-630" + lot;
        }
        return date(text(period, "cbc:EndDate"), text(period, "cbc:EndTime"), true, field);
    }

    private Reservation reservation(Element terms, String field, TextGroup lotText, TextGroup procedureText) {
        Set<String> codes = new LinkedHashSet<>();
        for (Element code : coded(terms, "cac:TendererQualificationRequest/cac:SpecificTendererRequirement/cbc:TendererRequirementTypeCode",
                "reserved-procurement")) {
            if (code.getAttribute("listName").isEmpty()) {
                continue; // an unnamed requirement code may be anything
            }
            String c = text(code);
            if (c == null) {
                continue;
            }
            if (!EformsCodes.RESERVED_PROCUREMENT.contains(c)) {
                problems.add(field + ": unknown reserved procurement code '" + c + "'");
            } else {
                codes.add(c);
            }
        }
        if (codes.contains("res-ws")) {
            if (codes.contains("res-pub-ser")) {
                problems.add(field + ": reserved both to sheltered workshops and to public-service-mission organisations");
            }
            return ReservationRefiner.refineSheltered(lotText, procedureText);
        }
        if (codes.contains("res-pub-ser")) {
            return Reservation.PUBLIC_SERVICE_MISSION;
        }
        return Reservation.NONE;
    }

    private Boolean reservedExecution(Element terms, String field) {
        for (Element code : coded(terms, "cac:ContractExecutionRequirement/cbc:ExecutionRequirementCode", "reserved-execution")) {
            if (code.getAttribute("listName").isEmpty()) {
                continue;
            }
            String c = text(code);
            if (c == null) {
                continue;
            }
            switch (c) {
                case "yes":
                    return true;
                case "no":
                    return false;
                case "not-known":
                    return null;
                default:
                    problems.add(field + ": unknown reserved execution code '" + c + "'");
            }
        }
        return null;
    }

    /**
     * BT-06 social strategic procurement and BT-775 social objectives, award criteria (BT-540/BT-734) and
     * performance conditions (BT-70) whose words are social.
     */
    private List<String> socialConsiderations(Element project, Element terms, String at) {
        LinkedHashSet<String> tokens = new LinkedHashSet<>();
        for (Element code : coded(project, "cac:ProcurementAdditionalType/cbc:ProcurementTypeCode", "strategic-procurement")) {
            String c = text(code);
            if (c == null || code.getAttribute("listName").isEmpty()) {
                continue;
            }
            if (!EformsCodes.STRATEGIC_PROCUREMENT.contains(c)) {
                problems.add("BT-06-" + at + ": unknown strategic procurement code '" + c + "'");
            } else if (EformsCodes.SOCIAL_STRATEGIC_PROCUREMENT.contains(c)) {
                tokens.add("strategic-procurement:" + c);
            }
        }
        for (Element code : coded(project, "cac:ProcurementAdditionalType/cbc:ProcurementTypeCode", "social-objective")) {
            String c = text(code);
            if (c == null || code.getAttribute("listName").isEmpty()) {
                continue;
            }
            if (!EformsCodes.SOCIAL_OBJECTIVES.contains(c)) {
                problems.add("BT-775-" + at + ": unknown social objective code '" + c + "'");
            } else {
                tokens.add("social-objective:" + c);
            }
        }
        for (Element criterion : all(terms, "cac:AwardingTerms/cac:AwardingCriterion/cac:SubordinateAwardingCriterion")) {
            if (fr.essor.notice.SocialWords.mentions(text(criterion, "cbc:Name"), text(criterion, "cbc:Description"))) {
                tokens.add("award-criterion:social");
            }
        }
        for (Element condition : all(terms, "cac:ContractExecutionRequirement")) {
            Element code = first(condition, "cbc:ExecutionRequirementCode");
            if (code != null && "conditions".equals(code.getAttribute("listName"))
                    && fr.essor.notice.SocialWords.mentions(Ubl.preferredText(all(condition, "cbc:Description"), language))) {
                tokens.add("execution-condition:social");
            }
        }
        return List.copyOf(tokens);
    }

    private OffsetDateTime date(String date, String time, boolean endOfDay, String field) {
        try {
            return UblDates.combine(date, time, endOfDay);
        } catch (DateTimeException e) {
            problems.add(field + ": " + NoticeValues.abbreviate(e.getMessage()));
            return null;
        }
    }
}
