package fr.essor.bench;

import fr.essor.config.EssorConfig;
import fr.essor.matching.IndexCandidates;
import fr.essor.matching.LotDescription;
import fr.essor.matching.LotPlace;
import fr.essor.matching.MatchResult;
import fr.essor.matching.Matcher;
import fr.essor.matching.MatchingConfig;
import fr.essor.matching.ScoringPolicy;
import fr.essor.matching.TermExtractor;
import fr.essor.notice.Reservation;
import fr.essor.reference.CpvCatalog;
import fr.essor.reference.NafCatalog;
import fr.essor.reference.ReferenceData;
import fr.essor.registry.Enterprise;
import fr.essor.registry.index.BenchAccess;
import fr.essor.registry.index.EnterpriseIndex;
import fr.essor.registry.index.FrenchTextAnalyzer;
import fr.essor.registry.index.CandidateQuery;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Match latency for a lot against a generated registry of 200,000 enterprises: essor's whole match (retrieval,
 * eligibility, the five explained components, sorting, the JSON answer) against the bare Lucene time of the same
 * retrieval query, measured in the same run on the same lots. The ratio is the overhead of essor's scoring.
 *
 * <p>{@code bench/run match}; arguments: [enterprises, default 200000] [queries, default 2000] [index folder to keep]
 */
public final class MatchBench {
    private static final int PAGE_SIZE = 20;

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int queries = args.length > 1 ? Integer.parseInt(args[1]) : 2_000;
        Path keep = args.length > 2 ? Path.of(args[2]) : null;
        ReferenceData reference = ReferenceData.get();
        GeneratedRegistry generator = new GeneratedRegistry(20260501);
        MatchingConfig config = MatchingConfig.fromJson(EssorConfig.load(Map.of()).section(MatchingConfig.SECTION));

        System.out.printf("generating %,d enterprises from the real distributions%n", count);
        List<Enterprise> registry = generator.enterprises(count);
        Path folder = keep != null ? keep : Files.createTempDirectory("essor-bench-match");
        try (EnterpriseIndex index = EnterpriseIndex.open(folder, reference)) {
            if (index.highWaterMark().committed() != count || index.size() != count) {
                long start = System.nanoTime();
                index.beginRebuild().get();
                for (int from = 0; from < count; from += 1000) {
                    index.apply(registry.subList(from, Math.min(count, from + 1000)), List.of(), 0);
                }
                index.finishRebuild(count).get();
                System.out.printf("indexed %,d enterprises in %.1f s%n", index.size(), (System.nanoTime() - start) / 1e9);
            }
            Matcher matcher = new Matcher(config, reference, new IndexCandidates(index),
                    new TermExtractor(new FrenchTextAnalyzer()), Clock.systemUTC());
            List<LotDescription> lots = lots(generator, registry, reference, 500);
            run(index, matcher, config, lots, queries);
        } finally {
            if (keep == null) {
                try (Stream<Path> files = Files.walk(folder)) {
                    files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
        System.exit(0);
    }

    /** Lots as buyers write them: a CPV label and a trade, a commune, half of them reserved to insertion structures. */
    private static List<LotDescription> lots(GeneratedRegistry generator, List<Enterprise> registry, ReferenceData reference, int n) {
        List<LotDescription> lots = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            CpvCatalog.CpvCode code = generator.cpvCode();
            NafCatalog.NafCode naf = reference.naf().find(registry.get(generator.random.nextInt(registry.size())).naf()).orElseThrow();
            double[] point = generator.communePoint();
            lots.add(new LotDescription(null, code.labelFr() + " — " + naf.label(), List.of(code.code8()),
                    new LotPlace(point[0], point[1], null, null, "a commune"),
                    i % 2 == 0 ? Reservation.NONE : Reservation.INTEGRATION, 200_000.0, 200_000.0, 24.0,
                    "services", "local", false, LocalDate.of(2026, 12, 1)));
        }
        return lots;
    }

    private static void run(EnterpriseIndex index, Matcher matcher, MatchingConfig config, List<LotDescription> lots, int queries)
            throws Exception {
        ScoringPolicy policy = ScoringPolicy.of(config);
        int k = config.candidates();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long items = 0;
        for (int i = 0; i < Math.max(1000, queries); i++) { // warm-up
            LotDescription lot = lots.get(i % lots.size());
            BenchAccess.topK(index, matcher.candidateQuery(lot, matcher.granted(lot), k, config.maxDistanceKm()));
            items += matcher.match(lot, policy, 0, PAGE_SIZE).toJson().encode().length();
        }
        long[] bareWall = new long[queries];
        long[] bareCpu = new long[queries];
        long[] fullWall = new long[queries];
        long[] fullCpu = new long[queries];
        long returned = 0;
        for (int i = 0; i < queries; i++) {
            LotDescription lot = lots.get(i % lots.size());
            long c0 = threads.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            CandidateQuery bare = matcher.candidateQuery(lot, matcher.granted(lot), k, config.maxDistanceKm());
            BenchAccess.topK(index, bare);
            long t1 = System.nanoTime();
            long c1 = threads.getCurrentThreadCpuTime();
            MatchResult result = matcher.match(lot, policy, 0, PAGE_SIZE);
            items += result.toJson().encode().length();
            long t2 = System.nanoTime();
            long c2 = threads.getCurrentThreadCpuTime();
            returned += result.items().size();
            bareWall[i] = t1 - t0;
            bareCpu[i] = c1 - c0;
            fullWall[i] = t2 - t1;
            fullCpu[i] = c2 - c1;
        }
        System.out.printf("%,d lots against %,d enterprises, page of %d (k = %d candidates), one thread; %.1f items per answer%n",
                queries, index.size(), PAGE_SIZE, k, returned / (double) queries);
        System.out.printf("  bare Lucene top-k (baseline)   CPU p50 %6.2f ms  p99 %6.2f ms | wall p50 %6.2f ms  p99 %6.2f ms%n",
                pct(bareCpu, 50), pct(bareCpu, 99), pct(bareWall, 50), pct(bareWall, 99));
        System.out.printf("  essor match, explained, JSON   CPU p50 %6.2f ms  p99 %6.2f ms | wall p50 %6.2f ms  p99 %6.2f ms%n",
                pct(fullCpu, 50), pct(fullCpu, 99), pct(fullWall, 50), pct(fullWall, 99));
        System.out.printf("  ratio essor / bare Lucene      CPU p50 %.1fx  p99 %.1fx | wall p50 %.1fx  p99 %.1fx%n",
                pct(fullCpu, 50) / pct(bareCpu, 50), pct(fullCpu, 99) / pct(bareCpu, 99),
                pct(fullWall, 50) / pct(bareWall, 50), pct(fullWall, 99) / pct(bareWall, 99));
        if (items == 0) {
            System.out.println("  (no answer had a byte: the bench is broken)");
        }
    }

    private static double pct(long[] nanos, int p) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)] / 1e6;
    }
}
