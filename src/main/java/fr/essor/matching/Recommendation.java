package fr.essor.matching;

import io.vertx.core.json.JsonObject;

/**
 * How to open a lot to inclusive suppliers: reserve-contract, reserve-lot, insertion-clause or award-criterion; or
 * unknown (article null) when the answer depends on what the lot does not say. {@code code} is the stable token of
 * why, beside the English {@code reason}.
 */
public record Recommendation(String action, String article, String reason, Code code) {
    public static final String RESERVE_CONTRACT = "reserve-contract";
    public static final String RESERVE_LOT = "reserve-lot";
    public static final String INSERTION_CLAUSE = "insertion-clause";
    public static final String AWARD_CRITERION = "award-criterion";
    public static final String UNKNOWN = "unknown";

    /** Why, as a token a page can translate (the API's {@code recommendation.code}); the tokens are the contract. */
    public enum Code {
        /** reserve-contract: more than 30 suppliers within reach and a dependency under 30 %. */
        ENOUGH_SUPPLIERS_LOW_DEPENDENCY("enough-suppliers-low-dependency"),
        /** reserve-lot: more than 10 suppliers within reach, at most 30. */
        ENOUGH_SUPPLIERS("enough-suppliers"),
        /** reserve-lot: more than 30 suppliers, but the lot's value or their capacity is unknown. */
        DEPENDENCY_UNKNOWN("dependency-unknown"),
        /** reserve-lot: more than 30 suppliers, but a dependency of 30 % or more. */
        DEPENDENCY_TOO_HIGH("dependency-too-high"),
        /** insertion-clause: more than 1 supplier within reach, at most 10. */
        FEW_SUPPLIERS("few-suppliers"),
        /** award-criterion: at most 1 supplier within reach. */
        TOO_FEW_SUPPLIERS("too-few-suppliers"),
        /** unknown: the lot's place is unknown, so "within reach" means nothing. */
        PLACE_UNKNOWN("place-unknown"),
        /** unknown: the basis that would decide (or the lot's own reservation) has a lot check that is unknown. */
        LOT_CHECK_UNKNOWN("lot-check-unknown");

        private final String token;

        Code(String token) {
            this.token = token;
        }

        public String token() {
            return token;
        }
    }

    /** {@code {action, article, reason, code}}. */
    public JsonObject toJson() {
        return new JsonObject().put("action", action).put("article", article).put("reason", reason)
                .put("code", code.token());
    }
}
