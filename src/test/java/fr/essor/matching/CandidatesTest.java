package fr.essor.matching;

import fr.essor.notice.Reservation;
import fr.essor.reference.ReferenceData;
import fr.essor.registry.Enterprise;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import static fr.essor.registry.Category.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who the candidates of a lot are and in what order (DESIGN.md section 4): every eligible enterprise within reach,
 * reach widened by an intervention area or radius; at equal distance an enterprise whose activity matches, then one
 * whose activity is unknown, then one of another trade; insertion and staffing lots answered by the SIAE as such.
 */
class CandidatesTest {
    private static final ReferenceData REF = ReferenceData.get();
    private static final MatchingConfig CONFIG = TestData.config();
    private static IndexedMatcher indexed;
    private static Matcher matcher;
    private static LotPlace montreuil;

    @TempDir
    static Path folder;

    @BeforeAll
    static void index() throws Exception {
        montreuil = new PlaceResolver(REF.geography()).postcode("93100", null).orElseThrow();
        double lat = montreuil.lat() + 0.01;
        double lon = montreuil.lon();
        List<Enterprise> all = new ArrayList<>(List.of(
                // three at the same place: a cleaner, a neighbourhood association that says nothing of its trade, a restaurant
                TestData.enterprise("10000000000001", ACI).name("Propreté Solidaire").naf("81.21Z").at(lat, lon).build(),
                TestData.enterprise("10000000000002", EI).name("Régie de quartier du Bas Montreuil").naf("88.99B").at(lat, lon).build(),
                TestData.enterprise("10000000000003", EI).name("Le Bon Repas").naf("56.10A").at(lat, lon).build(),
                // in Lyon, 390 km away: one works in the 93, one has a 500 km radius, one names no area
                TestData.enterprise("20000000000001", ACI).name("Nettoyage Rhône Île-de-France").naf("81.21Z")
                        .at(45.76, 4.84).departments("93").build(),
                TestData.enterprise("20000000000002", ACI).name("Nettoyage National").naf("81.21Z")
                        .at(45.76, 4.84).radiusKm(500).build(),
                TestData.enterprise("20000000000003", ACI).name("Nettoyage Lyonnais").naf("81.21Z").at(45.76, 4.84).build(),
                // staffing and insertion near Montreuil
                TestData.enterprise("30000000000001", AI).name("Association Intermédiaire de l'Est").naf("88.99B").at(lat, lon + 0.05).build(),
                TestData.enterprise("30000000000002", ETTI).name("Intérim Solidaire").naf("78.20Z").at(lat, lon + 0.06).build(),
                TestData.enterprise("30000000000003", GEIQ).name("GEIQ Propreté").naf("81.21Z").at(lat, lon + 0.01).build(),
                TestData.enterprise("30000000000004", EA).name("Atelier Adapté").naf("88.10C").at(lat, lon + 0.01).build()));
        // grocers in Marseille, out of reach: a registry where "services" (in a fifth of the activities) is a common word
        for (int i = 0; i < 20; i++) {
            all.add(TestData.enterprise(String.format("5000000000%04d", i), ACI).name("Épicerie " + i).naf("47.11B")
                    .at(43.30, 5.37).build());
        }
        indexed = IndexedMatcher.of(folder.resolve("index"), all);
        matcher = indexed.matcher;
    }

    @AfterAll
    static void close() throws Exception {
        indexed.close();
    }

    private static LotDescription lot(String text, String cpv, Reservation reservation) {
        return new LotDescription(null, text, cpv == null ? List.of() : List.of(cpv), montreuil, reservation, null, null,
                null, null, null, null, LocalDate.of(2026, 9, 1));
    }

    private static List<String> sirets(MatchResult r) {
        return r.items().stream().map(MatchItem::siret).toList();
    }

    private static MatchItem item(MatchResult r, String siret) {
        return r.items().stream().filter(i -> i.siret().equals(siret)).findFirst().orElseThrow();
    }

    @Test
    void atEqualDistanceMatchesComeFirstThenUnknownThenAnotherTrade() {
        MatchResult r = matcher.match(lot("Nettoyage des locaux de la mairie", "90919200", Reservation.INTEGRATION),
                ScoringPolicy.of(CONFIG), 0, 20);

        List<String> order = sirets(r).stream().filter(s -> s.startsWith("1")).toList();
        assertThat(order).containsExactly("10000000000001", "10000000000002", "10000000000003");
        MatchItem unknown = item(r, "10000000000002");
        assertThat(unknown.components().text().code()).isEqualTo(ReasonCodes.ACTIVITY_UNKNOWN);
        assertThat(unknown.components().cpv().code()).isEqualTo(ReasonCodes.ACTIVITY_UNKNOWN);
        assertThat(unknown.components().text().value()).isEqualTo(CONFIG.unknownActivity());
        assertThat(unknown.components().cpv().value()).isEqualTo(CONFIG.unknownActivity());
        MatchItem restaurant = item(r, "10000000000003");
        assertThat(restaurant.components().text().value()).isZero();
        assertThat(restaurant.components().cpv().value()).isZero();
        // the reserved lot keeps its gate: the GEIQ and the EA are not candidates
        assertThat(sirets(r)).doesNotContain("30000000000003", "30000000000004");
    }

