package fr.essor.matching;

import fr.essor.notice.Reservation;
import fr.essor.reference.CpvCatalog;
import fr.essor.registry.Category;
import fr.essor.registry.Enterprise;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Who may bid for a reserved lot (DESIGN.md section 3, Code de la commande publique and directive 2014/24/EU), and
 * whether a lot may be reserved to mission-driven ESS organisations (article 77).
 */
public final class EligibilityRules {
    /** A contract reserved under article 77 runs at most 3 years (L2113-16; eForms BR-0041-0003). */
    public static final double MAX_PUBLIC_SERVICE_MISSION_MONTHS = 36;

    private static final Set<Category> SHELTERED = EnumSet.of(Category.EA, Category.EATT, Category.ESAT);
    // GEIQ is not an SIAE (C. trav. L5132-4), so it is deliberately absent.
    private static final Set<Category> INTEGRATION = EnumSet.of(Category.EI, Category.ETTI, Category.AI,
            Category.ACI, Category.EITI);
    private static final Set<Category> PRISON = EnumSet.of(Category.SEP);
    private static final Set<Category> ESS_STATUSES = EnumSet.of(Category.ASSOCIATION, Category.COOPERATIVE,
            Category.SCOP, Category.SCIC, Category.CAE, Category.MUTUELLE, Category.FONDATION, Category.ESS_COMPANY);

    private static final Map<Reservation, Set<Category>> ALLOWED = new EnumMap<>(Reservation.class);
    private static final Map<Reservation, String> ARTICLES = new EnumMap<>(Reservation.class);

    static {
        Set<Category> both = EnumSet.copyOf(SHELTERED);
        both.addAll(INTEGRATION);
        // SIAE and EA carry the ESUS agreement by law, so they qualify under article 77 even when the registry row
        // lacks the derived ESUS flag.
        Set<Category> mission = EnumSet.copyOf(ESS_STATUSES);
        mission.add(Category.ESUS);
        mission.addAll(both);
        ALLOWED.put(Reservation.NONE, Collections.unmodifiableSet(EnumSet.allOf(Category.class)));
        ALLOWED.put(Reservation.SHELTERED, Collections.unmodifiableSet(SHELTERED));
        ALLOWED.put(Reservation.INTEGRATION, Collections.unmodifiableSet(INTEGRATION));
        ALLOWED.put(Reservation.SHELTERED_OR_INTEGRATION, Collections.unmodifiableSet(both));
        ALLOWED.put(Reservation.PRISON, Collections.unmodifiableSet(PRISON));
        ALLOWED.put(Reservation.PUBLIC_SERVICE_MISSION, Collections.unmodifiableSet(mission));

        ARTICLES.put(Reservation.SHELTERED, "L2113-12 (dir. 2014/24/UE art. 20)");
        ARTICLES.put(Reservation.INTEGRATION, "L2113-13 (dir. 2014/24/UE art. 20)");
        ARTICLES.put(Reservation.SHELTERED_OR_INTEGRATION, "L2113-14 (dir. 2014/24/UE art. 20)");
        ARTICLES.put(Reservation.PRISON, "L2113-13-1");
        ARTICLES.put(Reservation.PUBLIC_SERVICE_MISSION, "L2113-15, L2113-16, R2113-8 (dir. 2014/24/UE art. 77)");
    }

    private EligibilityRules() {
    }

    /**
     * Categories that may bid under the reservation: the index's hard filter. For {@link Reservation#NONE}, every
     * category (no filter: see {@link #restricts}). An enterprise holding one of them may still be refused by
     * {@link #assess} (an expired ESUS agreement).
     */
    public static Set<Category> allowedCategories(Reservation reservation) {
        return ALLOWED.get(reservation);
    }

    /** Whether the reservation limits who may bid. */
    public static boolean restricts(Reservation reservation) {
        return reservation != Reservation.NONE;
    }

