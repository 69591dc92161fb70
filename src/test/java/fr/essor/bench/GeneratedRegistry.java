package fr.essor.bench;

import fr.essor.reference.CpvCatalog;
import fr.essor.reference.Geography;
import fr.essor.reference.NafCatalog;
import fr.essor.reference.ReferenceData;
import fr.essor.registry.Enterprise;
import fr.essor.registry.index.LemarcheFixture;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A registry of real-looking enterprises for benchmarks, drawn from the real distributions: (category, NAF) pairs and
 * sites of siae_lemarche.csv, communes of the La Poste file, CPV codes near the NAF activity, headcounts for some.
 * Deterministic for a seed.
 */
final class GeneratedRegistry {
    private static final Path COMMUNES = Path.of("../shared/data/reference/communes_postcodes.csv");

    private final ReferenceData reference = ReferenceData.get();
    final Random random;
    private final List<Enterprise> real = LemarcheFixture.enterprises();
    private final List<double[]> communes = new ArrayList<>();
    private final List<String> communeCodes = new ArrayList<>();
    private final List<CpvCatalog.CpvCode> cpvCodes;
    private final List<String> descriptions;

    GeneratedRegistry(long seed) throws IOException {
        this.random = new Random(seed);
        for (String line : Files.readAllLines(COMMUNES, StandardCharsets.UTF_8).stream().skip(1).toList()) {
            String[] f = line.split(";", -1);
            if (f.length >= 6 && f[5].contains(",")) {
                String[] latLon = f[5].split(",");
                communes.add(new double[] {Double.parseDouble(latLon[0]), Double.parseDouble(latLon[1])});
                communeCodes.add(f[0]);
            }
        }
        cpvCodes = List.copyOf(reference.cpv().all());
        descriptions = real.stream().map(Enterprise::description).filter(d -> d != null && d.length() > 40).toList();
    }

    /** {@code count} enterprises, SIRETs in a range no real enterprise uses. */
    List<Enterprise> enterprises(int count) {
        List<Enterprise> registry = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            registry.add(enterprise(i));
        }
        return registry;
    }

    /** A random commune centroid {lat, lon}. */
    double[] communePoint() {
        return communes.get(random.nextInt(communes.size()));
    }

    /** One generated enterprise: a real (category, NAF, site) triple, moved and renamed, with some CPV codes and a headcount. */
    private Enterprise enterprise(int i) {
        Enterprise model = real.get(random.nextInt(real.size()));
        String naf = model.naf() != null && reference.naf().find(model.naf()).isPresent() ? NafCatalog.normalize(model.naf()) : "88.99B";
        NafCatalog.NafCode nafCode = reference.naf().find(naf).orElseThrow();
        Double lat = null;
        Double lon = null;
        String commune = null;
        if (random.nextInt(1000) >= 9) { // 0.9 % without a location, as in the real list
            if (random.nextBoolean() && model.hasLocation()) {
                lat = model.latitude() + (random.nextDouble() - 0.5) * 0.1;
                lon = model.longitude() + (random.nextDouble() - 0.5) * 0.1;
            } else {
                int c = random.nextInt(communes.size());
                lat = communes.get(c)[0];
                lon = communes.get(c)[1];
                commune = communeCodes.get(c);
            }
        }
        String department = commune == null ? model.department()
                : commune.startsWith("97") ? commune.substring(0, 3) : commune.substring(0, 2);
        String region = department == null ? null
                : reference.geography().department(department).map(Geography.Department::region).orElse(null);
        List<String> cpv = new ArrayList<>();
        for (int n = random.nextInt(5) - 2; n > 0; n--) { // 0 to 2 declared codes
            cpv.add(cpvCodeNear(naf).code());
        }
        String description = switch (random.nextInt(3)) {
            case 0 -> null;
            case 1 -> descriptions.get(random.nextInt(descriptions.size()));
            default -> nafCode.label() + ". " + cpvCodeNear(naf).labelFr() + ", " + cpvCode().labelFr() + ".";
        };
        Integer employees = random.nextInt(10) < 3 ? (int) Math.round(Math.exp(random.nextDouble() * Math.log(300))) : null;
        String siret = String.format("%014d", 10_000_000_000_000L + i * 7919L);
        return new Enterprise(siret, model.name() + " " + (i % 97), model.categories(), model.legalForm(), naf,
                description, List.copyOf(cpv), null, null, model.city(), lat, lon, null, null, null, employees,
                null, null, null, commune, department, region, null);
    }

    CpvCatalog.CpvCode cpvCode() {
        return cpvCodes.get(random.nextInt(cpvCodes.size()));
    }

    /** A CPV code under a prefix the NAF implies when the affinity table knows one, else any code. */
    private CpvCatalog.CpvCode cpvCodeNear(String naf) {
        List<String> implied = reference.affinity().cpvPrefixesFor(naf);
        if (implied.isEmpty()) {
            return cpvCode();
        }
        String prefix = implied.get(random.nextInt(implied.size()));
        List<CpvCatalog.CpvCode> under = cpvCodes.stream().filter(c -> c.code8().startsWith(prefix)).toList();
        return under.isEmpty() ? cpvCode() : under.get(random.nextInt(under.size()));
    }

}
