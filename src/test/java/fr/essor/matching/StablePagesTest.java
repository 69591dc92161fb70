package fr.essor.matching;

import fr.essor.notice.Reservation;
import fr.essor.reference.ReferenceData;
import fr.essor.registry.Enterprise;
import fr.essor.registry.index.LemarcheFixture;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pages of one question on the real registry: the same total on every page, and page n+1 neither repeats nor skips
 * an item of page n (DESIGN.md section 5), across the windows of the explained ranking too.
 */
class StablePagesTest {
    @TempDir
    Path folder;

    private static final LocalDate START = LocalDate.of(2026, 9, 1);

    private static LotDescription lyonGreenSpaces() {
        LotPlace lyon = new PlaceResolver(ReferenceData.get().geography()).postcode("69003", null).orElseThrow();
        return new LotDescription(null, "Entretien des espaces verts et nettoyage des abords", List.of("77310000"),
                lyon, Reservation.NONE, 80_000.0, 80_000.0, 12.0, null, null, null, START);
    }

    @Test
    void pagesOfOneQuestionAreCutFromOneOrderedList() throws Exception {
        List<Enterprise> all = LemarcheFixture.enterprises();
        MatchingConfig config = TestData.config();
        try (IndexedMatcher indexed = IndexedMatcher.of(folder, all)) {
            Matcher matcher = indexed.matcher;
            LotDescription lot = lyonGreenSpaces();
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

    /**
     * With a window of 30, pages of 7 cross window edges (page 4 holds ranks 28 to 34): cut one by one they give
     * the same list as pages of 50, and inside each window the explained score decides, best first.
     */
    @Test
    void pagesAcrossWindowsOfTheExplainedRankingAreOneList() throws Exception {
        List<Enterprise> all = LemarcheFixture.enterprises();
        MatchingConfig config = MatchingConfig.fromJson(TestData.matchingSection().copy().put("candidates", 30));
        try (IndexedMatcher indexed = IndexedMatcher.of(folder, all, config)) {
            Matcher matcher = indexed.matcher;
            LotDescription lot = lyonGreenSpaces();
            ScoringPolicy policy = ScoringPolicy.of(config);
            List<MatchItem> byFifty = new ArrayList<>();
            for (int page = 0; page < 3; page++) {
                byFifty.addAll(matcher.match(lot, policy, page, 50).items());
            }
            assertThat(byFifty).hasSize(150);
            List<String> bySeven = new ArrayList<>();
            for (int page = 0; page < 21; page++) {
                matcher.match(lot, policy, page, 7).items().forEach(i -> bySeven.add(i.siret()));
            }
            assertThat(bySeven).doesNotHaveDuplicates()
                    .containsExactlyElementsOf(byFifty.subList(0, 147).stream().map(MatchItem::siret).toList());
            for (int window = 0; window < 5; window++) {
                List<MatchItem> inWindow = byFifty.subList(window * 30, window * 30 + 30);
                assertThat(inWindow).as("window %d", window).isSortedAccordingTo(Matcher.ORDER);
            }
            // the windows are the index's: the explained order alone would mix them
            assertThat(byFifty).isNotEqualTo(byFifty.stream().sorted(Matcher.ORDER).toList());
        }
    }

    /** A window of one question's explained ranking costs a page its reasons only: the others are never written. */
    @Test
    void theReasonsOfAPageAreTheWholeAnswer() throws Exception {
        List<Enterprise> all = LemarcheFixture.enterprises();
        MatchingConfig config = TestData.config();
        try (IndexedMatcher indexed = IndexedMatcher.of(folder, all)) {
            MatchResult page = indexed.matcher.match(lyonGreenSpaces(), ScoringPolicy.of(config), 1, 5);
            JsonObject json = page.toJson();
            assertThat(json.getJsonArray("items")).hasSize(5);
            for (int i = 0; i < 5; i++) {
                JsonObject components = json.getJsonArray("items").getJsonObject(i).getJsonObject("components");
                for (String name : List.of("text", "cpv", "geo", "capacity", "preference")) {
                    assertThat(components.getJsonObject(name).getString("reason")).as(name).isNotBlank();
                }
            }
        }
    }
}