    /** The categories allowed by at least one reservation (for counting all legal bases in one retrieval). */
    public static Set<Category> allowedByAnyReservation() {
        Set<Category> all = EnumSet.noneOf(Category.class);
        for (Reservation r : Reservation.values()) {
            if (restricts(r)) {
                all.addAll(ALLOWED.get(r));
            }
        }
        return all;
    }

    /** Article(s) founding the reservation; null for none. */
    public static String article(Reservation reservation) {
        return ARTICLES.get(reservation);
    }

    public static Eligibility assess(Reservation reservation, Enterprise enterprise, LocalDate today) {
        return assess(reservation, enterprise.categories(), enterprise.esusUntil(), today);
    }

    /**
     * @param esusUntil end of an ESUS agreement granted by the prefecture, null when none or open-ended; a derived
     *                  ESUS (SIAE, EA) never expires
     */
    public static Eligibility assess(Reservation reservation, Set<Category> categories, LocalDate esusUntil,
                                     LocalDate today) {
        String article = article(reservation);
        return switch (reservation) {
            case NONE -> new Eligibility(reservation, true, null, ReasonCodes.NOT_RESERVED, "lot not reserved: open to all");
            case SHELTERED, INTEGRATION, SHELTERED_OR_INTEGRATION, PRISON ->
                    byFamily(reservation, categories, article);
            case PUBLIC_SERVICE_MISSION -> publicServiceMission(categories, esusUntil, today, article);
        };
    }

    private static Eligibility byFamily(Reservation reservation, Set<Category> categories, String article) {
        Set<Category> allowed = ALLOWED.get(reservation);
        List<Category> holding = categories.stream().filter(allowed::contains).sorted().toList();
        if (!holding.isEmpty()) {
            return new Eligibility(reservation, true, article, ReasonCodes.CATEGORY_ELIGIBLE, tokens(holding) + " may bid under " + shortArticle(article)
                    + extraCondition(reservation));
        }
        String refused = "none of " + tokens(allowed) + " among its categories (" + tokens(categories) + ")";
        String code = ReasonCodes.CATEGORY_NOT_ELIGIBLE;
        if (categories.contains(Category.GEIQ) && allowed.containsAll(INTEGRATION)) {
            refused = "GEIQ is not an SIAE (C. trav. L5132-4): " + refused;
            code = ReasonCodes.GEIQ_NOT_SIAE;
        }
        return new Eligibility(reservation, false, article, code, "not eligible under " + shortArticle(article) + ": " + refused);
    }

    private static String extraCondition(Reservation reservation) {
        return switch (reservation) {
            case SHELTERED -> " (at least 50 % disabled workers, R2113-7)";
            case INTEGRATION -> " (at least 50 % disadvantaged workers)";
            case SHELTERED_OR_INTEGRATION -> " (at least 50 % disabled or disadvantaged workers)";
            default -> "";
        };
    }

    private static Eligibility publicServiceMission(Set<Category> categories, LocalDate esusUntil, LocalDate today,
                                                    String article) {
        String checks = "; the buyer checks the conditions of L2113-16 (public-service mission, profits reinvested,"
                + " participative governance, no contract under this article from the same buyer in the last 3 years)";
        List<Category> statuses = categories.stream().filter(ESS_STATUSES::contains).sorted().toList();
        if (!statuses.isEmpty()) {
            return new Eligibility(Reservation.PUBLIC_SERVICE_MISSION, true, article, ReasonCodes.ESS_STATUS,
                    "ESS status " + tokens(statuses) + " (loi 2014-856 art. 1)" + checks);
        }
        List<Category> derivers = categories.stream().filter(Category::impliesEsus).sorted().toList();
        if (!derivers.isEmpty()) {
            return new Eligibility(Reservation.PUBLIC_SERVICE_MISSION, true, article, ReasonCodes.ESUS_BY_LAW,
                    "ESUS agreement by law as " + tokens(derivers) + " (C. trav. L3332-17-1)" + checks);
        }
        if (categories.contains(Category.ESUS)) {
            if (esusUntil != null && esusUntil.isBefore(today)) {
                return new Eligibility(Reservation.PUBLIC_SERVICE_MISSION, false, article, ReasonCodes.ESUS_EXPIRED,
                        "not eligible under L2113-15: ESUS agreement ended on " + esusUntil + " and no ESS status");
            }
            return new Eligibility(Reservation.PUBLIC_SERVICE_MISSION, true, article, ReasonCodes.ESUS_AGREEMENT,
                    "ESUS agreement" + (esusUntil == null ? "" : " until " + esusUntil) + checks);
        }
        return new Eligibility(Reservation.PUBLIC_SERVICE_MISSION, false, article, ReasonCodes.NO_ESS_STATUS,
                "not eligible under L2113-15: no ESS status (loi 2014-856 art. 1) nor ESUS agreement among its categories ("
                        + tokens(categories) + ")");
    }

