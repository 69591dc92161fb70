package fr.essor.matching;

/**
 * The stable codes beside every English reason of a match (DESIGN.md section 5): a page translates the code, a
 * program tests it; the English text may be reworded, a code never changes meaning. Listed in openapi.yaml.
 */
public final class ReasonCodes {
    // text and cpv components: the three activity states of DESIGN.md section 4, and the lots whose object decides
    public static final String TEXT_SHARED_TERMS = "text-shared-terms";
    public static final String TEXT_NO_SHARED_TERM = "text-no-shared-term";
    public static final String CPV_OVERLAP = "cpv-overlap";
    public static final String CPV_NO_OVERLAP = "cpv-no-overlap";
    public static final String CPV_LOT_UNCODED = "cpv-lot-uncoded";
    /** Matched through the other component (words or codes): this one gets the neutral value, not less. */
    public static final String ACTIVITY_MATCHES_ELSEWHERE = "activity-matches-elsewhere";
    public static final String ACTIVITY_UNKNOWN = "activity-unknown";
    public static final String INSERTION_LOT = "insertion-lot";
    public static final String STAFFING_LOT = "staffing-lot";
    // geo
    public static final String AREA_DEPARTMENT = "area-department";
    public static final String AREA_REGION = "area-region";
    public static final String INSIDE_RADIUS = "inside-radius";
    public static final String BEYOND_RADIUS = "beyond-radius";
    public static final String OUTSIDE_LISTED_AREA = "outside-listed-area";
    public static final String PLACE_UNKNOWN = "place-unknown";
    public static final String SITE_UNKNOWN = "site-unknown";
    // capacity
    public static final String VALUE_UNKNOWN = "value-unknown";
    public static final String HEADCOUNT_UNKNOWN = "headcount-unknown";
    public static final String CAPACITY_COMFORTABLE = "capacity-comfortable";
    public static final String CAPACITY_STRETCHED = "capacity-stretched";
    public static final String CAPACITY_EXCEEDED = "capacity-exceeded";
    // preference
    public static final String POLICY_VALUES_CATEGORY = "policy-values-category";
    public static final String POLICY_VALUES_NONE = "policy-values-none";
    // eligibility
    public static final String NOT_RESERVED = "not-reserved";
    public static final String CATEGORY_ELIGIBLE = "category-eligible";
    public static final String CATEGORY_NOT_ELIGIBLE = "category-not-eligible";
    public static final String GEIQ_NOT_SIAE = "geiq-not-siae";
    public static final String ESS_STATUS = "ess-status";
    public static final String ESUS_BY_LAW = "esus-by-law";
    public static final String ESUS_AGREEMENT = "esus-agreement";
    public static final String ESUS_EXPIRED = "esus-expired";
    public static final String NO_ESS_STATUS = "no-ess-status";

    private ReasonCodes() {
    }
}
