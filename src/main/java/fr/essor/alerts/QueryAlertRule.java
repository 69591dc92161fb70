package fr.essor.alerts;

import fr.essor.matching.LotDescription;
import fr.essor.matching.LotPlace;
import fr.essor.matching.TermExtractor;
import fr.essor.notice.Reservation;
import fr.essor.reference.CpvCatalog;
import fr.essor.reference.Geography;
import fr.essor.registry.index.CpvOverlap;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Whether a new lot is one a saved query asked to hear of, and why: it shares a CPV node at least as deep as
 * {@code minCpvDepth} (4 = same class) with the query or at least one word of its text (French analysis), it lies
 * within {@code radiusKm} of the query's place (an unknown place does not exclude), and, when the query names a
 * reservation, the lot has it.
 */
final class QueryAlertRule {
    private static final String[] LEVEL = {"", "", "division", "group", "class", "category", "", "", "code"};

    private final TermExtractor terms;
    private final int minCpvDepth;
    private final double radiusKm;

    QueryAlertRule(TermExtractor terms, int minCpvDepth, double radiusKm) {
        this.terms = terms;
        this.minCpvDepth = minCpvDepth;
        this.radiusKm = radiusKm;
    }

    /** The reasons the lot fits the query, or empty when it does not. */
    Optional<List<String>> why(LotDescription query, LotDescription lot) {
        List<String> reasons = new ArrayList<>();
        boolean topical = false;
        int depth = deepestSharedNode(query.cpv(), lot.cpv());
        if (depth >= minCpvDepth) {
            topical = true;
            reasons.add("CPV " + LEVEL[depth] + " in common with the query");
        }
        Map<String, String> queryTerms = terms.terms(query.text());
        List<String> shared = queryTerms.isEmpty() ? List.of() : terms.shared(queryTerms, lot.text());
        if (!shared.isEmpty()) {
            topical = true;
            reasons.add("words in common: " + String.join(", ", shared));
        }
        if (!topical) {
            return Optional.empty();
        }
        if (query.reservation() != Reservation.NONE) {
            if (query.reservation() != lot.reservation()) {
                return Optional.empty();
            }
            reasons.add("reserved: " + lot.reservation().token() + " (" + lot.reservation().article() + ")");
        }
        LotPlace from = query.place();
        LotPlace to = lot.place();
        if (from.hasPoint() && to.hasPoint()) {
            double km = Geography.distanceKm(from.lat(), from.lon(), to.lat(), to.lon());
            if (km > radiusKm) {
                return Optional.empty();
            }
            reasons.add(Math.round(km) + " km from the query's place");
        } else if (from.hasPoint()) {
            reasons.add("the lot's place is unknown");
        }
        return Optional.of(reasons);
    }

    /** The depth of the deepest CPV node the two lists share (8 for a same code), by the one CPV rule (CpvOverlap). */
    private static int deepestSharedNode(List<String> a, List<String> b) {
        Set<String> levels = new HashSet<>();
        b.stream().map(CpvCatalog::normalize).filter(Objects::nonNull).forEach(c -> levels.addAll(CpvOverlap.hierarchy(c)));
        CpvOverlap.Match m = CpvOverlap.best(a.stream().map(CpvCatalog::normalize).filter(Objects::nonNull).toList(),
                levels, List.of());
        return m == null ? 0 : m.prefix().length() >= 8 ? 8 : Math.min(5, m.prefix().length());
    }
}
