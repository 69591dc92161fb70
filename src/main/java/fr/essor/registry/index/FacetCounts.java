package fr.essor.registry.index;

import java.io.IOException;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.SortedSetDocValues;
import org.apache.lucene.search.Collector;
import org.apache.lucene.search.CollectorManager;
import org.apache.lucene.search.LeafCollector;
import org.apache.lucene.search.Scorable;
import org.apache.lucene.search.ScoreMode;

/**
 * Counts, over every hit (not the page), the values of SortedSetDocValues fields: ordinals are counted per
 * segment in an array, then turned into strings once per segment. The lucene-facet module is not needed
 * for a few small fields such as categories and départements.
 */
final class FacetCounts implements CollectorManager<FacetCounts.Counter, Map<String, Map<String, Long>>> {
    private final List<String> fields;

    FacetCounts(List<String> fields) {
        this.fields = List.copyOf(fields);
    }

    @Override
    public Counter newCollector() {
        return new Counter(fields);
    }

    /** Per field, value → count, by decreasing count then value, so the same hits give the same map. */
    @Override
    public Map<String, Map<String, Long>> reduce(Collection<Counter> counters) {
        Map<String, Map<String, Long>> result = new LinkedHashMap<>();
        for (int f = 0; f < fields.size(); f++) {
            Map<String, Long> merged = new HashMap<>();
            for (Counter counter : counters) {
                counter.counts.get(f).forEach((value, n) -> merged.merge(value, n, Long::sum));
            }
            Map<String, Long> ordered = new LinkedHashMap<>();
            merged.entrySet().stream()
                    .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                            .thenComparing(Map.Entry.comparingByKey()))
                    .forEach(e -> ordered.put(e.getKey(), e.getValue()));
            result.put(fields.get(f), ordered);
        }
        return result;
    }

    static final class Counter implements Collector {
        private final List<String> fields;
        private final List<Map<String, Long>> counts;

        Counter(List<String> fields) {
            this.fields = fields;
            this.counts = fields.stream().<Map<String, Long>>map(f -> new HashMap<>()).toList();
        }

        @Override
        public ScoreMode scoreMode() {
            return ScoreMode.COMPLETE_NO_SCORES;
        }

        @Override
        public LeafCollector getLeafCollector(LeafReaderContext context) throws IOException {
            SortedSetDocValues[] values = new SortedSetDocValues[fields.size()];
            long[][] ordinalCounts = new long[fields.size()][];
            for (int f = 0; f < values.length; f++) {
                values[f] = DocValues.getSortedSet(context.reader(), fields.get(f));
                ordinalCounts[f] = new long[Math.toIntExact(values[f].getValueCount())];
            }
            return new LeafCollector() {
                @Override
                public void setScorer(Scorable scorer) {
                }

                @Override
                public void collect(int doc) throws IOException {
                    for (int f = 0; f < values.length; f++) {
                        SortedSetDocValues dv = values[f];
                        if (dv.advanceExact(doc)) {
                            for (int i = 0, n = dv.docValueCount(); i < n; i++) {
                                ordinalCounts[f][(int) dv.nextOrd()]++;
                            }
                        }
                    }
                }

                @Override
                public void finish() throws IOException {
                    for (int f = 0; f < values.length; f++) {
                        long[] byOrdinal = ordinalCounts[f];
                        for (int ord = 0; ord < byOrdinal.length; ord++) {
                            if (byOrdinal[ord] > 0) {
                                counts.get(f).merge(values[f].lookupOrd(ord).utf8ToString(), byOrdinal[ord], Long::sum);
                            }
                        }
                    }
                }
            };
        }
    }
}
