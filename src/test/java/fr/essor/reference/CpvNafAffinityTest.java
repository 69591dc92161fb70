package fr.essor.reference;

import fr.essor.csv.CsvReader;
import fr.essor.reference.CpvNafAffinity.Affinity;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class CpvNafAffinityTest {
    private static final ReferenceData REF = ReferenceData.get();
    private final CpvNafAffinity affinity = REF.affinity();

    @Test
    void tradesImplyTheirCpvFamilies() {
        assertThat(affinity.cpvPrefixesFor("81.21Z")).anyMatch(p -> p.startsWith("909"));
        assertThat(affinity.cpvPrefixesFor("81.30Z")).anyMatch(p -> p.startsWith("773"));
        assertThat(affinity.cpvPrefixesFor("56.21Z")).anyMatch(p -> p.startsWith("555"));
        assertThat(affinity.cpvPrefixesFor("38.11Z")).anyMatch(p -> p.startsWith("905"));
        assertThat(affinity.cpvPrefixesFor("43.11Z")).anyMatch(p -> p.startsWith("4511"));
        assertThat(affinity.cpvPrefixesFor("43.34Z")).contains("4544");
        assertThat(affinity.cpvPrefixesFor("43.22A")).contains("4533");
        assertThat(affinity.cpvPrefixesFor("49.42Z")).contains("601", "98392");
        assertThat(affinity.cpvPrefixesFor("96.01B")).contains("9831", "98311");
        assertThat(affinity.cpvPrefixesFor("62.01Z")).allMatch(p -> p.startsWith("72"));
        assertThat(affinity.cpvPrefixesFor("82.20Z")).contains("79512");
        assertThat(affinity.cpvPrefixesFor("95.11Z")).anyMatch(p -> p.startsWith("5031"));
        assertThat(affinity.cpvPrefixesFor("87.90B")).containsExactly("85311");
        assertThat(affinity.implies("81.21Z", "90911200-8")).isTrue();
        assertThat(affinity.implies("81.21Z", "45000000")).isFalse();
    }

    @Test
    void genericCodesImplyNoTrade() {
        for (String generic : List.of("88.99B", "8899B", "94.99Z", "84.11Z", "70.10Z")) {
            assertThat(affinity.cpvPrefixesFor(generic)).as(generic).isEmpty();
            assertThat(affinity.isGeneric(generic)).as(generic).isTrue();
        }
        assertThat(affinity.isGeneric("81.21Z")).isFalse();
        // a social code implies social work only where that is the trade
        assertThat(affinity.cpvPrefixesFor("88.10A")).allMatch(p -> p.startsWith("853") || p.startsWith("985"));
    }

    @Test
    void aSubClassAddsItsRowsToThoseOfItsAncestors() {
        List<String> subClass = affinity.cpvPrefixesFor("81.21Z");
        assertThat(subClass).containsAll(affinity.cpvPrefixesFor("81.2")).contains("9091");
        assertThat(affinity.cpvPrefixesFor("43.32B")).containsAll(affinity.cpvPrefixesFor("43")).contains("4542", "98395");
        assertThat(affinity.cpvPrefixesFor("43")).containsExactly("45");
        assertThat(affinity.cpvPrefixesFor("8121Z")).isEqualTo(subClass);
        assertThat(affinity.cpvPrefixesFor("81.21z")).isEqualTo(subClass);
        assertThat(affinity.cpvPrefixesFor("4332B")).doesNotHaveDuplicates();
        assertThat(affinity.cpvPrefixesFor("nonsense")).isEmpty();
        assertThat(affinity.cpvPrefixesFor(null)).isEmpty();
    }

    @Test
    void everyRowNamesARealNafLevelAndARealCpvPrefix() {
        Set<String> nafLevels = new HashSet<>();
        REF.naf().all().forEach(c -> nafLevels.addAll(NafCatalog.ancestry(c.code())));
        Set<String> cpvPrefixes = new HashSet<>();
        REF.cpv().all().forEach(c -> cpvPrefixes.addAll(CpvCatalog.prefixes(c.code8())));

        assertThat(affinity.rows()).hasSizeGreaterThan(600);
        assertThat(affinity.rows()).allSatisfy(row -> {
            assertThat(nafLevels).as("NAF of %s", row).contains(row.naf());
            assertThat(cpvPrefixes).as("CPV of %s", row).contains(row.cpvPrefix());
            assertThat(row.rationale()).as("rationale of %s", row).isNotBlank();
        });
        assertThat(affinity.rows()).extracting(a -> a.naf() + "," + a.cpvPrefix()).doesNotHaveDuplicates();
        assertThat(affinity.genericCodes().keySet()).allSatisfy(code -> assertThat(nafLevels).contains(code));
    }

    @Test
    void everyNafSubClassImpliesSomethingOrIsDeclaredGeneric() {
        List<String> silent = REF.naf().all().stream().map(NafCatalog.NafCode::code)
                .filter(c -> affinity.cpvPrefixesFor(c).isEmpty() && !affinity.isGeneric(c)).toList();
        assertThat(silent).isEmpty();
    }

    @Test
    void everyNafOfTheRegistryFilesImpliesSomethingUnlessGeneric() throws IOException {
        Map<String, Integer> nafs = new TreeMap<>();
        countNafs(Path.of("../shared/data/registry/siae_lemarche.csv"), nafs);
        int siaeCodes = nafs.size();
        countNafs(Path.of("../shared/data/registry/ess_numerique.csv"), nafs);

        Set<String> divisions = new TreeSet<>();
        Set<String> coveredDivisions = new TreeSet<>();
        for (String code : nafs.keySet()) {
            divisions.add(code.substring(0, 2));
            if (affinity.isGeneric(code)) continue;
            assertThat(affinity.cpvPrefixesFor(code)).as("NAF %s", code).isNotEmpty();
            coveredDivisions.add(code.substring(0, 2));
        }
        assertThat(siaeCodes).isGreaterThan(150);
        // only divisions whose every code in the files is generic (94: 94.99Z; 99 is mapped) may stay uncovered
        Set<String> uncovered = new TreeSet<>(divisions);
        uncovered.removeAll(coveredDivisions);
        assertThat(uncovered).allSatisfy(d -> assertThat(nafs.keySet().stream().filter(c -> c.startsWith(d)))
                .allMatch(affinity::isGeneric));
        assertThat(coveredDivisions).contains("01", "38", "43", "56", "62", "63", "78", "81", "85", "87", "88", "95", "96");
    }

    @Test
    void theRowsExplainThemselves() {
        List<Affinity> rows = affinity.affinitiesFor("56.21Z");
        assertThat(rows).extracting(Affinity::naf).containsOnly("56", "56.2", "56.21Z");
        assertThat(rows).extracting(Affinity::cpvPrefix).containsExactlyElementsOf(affinity.cpvPrefixesFor("56.21Z"));
    }

    /** NAF codes of a registry CSV (column "naf"), rev. 2 codes of the catalog only. */
    private static void countNafs(Path file, Map<String, Integer> into) throws IOException {
        List<String[]> rows = CsvReader.readAll(Files.readString(file), ',');
        int column = List.of(rows.get(0)).indexOf("naf");
        assertThat(column).isNotNegative();
        for (String[] row : rows.subList(1, rows.size())) {
            if (row.length <= column) continue;
            REF.naf().find(row[column]).ifPresent(c -> into.merge(c.code(), 1, Integer::sum));
        }
    }
}
