package fr.essor.matching.eval;

import fr.essor.matching.BasisCount;
import fr.essor.matching.IndexCandidates;
import fr.essor.matching.LotCheck;
import fr.essor.matching.LotDescription;
import fr.essor.matching.LotPlace;
import fr.essor.matching.LotReservability;
import fr.essor.matching.MatchingConfig;
import fr.essor.matching.PlaceResolver;
import fr.essor.matching.ReservabilityAdvisor;
import fr.essor.matching.TermExtractor;
import fr.essor.notice.Reservation;
import fr.essor.reference.Geography;
import fr.essor.reference.ReferenceData;
import fr.essor.registry.Enterprise;
import fr.essor.registry.index.EnterpriseIndex;
import fr.essor.registry.index.FrenchTextAnalyzer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** Reservability of real-looking lots against the real registry seed, indexed by the real index. */
class ReservabilityOnRegistryTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-09-01T10:00:00Z"), ZoneOffset.UTC);
    private static final ReferenceData REF = ReferenceData.get();
    private static LemarcheRegistry registry;
    private static EnterpriseIndex index;
    private static ReservabilityAdvisor advisor;
    private static MatchingConfig config;

    @TempDir
    static Path folder;

    @BeforeAll
    static void setUp() throws Exception {
        config = MatchingConfig.fromJson(new JsonObject(Files.readString(Path.of("config/essor.json"))).getJsonObject("matching"));
        registry = LemarcheRegistry.load();
        index = EnterpriseIndex.open(folder.resolve("index"), REF);
        index.apply(registry.enterprises, List.of(), 1).get();
        index.refresh();
        advisor = new ReservabilityAdvisor(config, REF, new IndexCandidates(index),
                new TermExtractor(new FrenchTextAnalyzer()), CLOCK);
    }

    @AfterAll
    static void close() throws Exception {
        index.close();
    }

    private static LotDescription lot(String text, List<String> cpv, String postcode, Double value, Double months,
                                      String nature, String buyer) {
        LotPlace place = new PlaceResolver(REF.geography()).postcode(postcode, null).orElseThrow();
        return new LotDescription("LOT-0001", text, cpv, place, Reservation.NONE, value, value, months, nature, buyer,
                false, LocalDate.now(CLOCK));
    }

    private static Map<Reservation, BasisCount> byBasis(LotReservability r) {
        return r.bases().stream().collect(Collectors.toMap(BasisCount::reservation, Function.identity()));
    }

    @Test
    void greenSpacesAroundLensCountTheLandscapersOfTheRegistry() {
        LotDescription lot = lot("Entretien des espaces verts de la commune : tonte, taille des haies",
                List.of("77310000"), "62300", 300_000.0, 24.0, "services", "local");
        LotReservability r = advisor.assess(lot);
        System.out.println(r.toJson().encodePrettily());

        // Independent count from the source file: SIAE whose NAF is landscaping (81.30Z) within 50 km of Lens.
        Set<String> siae = Set.of("EI", "ETTI", "AI", "ACI", "EITI");
        long landscapersNearby = registry.enterprises.stream()
                .filter(e -> "81.30Z".equals(e.naf()) && e.hasLocation())
                .filter(e -> registry.rawKinds.get(e.siret()).stream().anyMatch(siae::contains))
                .filter(e -> Geography.distanceKm(lot.place().lat(), lot.place().lon(), e.latitude(), e.longitude())
                        <= Enterprise.DEFAULT_RADIUS_KM)
                .count();
        assertThat(landscapersNearby).isGreaterThanOrEqualTo(3);

        Map<Reservation, BasisCount> bases = byBasis(r);
        BasisCount integration = bases.get(Reservation.INTEGRATION);
        BasisCount both = bases.get(Reservation.SHELTERED_OR_INTEGRATION);
        assertThat(integration.withinReach()).isGreaterThanOrEqualTo((int) landscapersNearby);
        assertThat(integration.eligible()).isGreaterThanOrEqualTo(integration.withinReach());
        assertThat(integration.withinReach()).isGreaterThanOrEqualTo(integration.canCarry());
        assertThat(both.withinReach()).isGreaterThanOrEqualTo(integration.withinReach());
        assertThat(bases.get(Reservation.PRISON).eligible()).isZero();
        assertThat(bases.get(Reservation.SHELTERED).withinReach()).isLessThanOrEqualTo(3);

        // the rule, applied to the best basis within reach
        int n = both.withinReach();
        String expected = n > 30 ? (both.averageCapacity() == null ? "reserve-lot" : null)
                : n > 10 ? "reserve-lot" : n > 1 ? "insertion-clause" : "award-criterion";
        if (expected != null) {
            assertThat(r.recommendation().action()).isEqualTo(expected);
        }
        assertThat(r.recommendation().reason()).contains(n + " suppliers");
        // 300,000 € of local-authority services ≥ 216,000 € after 21 August 2026
        assertThat(r.socialCondition().required()).isTrue();

        JsonObject json = r.toJson();
        assertThat(json.fieldNames()).containsExactlyInAnyOrder("lotId", "bases", "recommendation", "socialConditionRequired");
        assertThat(json.getJsonArray("bases")).hasSize(5);
        assertThat(json.getJsonArray("bases").getJsonObject(0).fieldNames())
                .containsExactlyInAnyOrder("reservation", "article", "eligible", "withinReach", "canCarry", "lotCheck",
                        "lotCheckReason", "lotCheckCode");
        assertThat(json.getJsonObject("recommendation").fieldNames())
                .containsExactlyInAnyOrder("action", "article", "reason", "code");
    }

    @Test
    void homeHelpMayBeReservedToMissionDrivenOrganisationsButCleaningMayNot() {
        LotReservability help = advisor.assess(lot("Services d'aide à domicile pour personnes âgées",
                List.of("85312400"), "59000", 100_000.0, 24.0, "services", null));
        Map<Reservation, BasisCount> bases = byBasis(help);
        // SIAE and EA hold the ESUS agreement by law: every one of them counts under article 77 too
        assertThat(bases.get(Reservation.PUBLIC_SERVICE_MISSION).withinReach())
                .isGreaterThanOrEqualTo(bases.get(Reservation.SHELTERED_OR_INTEGRATION).withinReach());
        assertThat(help.recommendation().reason()).doesNotContain("public-service-mission not possible");
        assertThat(bases.get(Reservation.PUBLIC_SERVICE_MISSION).lotCheck().state()).isEqualTo(LotCheck.State.HOLDS);

        LotReservability cleaning = advisor.assess(lot("Nettoyage des locaux administratifs", List.of("90919200"),
                "59000", 100_000.0, 48.0, "services", "local"));
        assertThat(cleaning.recommendation().article()).doesNotContain("L2113-15");
        assertThat(byBasis(cleaning).get(Reservation.PUBLIC_SERVICE_MISSION).lotCheck().code())
                .isEqualTo(LotCheck.Code.CPV_NOT_ON_ARTICLE_77_LIST);
        assertThat(cleaning.socialCondition().required()).isFalse();
    }
}
