package fr.essor.matching;

import fr.essor.notice.Reservation;
import fr.essor.reference.ReferenceData;
import fr.essor.registry.Enterprise;
import fr.essor.registry.index.LemarcheFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pages of one question on the real registry: the same total on every page, and page n+1 neither repeats nor skips
 * an item of page n (DESIGN.md section 5).
 */
class StablePagesTest {
    @TempDir
    Path folder;

    @Test
    void pagesOfOneQuestionAreCutFromOneOrderedList() throws Exception {
        ReferenceData ref = ReferenceData.get();
        List<Enterprise> all = LemarcheFixture.enterprises();
        MatchingConfig config = TestData.config();
        try (IndexedMatcher indexed = IndexedMatcher.of(folder, all)) {
            Matcher matcher = indexed.matcher;
            LotPlace lyon = new PlaceResolver(ref.geography()).postcode("69003", null).orElseThrow();
            LotDescription lot = new LotDescription(null, "Entretien des espaces verts et nettoyage des abords", List.of("77310000"),
                    lyon, Reservation.NONE, 80_000.0, 80_000.0, 12.0, null, null, null, LocalDate.of(2026, 9, 1));

            MatchResult whole = matcher.match(lot, ScoringPolicy.of(config), 0, 100);
            assertThat(whole.items()).hasSize(100);
            assertThat(whole.total()).isGreaterThan(100);
            List<String> paged = new ArrayList<>();
            for (int page = 0; page < 14; page++) {
                MatchResult r = matcher.match(lot, ScoringPolicy.of(config), page, 7);
                assertThat(r.total()).as("page %d", page).isEqualTo(whole.total());
                r.items().forEach(i -> paged.add(i.siret()));
            }
            assertThat(paged).doesNotHaveDuplicates()
                    .containsExactlyElementsOf(whole.items().subList(0, 98).stream().map(MatchItem::siret).toList());
        }
    }
}
