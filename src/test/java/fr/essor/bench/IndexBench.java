package fr.essor.bench;

import fr.essor.reference.CpvCatalog;
import fr.essor.reference.NafCatalog;
import fr.essor.reference.ReferenceData;
import fr.essor.registry.Category;
import fr.essor.registry.Enterprise;
import fr.essor.registry.index.BenchAccess;
import fr.essor.registry.index.EnterpriseIndex;
import fr.essor.registry.index.GeoPoint;
import fr.essor.registry.index.CandidateQuery;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import com.sun.management.OperatingSystemMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Indexes a generated registry of real-looking enterprises (200,000 by default) and times match retrieval.
 * The generator draws from the real distributions: (category, NAF) pairs and sites of siae_lemarche.csv,
 * communes of the La Poste file, CPV codes near the NAF activity, headcounts for some. Prints figures; asserts
 * nothing about time (DESIGN.md section 4 reports 0.5 ms for text alone and 2.6 ms for the full query, medians).
 *
 * <p>Run: {@code java -cp target/classes:target/test-classes:<deps> fr.essor.bench.IndexBench [count] [queries]}
 */
public final class IndexBench {
    private static final Set<Category> INTEGRATION = EnumSet.of(Category.EI, Category.ETTI, Category.AI, Category.ACI, Category.EITI);

    private final GeneratedRegistry generator;
    private final ReferenceData reference = ReferenceData.get();

    private IndexBench() throws IOException {
        generator = new GeneratedRegistry(20260501);
    }

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int queries = args.length > 1 ? Integer.parseInt(args[1]) : 2_000;
        Path keep = args.length > 2 ? Path.of(args[2]) : null;
        new IndexBench().run(count, queries, keep);
    }

    /** @param keep a folder to keep the index in and reuse when it already holds this registry; null: a temporary one */
    private void run(int count, int queries, Path keep) throws Exception {
        System.out.printf("generating %,d enterprises from the real distributions%n", count);
        List<Enterprise> registry = generator.enterprises(count);
        Path folder = keep != null ? keep : Files.createTempDirectory("essor-bench-index");
        long opening = System.nanoTime();
        try (EnterpriseIndex index = EnterpriseIndex.open(folder, reference)) {
            if (index.highWaterMark().committed() == count && index.size() == count) {
                System.out.printf("reusing the index of %,d enterprises in %s (open with checksum verification: %.0f ms)%n",
                        count, folder, (System.nanoTime() - opening) / 1e6);
            } else {
                build(index, registry);
            }

            List<CandidateQuery> full = new ArrayList<>();
            List<CandidateQuery> textOnly = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                CpvCatalog.CpvCode code = generator.cpvCode();
                NafCatalog.NafCode naf = reference.naf().find(registry.get(generator.random.nextInt(count)).naf()).orElseThrow();
                String text = code.labelFr() + " — " + naf.label();
                double[] place = generator.communePoint();
                full.add(new CandidateQuery(text, List.of(code.code()), new GeoPoint(place[0], place[1]), INTEGRATION, 100.0, 20));
                textOnly.add(new CandidateQuery(text, List.of(), null, null, null, 20));
            }
            time(index, "text only", textOnly, queries);
            time(index, "text + CPV + category filter + 100 km filter + distance feature", full, queries);
        } finally {
            if (keep == null) {
                try (Stream<Path> files = Files.walk(folder)) {
                    files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
    }

    /** A rebuild as the service does it: start over, batches of 1,000, one commit at the end. */
    private static void build(EnterpriseIndex index, List<Enterprise> registry) throws Exception {
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        int count = registry.size();
        long cpu = os.getProcessCpuTime();
        long start = System.nanoTime();
        index.beginRebuild().get();
        for (int from = 0; from < count; from += 1000) {
            index.apply(registry.subList(from, Math.min(count, from + 1000)), List.of(), 0);
        }
        index.finishRebuild(count).get();
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpuSeconds = (os.getProcessCpuTime() - cpu) / 1e9;
        System.out.printf("indexed %,d enterprises in %.1f s: %,.0f enterprises/s (process CPU %.1f s; one writer thread,"
                + " batches of 1,000, one commit)%n", index.size(), seconds, count / seconds, cpuSeconds);
    }

    /**
     * Times each request twice: the Lucene retrieval alone (query building + top-k collection) and the whole
     * match() (plus stored JSON, text score, CPV level and matched words of the k candidates). Thread CPU time is
     * reported beside wall time: the machine is shared, and CPU time is what the query costs.
     */
    private void time(EnterpriseIndex index, String label, List<CandidateQuery> requests, int queries) throws Exception {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long hits = 0;
        for (int i = 0; i < Math.max(1000, queries); i++) { // warm-up
            CandidateQuery r = requests.get(i % requests.size());
            hits += BenchAccess.topK(index, r);
            index.match(r);
        }
        long[] retrievalWall = new long[queries];
        long[] retrievalCpu = new long[queries];
        long[] matchWall = new long[queries];
        long[] matchCpu = new long[queries];
        for (int i = 0; i < queries; i++) {
            CandidateQuery r = requests.get(i % requests.size());
            long c0 = threads.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            hits += BenchAccess.topK(index, r);
            long t1 = System.nanoTime();
            long c1 = threads.getCurrentThreadCpuTime();
            index.match(r);
            long t2 = System.nanoTime();
            long c2 = threads.getCurrentThreadCpuTime();
            retrievalWall[i] = t1 - t0;
            retrievalCpu[i] = c1 - c0;
            matchWall[i] = t2 - t1;
            matchCpu[i] = c2 - c1;
        }
        System.out.printf("%s, k=20, %,d queries:%n", label, queries);
        String example = BenchAccess.describe(index, requests.get(0));
        System.out.println("  e.g. " + (example.length() > 400 ? example.substring(0, 400) + " ..." : example));
        System.out.printf("  Lucene top-k retrieval   CPU p50 %.2f ms  p99 %.2f ms | wall p50 %.2f ms  p99 %.2f ms%n",
                percentile(retrievalCpu, 50), percentile(retrievalCpu, 99), percentile(retrievalWall, 50), percentile(retrievalWall, 99));
        System.out.printf("  match() with candidates  CPU p50 %.2f ms  p99 %.2f ms | wall p50 %.2f ms  p99 %.2f ms%n",
                percentile(matchCpu, 50), percentile(matchCpu, 99), percentile(matchWall, 50), percentile(matchWall, 99));
        if (hits == 0) {
            System.out.println("  (no hits: the generator is broken)");
        }
    }

    private static double percentile(long[] nanos, int p) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)] / 1e6;
    }
}
