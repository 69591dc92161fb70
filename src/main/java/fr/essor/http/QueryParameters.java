package fr.essor.http;

import io.vertx.ext.web.RoutingContext;

import java.util.List;

/** Query parameters every list route reads the same way: a bad one is a 400 problem+json naming it. */
public final class QueryParameters {
    private QueryParameters() {
    }

    /** A whole number from min to max, the fallback when absent. */
    public static int integer(RoutingContext ctx, String name, int fallback, int min, int max) {
        List<String> values = ctx.queryParam(name);
        if (values.isEmpty()) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(values.get(0).trim());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ProblemException.badRequest(name + " must be a whole number from " + min + " to " + max,
                new FieldError(name, "must be from " + min + " to " + max));
    }
}
