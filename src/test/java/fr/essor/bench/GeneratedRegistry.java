package fr.essor.bench;

import fr.essor.reference.CpvCatalog;
import fr.essor.reference.Geography;
import fr.essor.reference.NafCatalog;
import fr.essor.reference.ReferenceData;
import fr.essor.registry.Enterprise;
import fr.essor.registry.Siret;
import fr.essor.registry.index.LemarcheFixture;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * A registry of real-looking enterprises for benchmarks, drawn from the real distributions: (category, NAF, legal
 * form) of siae_lemarche.csv, sites in communes of the La Poste file weighted by how many real enterprises each
 * postcode holds (so Lyon and Seine-Saint-Denis are dense and the countryside sparse, as in the real registry), random
 * SIRETs with a valid Luhn key, names varied from real names, trades and communes, CPV codes near the NAF activity,
 * headcounts for some. Deterministic for a seed.
 */
final class GeneratedRegistry {
    private static final Path COMMUNES = Path.of("../shared/data/reference/communes_postcodes.csv");
    /** Weight of a commune no real enterprise is in, against 1 per real enterprise: the countryside gets ~17 % of sites. */
    private static final double RURAL_WEIGHT = 0.02;
    private static final String[] FORMS = {"Association", "Atelier", "Régie de quartier", "Chantier d'insertion",
        "Coopérative", "Les Ateliers de", "Entreprise d'insertion", "ESAT", "Ressourcerie", "Jardins de", "SCOP",
        "Groupement", "Solidarité", "Envie", "Tremplin", "Emmaüs", "Le Relais", "Structure"};

    /** A commune: INSEE code, name, centroid. */
    record Commune(String insee, String name, String postcode, double lat, double lon) {
        String department() {
            return insee.startsWith("97") ? insee.substring(0, 3) : insee.substring(0, 2);
        }
    }

    private final ReferenceData reference = ReferenceData.get();
    final Random random;
    private final List<Enterprise> real = LemarcheFixture.enterprises();
    private final List<Commune> communes = new ArrayList<>();
    private final double[] cumulative;
    private final List<CpvCatalog.CpvCode> cpvCodes;
    private final List<String> descriptions;
    private final Set<String> sirets = new HashSet<>();
    private final Map<String, List<CpvCatalog.CpvCode>> codesUnder = new HashMap<>();

    GeneratedRegistry(long seed) throws IOException {
        this.random = new Random(seed);
        Map<String, Integer> realByPostcode = new HashMap<>();
        for (Enterprise e : real) {
            if (e.postcode() != null) {
                realByPostcode.merge(e.postcode(), 1, Integer::sum);
            }
        }
        Set<String> postcodeSeen = new HashSet<>();
        List<Double> weights = new ArrayList<>();
        for (String line : Files.readAllLines(COMMUNES, StandardCharsets.UTF_8).stream().skip(1).toList()) {
            String[] f = line.split(";", -1);
            if (f.length >= 6 && f[5].contains(",")) {
                String[] latLon = f[5].split(",");
                communes.add(new Commune(f[0], f[1], f[2], Double.parseDouble(latLon[0]), Double.parseDouble(latLon[1])));
                // the real enterprises of a postcode go to its first commune (a postcode spans a few)
                weights.add(postcodeSeen.add(f[2]) ? realByPostcode.getOrDefault(f[2], 0) + RURAL_WEIGHT : RURAL_WEIGHT);
            }
        }
        cumulative = new double[weights.size()];
        double sum = 0;
        for (int i = 0; i < cumulative.length; i++) {
            cumulative[i] = sum += weights.get(i);
        }
        cpvCodes = List.copyOf(reference.cpv().all());
        descriptions = real.stream().map(Enterprise::description).filter(d -> d != null && d.length() > 40).toList();
    }