    /**
     * Whether the lot may carry the reservation. Only public-service-mission has lot-level conditions: the main CPV
     * on the article 77 list (eForms cpv_social-service-cpv, BR-0075-0001) and a duration of at most 36 months
     * (L2113-16, BR-0041-0003); every other basis holds. A condition that cannot be checked makes the check unknown,
     * and its reason says what to give.
     */
    public static LotCheck checkLot(Reservation reservation, String mainCpv, Double durationMonths, CpvCatalog cpv) {
        if (reservation != Reservation.PUBLIC_SERVICE_MISSION) {
            String article = article(reservation);
            return LotCheck.of(reservation, LotCheck.Code.NO_LOT_CONDITION, article == null
                    ? "lot not reserved: no lot condition" : "no lot condition under " + shortArticle(article));
        }
        List<LotCheck.Finding> findings = new ArrayList<>();
        String code8 = mainCpv == null ? null : CpvCatalog.normalize(mainCpv);
        if (code8 == null) {
            findings.add(new LotCheck.Finding(LotCheck.Code.MAIN_CPV_UNKNOWN, "main CPV unknown: give it (article 77"
                    + " needs a code of the social-services list, eForms cpv_social-service-cpv)"));
        } else if (!cpv.isSocialService(code8)) {
            findings.add(new LotCheck.Finding(LotCheck.Code.CPV_NOT_ON_ARTICLE_77_LIST, "main CPV " + code8
                    + label(cpv, code8) + " is not on the article 77 list (eForms cpv_social-service-cpv)"));
        }
        if (durationMonths == null) {
            findings.add(new LotCheck.Finding(LotCheck.Code.DURATION_UNKNOWN, "duration unknown: give it (article 77"
                    + " allows at most 36 months, L2113-16)"));
        } else if (durationMonths > MAX_PUBLIC_SERVICE_MISSION_MONTHS) {
            findings.add(new LotCheck.Finding(LotCheck.Code.DURATION_OVER_36_MONTHS, "duration "
                    + formatMonths(durationMonths) + " months exceeds the 36 months allowed under L2113-16"));
        }
        if (findings.isEmpty()) {
            // The third condition (no contract under this article from the same buyer in 3 years) is the buyer's own.
            findings.add(new LotCheck.Finding(LotCheck.Code.ARTICLE_77_CONDITIONS_MET, "main CPV " + code8
                    + label(cpv, code8) + " is on the article 77 list and a duration of " + formatMonths(durationMonths)
                    + " months is within the 36 allowed (L2113-16); the buyer checks it awarded no contract under"
                    + " this article in the last 3 years"));
        }
        return new LotCheck(reservation, findings);
    }

    private static String label(CpvCatalog cpv, String code8) {
        return cpv.find(code8).map(c -> " (" + c.labelFr() + ")").orElse("");
    }

    static String formatMonths(double months) {
        return months == Math.rint(months) ? String.valueOf((long) months) : String.format(java.util.Locale.ROOT, "%.1f", months);
    }

    private static String shortArticle(String article) {
        int paren = article.indexOf(" (");
        return paren < 0 ? article : article.substring(0, paren);
    }

    private static String tokens(java.util.Collection<Category> categories) {
        return categories.stream().sorted().map(Category::name).collect(Collectors.joining(", "));
    }
}
