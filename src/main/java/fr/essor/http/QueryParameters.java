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

    /** A text that must be given and not blank, at most maxLength characters; stripped. */
    public static String requiredText(RoutingContext ctx, String name, int maxLength) {
        List<String> values = ctx.queryParam(name);
        String value = values.isEmpty() ? null : values.get(0).strip();
        if (value == null || value.isEmpty()) {
            throw ProblemException.badRequest(name + " is required", new FieldError(name, "is required and must not be blank"));
        }
        if (value.length() > maxLength) {
            throw ProblemException.badRequest(name + " is too long",
                    new FieldError(name, "must have at most " + maxLength + " characters"));
        }
        return value;
    }
}
