package fr.essor.reference;

import fr.essor.reference.Geography.Department;
import fr.essor.reference.Geography.Location;
import fr.essor.reference.Geography.Precision;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class GeographyTest {
    private static final Geography GEO = ReferenceData.get().geography();

    /** The postcode base as published, read here independently: postcode → INSEE → {lat, lon}. */
    private static final Map<String, Map<String, double[]>> CENTROIDS_BY_POSTCODE = new LinkedHashMap<>();

    @BeforeAll
    static void readThePostcodeBase() throws IOException {
        List<String> lines = Files.readAllLines(Path.of("../shared/data/reference/communes_postcodes.csv"));
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(";", -1);
            if (f[5].isEmpty()) continue;
            String[] ll = f[5].split(",");
            CENTROIDS_BY_POSTCODE.computeIfAbsent(f[2], k -> new LinkedHashMap<>())
                    .putIfAbsent(f[0], new double[] {Double.parseDouble(ll[0]), Double.parseDouble(ll[1])});
        }
    }

    @Test
    void aSharedPostcodeTakesTheCommuneNamedByTheCity() {
        assertThat(CENTROIDS_BY_POSTCODE.get("12130")).hasSizeGreaterThan(1);

        Location eulalie = GEO.locate("12130", "Sainte-Eulalie-d'Olt").orElseThrow();
        assertThat(eulalie.communeInsee()).isEqualTo("12219");
        assertThat(eulalie.communeName()).isEqualTo("STE EULALIE D OLT");
        assertThat(eulalie.precision()).isEqualTo(Precision.COMMUNE);
        assertThat(eulalie.department()).isEqualTo("12");
        assertThat(eulalie.region()).isEqualTo("76");
        assertThat(eulalie.postcode()).isEqualTo("12130");
        double[] centroid = CENTROIDS_BY_POSTCODE.get("12130").get("12219");
        assertThat(eulalie.lat()).isEqualTo(centroid[0]);
        assertThat(eulalie.lon()).isEqualTo(centroid[1]);

        assertThat(GEO.locate("12130", "ST GENIEZ D OLT ET D AUBRAC").orElseThrow().communeInsee()).isEqualTo("12224");
        assertThat(GEO.locate("73000", "Chambéry").orElseThrow().communeInsee()).isEqualTo("73065");
        assertThat(GEO.locate("73000", "chambery").orElseThrow().communeInsee()).isEqualTo("73065");
    }

    @Test
    void aSharedPostcodeWithoutAMatchingCityIsTheMeanOfItsCommunes() {
        Map<String, double[]> communes = CENTROIDS_BY_POSTCODE.get("73000");
        assertThat(communes).hasSize(6);
        double lat = communes.values().stream().mapToDouble(c -> c[0]).average().orElseThrow();
        double lon = communes.values().stream().mapToDouble(c -> c[1]).average().orElseThrow();

        for (String city : new String[] {null, "", "Nowhere"}) {
            Location mean = GEO.locate("73000", city).orElseThrow();
            assertThat(mean.precision()).isEqualTo(Precision.POSTCODE);
            assertThat(mean.communeInsee()).isNull();
            assertThat(mean.communeName()).isNull();
            assertThat(mean.postcode()).isEqualTo("73000");
            assertThat(mean.department()).isEqualTo("73");
            assertThat(mean.region()).isEqualTo("84");
            assertThat(mean.lat()).isCloseTo(lat, within(1e-9));
            assertThat(mean.lon()).isCloseTo(lon, within(1e-9));
        }
    }

    @Test
    void communesWithoutCoordinatesAreSkipped() {
        // CULEY (55138) shares 55000 but has no centroid in the base
        assertThat(GEO.commune("55138")).isEmpty();
        Location mean = GEO.locate("55000", "Culey").orElseThrow();
        assertThat(mean.precision()).isEqualTo(Precision.POSTCODE);
        assertThat(mean.lat()).isCloseTo(CENTROIDS_BY_POSTCODE.get("55000").values().stream()
                .mapToDouble(c -> c[0]).average().orElseThrow(), within(1e-9));
    }

    @Test
    void parisLyonAndMarseilleResolveToTheirArrondissements() {
        Location paris11 = GEO.locate("75011", "Paris").orElseThrow();
        assertThat(paris11.communeInsee()).isEqualTo("75111");
        assertThat(paris11.communeName()).isEqualTo("PARIS 11");
        assertThat(paris11.department()).isEqualTo("75");
        assertThat(paris11.region()).isEqualTo("11");
        assertThat(paris11.precision()).isEqualTo(Precision.COMMUNE);

        assertThat(GEO.locate("75011", null).orElseThrow().communeInsee()).isEqualTo("75111");
        assertThat(GEO.locate("69001", "Lyon").orElseThrow().communeInsee()).isEqualTo("69381");
        assertThat(GEO.locate("13001", "MARSEILLE").orElseThrow().communeInsee()).isEqualTo("13201");
    }

    @Test
    void corsicaAndOverseasDepartmentsComeFromTheInseeCode() {
        Location ajaccio = GEO.locate("20000", "Ajaccio").orElseThrow();
        assertThat(ajaccio.communeInsee()).isEqualTo("2A004");
        assertThat(ajaccio.department()).isEqualTo("2A");
        assertThat(ajaccio.region()).isEqualTo("94");

        Location saintDenis = GEO.locate("97400", "Saint-Denis").orElseThrow();
        assertThat(saintDenis.communeInsee()).isEqualTo("97411");
        assertThat(saintDenis.department()).isEqualTo("974");
        assertThat(saintDenis.region()).isEqualTo("04");
        assertThat(saintDenis.lat()).isNegative();

        // a locality of Saint-Denis (La Poste line 5) on a postcode it shares with no other commune
        assertThat(GEO.locate("97490", "Sainte-Clotilde").orElseThrow().communeInsee()).isEqualTo("97411");

        assertThat(Geography.departmentOfInsee("2B033")).isEqualTo("2B");
        assertThat(Geography.departmentOfInsee("97101")).isEqualTo("971");
        assertThat(Geography.departmentOfInsee("01001")).isEqualTo("01");
        assertThat(Geography.departmentOfInsee("99138")).isNull();
        assertThat(Geography.departmentOfInsee("2C001")).isNull();
    }

    @Test
    void unknownOrMalformedPostcodesGiveNothing() {
        assertThat(GEO.locate("00000", null)).isEmpty();
        assertThat(GEO.locate("99999", "Paris")).isEmpty();
        assertThat(GEO.locate("ABCDE", "Paris")).isEmpty();
        assertThat(GEO.locate(null, null)).isEmpty();
    }

    @Test
    void aCedexPostcodeResolvesByTheCityAmongCommunesOfTheSameArea() {
        assertThat(CENTROIDS_BY_POSTCODE).doesNotContainKey("73011");
        Location chambery = GEO.locate("73011", "Chambéry Cedex").orElseThrow();
        assertThat(chambery.communeInsee()).isEqualTo("73065");
        assertThat(chambery.postcode()).isEqualTo("73011");
    }

    @Test
    void postcodesLosingTheirLeadingZeroOrWithSpacesAreRead() {
        assertThat(GEO.locate("1000", "Bourg-en-Bresse")).isEqualTo(GEO.locate("01000", "Bourg-en-Bresse"));
        assertThat(GEO.locate("75 011", null).orElseThrow().communeInsee()).isEqualTo("75111");
    }

    @Test
    void findsACommuneByInseeCode() {
        Location ajaccio = GEO.commune("2A004").orElseThrow();
        assertThat(ajaccio.communeName()).isEqualTo("AJACCIO");
        assertThat(ajaccio.postcode()).isEqualTo("20000");
        assertThat(GEO.commune("2a004")).contains(ajaccio);
        assertThat(GEO.commune("75056")).isEmpty(); // Paris exists only as arrondissements
        assertThat(GEO.commune(null)).isEmpty();
    }

    @Test
    void nearestCommuneOfACentroidIsThatCommune() {
        double[] lyon1 = CENTROIDS_BY_POSTCODE.get("69001").get("69381");
        Location nearest = GEO.nearestCommune(lyon1[0], lyon1[1]).orElseThrow();
        assertThat(nearest.communeInsee()).isEqualTo("69381");
        assertThat(nearest.department()).isEqualTo("69");
        assertThat(nearest.region()).isEqualTo("84");

        assertThat(GEO.nearestCommune(0, 0)).isEmpty(); // Gulf of Guinea
        assertThat(GEO.nearestCommune(Double.NaN, 2)).isEmpty();
    }

    @Test
    void nearestCommuneAgreesWithABruteForceSearch() {
        List<Geography.Commune> all = new ArrayList<>(GEO.allCommunes());
        Random random = new Random(20_240_601);
        for (int i = 0; i < 500; i++) {
            double lat = 42.3 + random.nextDouble() * 8.8;
            double lon = -4.8 + random.nextDouble() * 13.0;
            Geography.Commune best = null;
            double bestKm = Double.MAX_VALUE;
            for (Geography.Commune c : all) {
                double km = Geography.distanceKm(lat, lon, c.lat(), c.lon());
                if (km < bestKm) {
                    bestKm = km;
                    best = c;
                }
            }
            var found = GEO.nearestCommune(lat, lon);
            if (bestKm > Geography.NEAREST_COMMUNE_MAX_KM) {
                assertThat(found).isEmpty();
            } else {
                double foundKm = Geography.distanceKm(lat, lon, found.orElseThrow().lat(), found.orElseThrow().lon());
                assertThat(foundKm).as("point %s,%s: expected %s", lat, lon, best.insee()).isCloseTo(bestKm, within(1e-9));
            }
        }
    }

    /** CPU time of this thread, not wall time: the machine running the tests is shared. */
    @Test
    void nearestCommuneServesThousandsOfCallsPerSecond() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        assumeTrue(threads.isCurrentThreadCpuTimeSupported());
        Random random = new Random(7);
        for (int i = 0; i < 20_000; i++) GEO.nearestCommune(43 + random.nextDouble() * 7, -1 + random.nextDouble() * 7); // warm up
        int calls = 20_000;
        long start = threads.getCurrentThreadCpuTime();
        int found = 0;
        for (int i = 0; i < calls; i++) {
            if (GEO.nearestCommune(43 + random.nextDouble() * 7, -1 + random.nextDouble() * 7).isPresent()) found++;
        }
        double perSecond = calls / ((threads.getCurrentThreadCpuTime() - start) / 1e9);
        System.out.printf("nearestCommune: %.0f calls per CPU second%n", perSecond);
        assertThat(found).isGreaterThan(calls / 2);
        assertThat(perSecond).isGreaterThan(5_000);
    }

    @Test
    void aFrenchNuts3CodeIsADepartment() {
        Department paris = GEO.departmentOfNuts("FR101").orElseThrow();
        assertThat(paris.code()).isEqualTo("75");
        assertThat(paris.name()).isEqualTo("Paris");
        assertThat(paris.region()).isEqualTo("11");
        assertThat(paris.nuts3()).isEqualTo("FR101");
        assertThat(paris.lat()).isEqualTo(48.86029);
        assertThat(paris.lon()).isEqualTo(2.34052);

        Location asPlace = paris.location();
        assertThat(asPlace.precision()).isEqualTo(Precision.DEPARTMENT);
        assertThat(asPlace.communeInsee()).isNull();
        assertThat(asPlace.postcode()).isNull();
        assertThat(asPlace.department()).isEqualTo("75");
        assertThat(asPlace.region()).isEqualTo("11");
        assertThat(asPlace.lat()).isEqualTo(48.86029);

        assertThat(GEO.departmentOfNuts("frm01").orElseThrow().code()).isEqualTo("2A");
        assertThat(GEO.departmentOfNuts("FRY40").orElseThrow().code()).isEqualTo("974");
        assertThat(GEO.departmentOfNuts("FR10")).isEmpty();
        assertThat(GEO.departmentOfNuts("FR1")).isEmpty();
        assertThat(GEO.departmentOfNuts("FR")).isEmpty();
        assertThat(GEO.departmentOfNuts("DE300")).isEmpty();
        assertThat(GEO.departmentOfNuts(null)).isEmpty();
    }

    @Test
    void departmentsByCode() throws IOException {
        assertThat(GEO.departments()).hasSize(101);
        assertThat(GEO.departments()).allSatisfy(d -> assertThat(GEO.departmentOfNuts(d.nuts3())).contains(d));
        assertThat(GEO.department("2a").orElseThrow().name()).isEqualTo("Corse-du-Sud");
        Department guadeloupe = GEO.department("971").orElseThrow();
        assertThat(guadeloupe.name()).isEqualTo("Guadeloupe");
        assertThat(guadeloupe.region()).isEqualTo("01");
        assertThat(GEO.department("7").orElseThrow().name()).isEqualTo("Ardèche");
        assertThat(GEO.department("20")).isEmpty();
        assertThat(GEO.department("975")).isEmpty();

        // régions as departements.json gives them
        String json = Files.readString(Path.of("../shared/data/reference/departements.json"));
        assertThat(json).contains("{\"nom\":\"Rhône\",\"code\":\"69\",\"codeRegion\":\"84\"}");
        assertThat(GEO.department("69").orElseThrow().region()).isEqualTo("84");
    }

    @Test
    void nutsLabelsAtEveryLevel() {
        assertThat(GEO.nutsLabel("FR101")).contains("Paris");
        assertThat(GEO.nutsLabel("FR10")).contains("Île de France");
        assertThat(GEO.nutsLabel("FR1")).contains("Ile-de-France");
        assertThat(GEO.nutsLabel("FR")).contains("France");
        assertThat(GEO.nutsLabel("frm01")).contains("Corse-du-Sud");
        assertThat(GEO.nutsLabel("DE300")).isEmpty();
    }

    @Test
    void greatCircleDistance() {
        assertThat(Geography.distanceKm(48.8566, 2.3522, 45.7640, 4.8357)).isCloseTo(392, within(1.5));
        assertThat(Geography.distanceKm(45, 5, 45, 5)).isZero();
        // one degree of latitude
        assertThat(Geography.distanceKm(45, 5, 46, 5)).isCloseTo(111.2, within(0.1));
        assertThat(Geography.distanceKm(48.8566, 2.3522, 45.7640, 4.8357))
                .isEqualTo(Geography.distanceKm(45.7640, 4.8357, 48.8566, 2.3522));
    }
}
