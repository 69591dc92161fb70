package fr.essor.matching;

import io.vertx.core.json.JsonObject;

/** How to open a lot to inclusive suppliers: reserve-contract, reserve-lot, insertion-clause or award-criterion. */
public record Recommendation(String action, String article, String reason) {
    public static final String RESERVE_CONTRACT = "reserve-contract";
    public static final String RESERVE_LOT = "reserve-lot";
    public static final String INSERTION_CLAUSE = "insertion-clause";
    public static final String AWARD_CRITERION = "award-criterion";

    public JsonObject toJson() {
        return new JsonObject().put("action", action).put("article", article).put("reason", reason);
    }
}