    /** {@code count} enterprises, each with a distinct random SIRET. */
    List<Enterprise> enterprises(int count) {
        List<Enterprise> registry = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            registry.add(enterprise(i));
        }
        return registry;
    }

    /** A commune drawn from where the registry's enterprises are (the same weights as their sites). */
    Commune commune(Random r) {
        int i = Arrays.binarySearch(cumulative, r.nextDouble() * cumulative[cumulative.length - 1]);
        return communes.get(Math.min(communes.size() - 1, i >= 0 ? i : -i - 1));
    }

    /** The centroid {lat, lon} of a commune drawn from where the enterprises are (the generator's own random). */
    double[] communePoint() {
        Commune c = commune(random);
        return new double[] {c.lat(), c.lon()};
    }

    /** The postcode of a commune, by INSEE code (null if unknown). */
    String postcodeOf(String insee) {
        return communes.stream().filter(c -> c.insee().equals(insee)).map(Commune::postcode).findFirst().orElse(null);
    }

    /** One generated enterprise: a real (category, NAF, legal form), a weighted commune, a varied name. */
    private Enterprise enterprise(int i) {
        Enterprise model = real.get(random.nextInt(real.size()));
        String naf = model.naf() != null && reference.naf().find(model.naf()).isPresent() ? NafCatalog.normalize(model.naf()) : "88.99B";
        NafCatalog.NafCode nafCode = reference.naf().find(naf).orElseThrow();
        Commune commune = commune(random);
        Double lat = null;
        Double lon = null;
        if (random.nextInt(1000) >= 9) { // 0.9 % without a location, as in the real list
            lat = commune.lat() + (random.nextDouble() - 0.5) * 0.04;
            lon = commune.lon() + (random.nextDouble() - 0.5) * 0.05;
        }
        String department = commune.department();
        String region = reference.geography().department(department).map(Geography.Department::region).orElse(null);
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
        return new Enterprise(siret(), name(model, nafCode, commune), model.categories(), model.legalForm(), naf,
                description, List.copyOf(cpv), null, commune.postcode(), commune.name(), lat, lon, null, null, null,
                employees, null, null, null, commune.insee(), department, region, null);
    }

    /** Real names, trades and places mixed: "Atelier Menuiserie Roubaix", "LA COLLECTERIE Vienne", ... */
    private String name(Enterprise model, NafCatalog.NafCode naf, Commune commune) {
        String[] trade = naf.label().split("[^\\p{L}]+");
        String word = trade.length == 0 ? "" : trade[random.nextInt(trade.length)];
        String place = titleCase(commune.name());
        return switch (random.nextInt(4)) {
            case 0 -> model.name() + " " + place;
            case 1 -> FORMS[random.nextInt(FORMS.length)] + " " + word + " " + place;
            case 2 -> FORMS[random.nextInt(FORMS.length)] + " " + place;
            default -> model.name().split(" ")[0] + " " + word + " " + FORMS[random.nextInt(FORMS.length)];
        };
    }

    private static String titleCase(String upper) {
        StringBuilder out = new StringBuilder(upper.length());
        boolean start = true;
        for (char c : upper.toLowerCase(Locale.ROOT).toCharArray()) {
            out.append(start ? Character.toUpperCase(c) : c);
            start = !Character.isLetter(c);
        }
        return out.toString();
    }

    /** 13 random digits and the Luhn key; never twice. */
    private String siret() {
        while (true) {
            StringBuilder digits = new StringBuilder(14).append(1 + random.nextInt(9));
            for (int i = 1; i < 13; i++) {
                digits.append(random.nextInt(10));
            }
            for (int key = 0; key < 10; key++) {
                String candidate = digits.toString() + key;
                if (Siret.isValid(candidate)) {
                    if (sirets.add(candidate)) {
                        return candidate;
                    }
                    break;
                }
            }
        }
    }

    CpvCatalog.CpvCode cpvCode() {
        return cpvCode(random);
    }

    CpvCatalog.CpvCode cpvCode(Random r) {
        return cpvCodes.get(r.nextInt(cpvCodes.size()));
    }

    /** A CPV code under a prefix the NAF implies when the affinity table knows one, else any code. */
    private CpvCatalog.CpvCode cpvCodeNear(String naf) {
        List<String> implied = reference.affinity().cpvPrefixesFor(naf);
        if (implied.isEmpty()) {
            return cpvCode();
        }
        String prefix = implied.get(random.nextInt(implied.size()));
        List<CpvCatalog.CpvCode> under = codesUnder.computeIfAbsent(prefix,
                p -> cpvCodes.stream().filter(c -> c.code8().startsWith(p)).toList());
        return under.isEmpty() ? cpvCode() : under.get(random.nextInt(under.size()));
    }
}
