package fr.essor.matching;

import fr.essor.http.CsvWriter;
import fr.essor.reference.NafCatalog;
import fr.essor.registry.Enterprise;
import fr.essor.registry.EnterpriseCsv;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * POST /api/match with {@code Accept: text/csv}: the page asked for, one supplier a line, each score component's value
 * in a column of its own (its weight is the request's; the reasons stay in the JSON), then the enterprise's details.
 */
final class MatchCsv {
    static final List<String> HEADER = EnterpriseCsv.concat(List.of("rank", "siret", "name", "score", "eligible",
            "categories", "distanceKm", "text", "cpv", "geo", "capacity", "preference", "eligibility"), EnterpriseCsv.DETAILS);

    private MatchCsv() {
    }

    /** @param firstRank the rank of the page's first item (page × size + 1) */
    static CsvWriter page(MatchResult result, int firstRank, NafCatalog naf) {
        CsvWriter csv = new CsvWriter(HEADER);
        int rank = firstRank;
        for (MatchItem item : result.items()) {
            Enterprise e = item.enterprise();
            Components c = item.components();
            List<Object> row = new ArrayList<>(Arrays.asList(rank++, e.siret(), e.name(), item.score(),
                    item.eligibility().eligible(), EnterpriseCsv.categories(e),
                    item.distanceKm() == null ? null : Math.round(item.distanceKm() * 10.0) / 10.0,
                    c.text().value(), c.cpv().value(), c.geo().value(), c.capacity().value(), c.preference().value(),
                    item.eligibility().code()));
            row.addAll(EnterpriseCsv.details(e, naf.labelOf(e.naf())));
            csv.row(row);
        }
        return csv;
    }
}
