package fr.essor.keys;

import fr.essor.http.FieldError;
import fr.essor.http.ProblemException;
import fr.essor.http.Role;
import fr.essor.registry.Siret;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The body of {@code POST /api/keys}: {@code {role, label, sirets?}}; a supplier's key needs at least one SIRET. */
public record KeyRequest(Role role, String label, List<String> sirets) {
    private static final Set<String> FIELDS = Set.of("role", "label", "sirets");
    static final int MAX_LABEL = 200;

    /** The request a body describes, or a 422 naming every field at fault. */
    public static KeyRequest parse(JsonObject body) {
        List<FieldError> errors = new ArrayList<>();
        Object roleValue = body.getValue("role");
        Role role = roleValue instanceof String s ? Role.fromToken(s).orElse(null) : null;
        if (role == null) {
            errors.add(new FieldError("role", roleValue == null ? "is required: admin, officer or supplier"
                    : "must be one of admin, officer, supplier"));
        }
        Object labelValue = body.getValue("label");
        String label = labelValue instanceof String s ? s : null;
        if (label == null || label.isBlank() || label.codePointCount(0, label.length()) > MAX_LABEL) {
            errors.add(new FieldError("label", labelValue == null ? "is required"
                    : "must be a string of 1 to " + MAX_LABEL + " characters, not only spaces"));
        } else if (label.indexOf('\u0000') >= 0) {
            errors.add(new FieldError("label", "must not contain a NUL character (\\u0000)")); // PostgreSQL text cannot
        }
        List<String> sirets = sirets(body.getValue("sirets"), errors);
        if (role == Role.SUPPLIER && sirets.isEmpty() && errors.stream().noneMatch(e -> e.field().startsWith("sirets"))) {
            errors.add(new FieldError("sirets", "a supplier key needs at least one SIRET"));
        } else if (role != null && role != Role.SUPPLIER && !sirets.isEmpty()) {
            errors.add(new FieldError("sirets", "only a supplier key is bound to SIRETs"));
        }
        for (String field : body.fieldNames()) {
            if (!FIELDS.contains(field)) {
                errors.add(new FieldError(field, "unknown field"));
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.unprocessable("the key request is not valid", errors);
        }
        return new KeyRequest(role, label, sirets);
    }

    /** The SIRETs given, in order without repeats; each bad one named by its index. */
    private static List<String> sirets(Object value, List<FieldError> errors) {
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof JsonArray array)) {
            errors.add(new FieldError("sirets", "must be an array of SIRETs"));
            return List.of();
        }
        Set<String> sirets = new LinkedHashSet<>();
        for (int i = 0; i < array.size(); i++) {
            Object item = array.getValue(i);
            String problem = item instanceof String s ? Siret.problem(s) : "must be a string of 14 digits";
            if (problem == null) {
                sirets.add((String) item);
            } else {
                errors.add(new FieldError("sirets[" + i + "]", problem));
            }
        }
        return List.copyOf(sirets);
    }
}
