package fr.essor.matching.eval;

import fr.essor.matching.IndexCandidates;
import fr.essor.matching.LotPlace;
import fr.essor.matching.Matcher;
import fr.essor.matching.MatchingConfig;
import fr.essor.matching.TermExtractor;
import fr.essor.reference.Geography;
import fr.essor.reference.ReferenceData;
import fr.essor.registry.Enterprise;
import fr.essor.registry.index.EnterpriseIndex;
import fr.essor.registry.index.FrenchTextAnalyzer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The evaluations' common set-up: the real registry ({@link LemarcheRegistry}) indexed in a temporary folder as
 * essor serves it, a {@link Matcher} over that index, and the {@link StraightforwardBaseline} over the same
 * enterprises. Closing it closes both indexes and deletes the folder.
 */
final class IndexedRegistry implements AutoCloseable {
    /** A fixed day, so that date-dependent rules (thresholds, ESUS expiry) answer the same in every run. */
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-09-01T08:00:00Z"), ZoneOffset.UTC);

    final ReferenceData ref;
    final LemarcheRegistry registry;
    final Map<String, Enterprise> bySiret;
    final EnterpriseIndex index;
    final Matcher matcher;
    final StraightforwardBaseline straightforward;
    private final Path folder;

    private IndexedRegistry(ReferenceData ref, LemarcheRegistry registry, Path folder, EnterpriseIndex index,
                            Matcher matcher, StraightforwardBaseline straightforward) {
        this.ref = ref;
        this.registry = registry;
        this.folder = folder;
        this.index = index;
        this.matcher = matcher;
        this.straightforward = straightforward;
        Map<String, Enterprise> map = new LinkedHashMap<>();
        registry.enterprises.forEach(e -> map.put(e.siret(), e));
        this.bySiret = map;
    }

    static IndexedRegistry open(MatchingConfig config) throws Exception {
        ReferenceData ref = ReferenceData.get();
        LemarcheRegistry registry = LemarcheRegistry.load();
        Path folder = Files.createTempDirectory("essor-eval-index");
        EnterpriseIndex index = null;
        try {
            index = EnterpriseIndex.open(folder, ref);
            index.apply(registry.enterprises, List.of(), 1).get();
            index.refresh();
            Matcher matcher = new Matcher(config, ref, new IndexCandidates(index),
                    new TermExtractor(new FrenchTextAnalyzer()), CLOCK);
            return new IndexedRegistry(ref, registry, folder, index, matcher,
                    new StraightforwardBaseline(registry.enterprises, ref.naf()));
        } catch (Exception | Error e) {
            if (index != null) {
                index.close();
            }
            delete(folder);
            throw e;
        }
    }

    /** SIRET → km from the place, null for an unlocated enterprise or a place without a point. */
    Map<String, Double> distances(LotPlace place) {
        Map<String, Double> km = new HashMap<>();
        for (Enterprise e : registry.enterprises) {
            km.put(e.siret(), place.hasPoint() && e.hasLocation()
                    ? Geography.distanceKm(place.lat(), place.lon(), e.latitude(), e.longitude()) : null);
        }
        return km;
    }

    /** The distance-only baseline: nearest first, unlocated last, ties by SIRET. */
    static List<String> nearestFirst(Collection<String> sirets, Map<String, Double> distances) {
        return sirets.stream()
                .sorted(Comparator.<String, Double>comparing(s -> distances.get(s) == null ? Double.MAX_VALUE : distances.get(s))
                        .thenComparing(Function.identity()))
                .toList();
    }

    @Override
    public void close() throws Exception {
        try (index; straightforward) {
            // both closed here, the folder deleted after
        } finally {
            delete(folder);
        }
    }

    private static void delete(Path folder) throws java.io.IOException {
        try (var files = Files.walk(folder)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
