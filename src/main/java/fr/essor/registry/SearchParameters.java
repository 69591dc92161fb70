package fr.essor.registry;

import fr.essor.http.FieldError;
import fr.essor.http.ProblemException;
import fr.essor.reference.CpvCatalog;
import fr.essor.reference.Geography;
import fr.essor.reference.ReferenceData;
import fr.essor.registry.index.GeoPoint;
import fr.essor.registry.index.RegistryQuery;
import io.vertx.core.MultiMap;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The query parameters of {@code GET /api/enterprises}: {@code q}, {@code category} (repeatable, any of), {@code cpv},
 * {@code department}, {@code near=lat,lon} with {@code radiusKm} (default 50), {@code page} (from 0) and {@code size}
 * (default 20, at most 100). Every parameter at fault is named in one 400.
 */
public final class SearchParameters {
    public static final int DEFAULT_SIZE = 20;
    public static final double DEFAULT_RADIUS_KM = Enterprise.DEFAULT_RADIUS_KM;
    static final double MAX_RADIUS_KM = 2_000;
    static final int MAX_QUERY_LENGTH = 1_000;

    private final ReferenceData reference;

    public SearchParameters(ReferenceData reference) {
        this.reference = reference;
    }

    public RegistryQuery parse(MultiMap params) {
        List<FieldError> errors = new ArrayList<>();
        String q = params.get("q");
        if (q != null && q.length() > MAX_QUERY_LENGTH) {
            errors.add(new FieldError("q", "must be at most " + MAX_QUERY_LENGTH + " characters"));
        }
        Set<Category> categories = EnumSet.noneOf(Category.class);
        for (String value : params.getAll("category")) {
            for (String token : value.split(",")) {
                if (token.isBlank()) {
                    continue;
                }
                Category.fromToken(token).ifPresentOrElse(categories::add,
                        () -> errors.add(new FieldError("category", "unknown category \"" + token.strip() + "\"")));
            }
        }
        String cpv = blankToNull(params.get("cpv"));
        if (cpv != null) {
            String code8 = CpvCatalog.normalize(cpv);
            if (code8 == null) {
                errors.add(new FieldError("cpv", "must be a CPV code such as 90910000-9 or 90910000"));
            } else if (reference.cpv().find(code8).isEmpty()) {
                errors.add(new FieldError("cpv", "unknown CPV code \"" + cpv + "\""));
            }
            cpv = code8;
        }
        String department = blankToNull(params.get("department"));
        if (department != null) {
            String code = reference.geography().department(department).map(Geography.Department::code).orElse(null);
            if (code == null) {
                errors.add(new FieldError("department", "unknown département \"" + department + "\""));
            }
            department = code;
        }
        GeoPoint point = point(blankToNull(params.get("near")), errors);
        String radiusText = blankToNull(params.get("radiusKm"));
        double radius = DEFAULT_RADIUS_KM;
        if (radiusText != null) {
            if (params.get("near") == null || params.get("near").isBlank()) {
                errors.add(new FieldError("radiusKm", "needs near=lat,lon"));
            }
            try {
                radius = Double.parseDouble(radiusText);
                if (!(radius > 0 && radius <= MAX_RADIUS_KM)) {
                    errors.add(new FieldError("radiusKm", "must be above 0 and at most " + (int) MAX_RADIUS_KM));
                }
            } catch (NumberFormatException e) {
                errors.add(new FieldError("radiusKm", "must be a number of kilometres"));
            }
        }
        int page = whole(params.get("page"), "page", 0, 0, Integer.MAX_VALUE, errors);
        int size = whole(params.get("size"), "size", DEFAULT_SIZE, 1, RegistryQuery.MAX_SIZE, errors);
        if (!errors.isEmpty()) {
            throw new ProblemException(400, "Bad Request", "invalid search parameters", errors);
        }
        RegistryQuery.Near near = point == null ? null : new RegistryQuery.Near(point, radius);
        return new RegistryQuery(blankToNull(q), categories, cpv, department, near, page, size);
    }

    private static GeoPoint point(String near, List<FieldError> errors) {
        if (near == null) {
            return null;
        }
        String[] parts = near.split(",");
        if (parts.length == 2) {
            try {
                double lat = Double.parseDouble(parts[0].strip());
                double lon = Double.parseDouble(parts[1].strip());
                if (lat >= -90 && lat <= 90 && lon >= -180 && lon <= 180) {
                    return new GeoPoint(lat, lon);
                }
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        errors.add(new FieldError("near", "must be lat,lon in degrees (WGS84), such as 48.85,2.35"));
        return null;
    }

    private static int whole(String value, String name, int fallback, int min, int max, List<FieldError> errors) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            long n = Long.parseLong(value.strip());
            if (n >= min && n <= max) {
                return (int) n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        errors.add(new FieldError(name, "must be a whole number from " + min + " to " + max));
        return fallback;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