    @Test
    void anInterventionAreaOrRadiusCoveringThePlaceMakesACandidateFromAnyDistance() {
        MatchResult r = matcher.match(lot("Nettoyage des locaux de la mairie", "90919200", Reservation.NONE),
                ScoringPolicy.of(CONFIG), 0, 20);

        assertThat(sirets(r)).contains("20000000000001", "20000000000002").doesNotContain("20000000000003");
        assertThat(item(r, "20000000000001").components().geo().code()).isEqualTo(ReasonCodes.AREA_DEPARTMENT);
        assertThat(item(r, "20000000000001").components().geo().value()).isEqualTo(1.0);
        assertThat(item(r, "20000000000002").components().geo().code()).isEqualTo(ReasonCodes.INSIDE_RADIUS);
        assertThat(item(r, "20000000000002").distanceKm()).isGreaterThan(300);
    }

    @Test
    void anInsertionLotIsAnsweredByEverySiaeWithinReach() {
        MatchResult r = matcher.match(lot("Marché de services de qualification et d'insertion professionnelles",
                "75231240", Reservation.NONE), ScoringPolicy.of(CONFIG), 0, 20);

        // every SIAE near Montreuil (the restaurant EI included) before the GEIQ and the EA, whose activity decides
        List<String> siae = List.of("10000000000001", "10000000000002", "10000000000003", "30000000000001", "30000000000002");
        List<String> order = sirets(r);
        for (String s : siae) {
            assertThat(order.indexOf(s)).isLessThan(order.indexOf("30000000000003")).isLessThan(order.indexOf("30000000000004"));
            assertThat(item(r, s).components().text().code()).isEqualTo(ReasonCodes.INSERTION_LOT);
            assertThat(item(r, s).components().text().reason()).contains("R2123-1");
        }
    }

    @Test
    void aStaffingLotPutsTheAiAndEttiFirst() {
        MatchResult r = matcher.match(lot("Mise à disposition de personnel pour l'entretien des écoles", "79620000",
                Reservation.INTEGRATION), ScoringPolicy.of(CONFIG), 0, 20);

        assertThat(sirets(r).subList(0, 2)).containsExactlyInAnyOrder("30000000000001", "30000000000002");
        assertThat(item(r, "30000000000001").components().cpv().code()).isEqualTo(ReasonCodes.STAFFING_LOT);
        assertThat(item(r, "30000000000001").components().cpv().value()).isEqualTo(1.0);
    }

    @Test
    void withoutAPlaceEveryEligibleEnterpriseIsACandidate() {
        LotDescription anywhere = new LotDescription(null, "Nettoyage", List.of("90910000"), LotPlace.unknown("no place"),
                Reservation.NONE, null, null, null, null, null, null, LocalDate.of(2026, 9, 1));
        MatchResult r = matcher.match(anywhere, ScoringPolicy.of(CONFIG), 0, 100);
        assertThat(r.total()).isEqualTo(30);
        assertThat(r.items()).hasSize(30).allSatisfy(i -> assertThat(i.components().geo().code()).isEqualTo(ReasonCodes.PLACE_UNKNOWN));
    }

    @Test
    void aCountAbove10000IsALowerBound() throws Exception {
        List<Enterprise> many = new ArrayList<>();
        for (int i = 0; i < 10_050; i++) {
            many.add(TestData.enterprise(String.format("%014d", 40_000_000_000_000L + i), ACI).name("Atelier " + i)
                    .naf("88.99B").at(montreuil.lat(), montreuil.lon()).build());
        }
        try (IndexedMatcher large = IndexedMatcher.of(folder.resolve("large"), many)) {
            MatchResult r = large.matcher.match(lot("Nettoyage", "90910000", Reservation.NONE), ScoringPolicy.of(CONFIG), 2, 20);
            assertThat(r.total()).isEqualTo(10_000);
            assertThat(r.toJson().getString("totalRelation")).isEqualTo("gte");
            assertThat(r.items()).hasSize(20);
        }
    }
}
