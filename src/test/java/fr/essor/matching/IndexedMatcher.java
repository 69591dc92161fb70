package fr.essor.matching;

import fr.essor.reference.ReferenceData;
import fr.essor.registry.Enterprise;
import fr.essor.registry.index.EnterpriseIndex;
import fr.essor.registry.index.FrenchTextAnalyzer;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/** A real Lucene index of the given enterprises and the matcher over it, for the matching tests. */
final class IndexedMatcher implements AutoCloseable {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-09-01T10:00:00Z"), ZoneOffset.UTC);

    final EnterpriseIndex index;
    final Matcher matcher;

    private IndexedMatcher(EnterpriseIndex index, Matcher matcher) {
        this.index = index;
        this.matcher = matcher;
    }

    static IndexedMatcher of(Path folder, List<Enterprise> enterprises) throws Exception {
        return of(folder, enterprises, TestData.config());
    }

    static IndexedMatcher of(Path folder, List<Enterprise> enterprises, MatchingConfig config) throws Exception {
        EnterpriseIndex index = EnterpriseIndex.open(folder, ReferenceData.get());
        index.apply(enterprises, List.of(), enterprises.size()).get();
        index.refresh();
        return new IndexedMatcher(index, new Matcher(config, ReferenceData.get(), new IndexCandidates(index),
                new TermExtractor(new FrenchTextAnalyzer()), CLOCK));
    }

    @Override
    public void close() throws IOException {
        index.close();
    }
}
