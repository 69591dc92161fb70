package fr.essor.registry.imports;

import fr.essor.http.FieldError;
import fr.essor.http.ProblemException;
import fr.essor.reference.ReferenceData;
import fr.essor.registry.Category;
import fr.essor.registry.Enterprise;
import fr.essor.registry.EnterpriseJson;
import fr.essor.registry.RawCsv;
import fr.essor.registry.Siret;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The parsers against the real files of ../shared/data/registry, and small files for each kind of bad line. */
class RegistryFileReaderTest {
    static final Path LEMARCHE = Path.of("../shared/data/registry/siae_lemarche.csv");
    static final Path ESS_NUMERIQUE = Path.of("../shared/data/registry/ess_numerique.csv");

    private final RegistryFileReader reader = new RegistryFileReader(new EnterpriseJson(ReferenceData.get()));

    @Test
    void lemarcheTakesEveryDistinctValidSiretAndReportsEachInvalidOneByLine() throws IOException {
        ParsedImport parsed;
        try (Reader in = Files.newBufferedReader(LEMARCHE)) {
            parsed = reader.readCsv(in, ImportFormat.LEMARCHE);
        }
        // independent count over the raw file: rows (header = line 1) whose siret column passes the check
        RawCsv file = RawCsv.read(LEMARCHE);
        List<String[]> raw = file.rows();
        Map<String, List<String>> kindsBySiret = new LinkedHashMap<>();
        List<Integer> invalidLines = new ArrayList<>();
        for (int i = 0; i < raw.size(); i++) {
            String siret = file.get(raw.get(i), "siret");
            if (Siret.isValid(siret)) {
                kindsBySiret.computeIfAbsent(siret, k -> new ArrayList<>()).add(file.get(raw.get(i), "kind"));
            } else {
                invalidLines.add(i + 2);
            }
        }
        assertThat(raw).hasSize(3853);
        assertThat(kindsBySiret).hasSize(3828);
        assertThat(parsed.rows()).hasSize(3828);
        assertThat(invalidLines).hasSize(13).contains(2654, 3850);
        assertThat(parsed.rejected()).extracting(Rejection::line).containsExactlyElementsOf(invalidLines);
        assertThat(parsed.rejected()).allSatisfy(r ->
                assertThat(r.errors()).extracting(FieldError::field).contains("siret"));

        Map<String, Enterprise> bySiret = parsed.rows().stream()
                .collect(Collectors.toMap(r -> r.enterprise().siret(), ImportRow::enterprise));
        // the 12 SIRETs listed twice with different kinds: merged, both kinds kept
        Map<String, List<String>> repeated = kindsBySiret.entrySet().stream().filter(e -> e.getValue().size() > 1)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        assertThat(repeated).hasSize(12);
        repeated.forEach((siret, kinds) -> assertThat(bySiret.get(siret).categories())
                .containsExactlyInAnyOrderElementsOf(kinds.stream().map(k -> Category.fromToken(k).orElseThrow()).toList()));
        assertThat(bySiret.get("40765547100057").categories()).containsExactlyInAnyOrder(Category.ETTI, Category.EI);
        assertThat(parsed.warnings()).filteredOn(w -> w.message().contains("merged")).hasSize(12);

        // GEIQ stays GEIQ
        long geiq = kindsBySiret.values().stream().filter(k -> k.contains("GEIQ")).count();
        assertThat(geiq).isGreaterThan(100);
        assertThat(bySiret.values().stream().filter(e -> e.categories().contains(Category.GEIQ)).count()).isEqualTo(geiq);

        Enterprise baluchon = bySiret.get("80746931700018");
        assertThat(baluchon.name()).isEqualTo("BALUCHON A TABLE CITOYENS");
        assertThat(baluchon.categories()).containsExactly(Category.EI);
        assertThat(baluchon.naf()).isEqualTo("56.21Z");
        assertThat(baluchon.employees()).isEqualTo(50); // "50 à 99 salariés"
        assertThat(baluchon.latitude()).isEqualTo(48.88053);
        assertThat(baluchon.postcode()).isEqualTo("93230");
    }

    @Test
    void employeeBandsGiveTheirLowerBound() {
        RowContext row = new RowContext();
        assertThat(LemarcheLayout.employeeBand("1 000 à 1 999 salariés", row)).isEqualTo(1000);
        assertThat(LemarcheLayout.employeeBand("6 à 9 salariés", row)).isEqualTo(6);
        assertThat(LemarcheLayout.employeeBand("Non renseigné", row)).isNull();
        assertThat(row.warnings).isEmpty();
    }

    @Test
    void essNumeriqueKeepsActiveEssUnitsAndReportsTheSkippedOnes() throws IOException {
        ParsedImport parsed;
        try (Reader in = Files.newBufferedReader(ESS_NUMERIQUE)) {
            parsed = reader.readCsv(in, ImportFormat.ESS_NUMERIQUE);
        }
        RawCsv file = RawCsv.read(ESS_NUMERIQUE);
        List<String[]> raw = file.rows();
        int inactive = 0;
        int notEss = 0;
        for (String[] r : raw) {
            if (!file.get(r, "est_active").equals("True")) {
                inactive++;
            } else if (file.get(r, "famille_ess").isEmpty() && file.get(r, "flag_ess_sirene").isEmpty()
                    && !file.get(r, "sources").contains("esus") && LegalCategories.essFamily(
                    EssNumeriqueLayout.integerCode(file.get(r, "categorie_juridique"))) == null) {
                notEss++;
            }
        }
        assertThat(raw).hasSize(3667);
        assertThat(inactive).isEqualTo(539);
        assertThat(notEss).isPositive();
        assertThat(parsed.warnings()).filteredOn(w -> w.message().contains("not active")).hasSize(inactive);
        assertThat(parsed.warnings()).filteredOn(w -> w.message().contains("not ESS")).hasSize(notEss);
        assertThat(parsed.rejected()).isEmpty();
        assertThat(parsed.rows()).hasSize(3667 - inactive - notEss);

        Map<String, Enterprise> bySiret = parsed.rows().stream()
                .collect(Collectors.toMap(r -> r.enterprise().siret(), ImportRow::enterprise));
        // the 13-digit SIRET of the Carpentras tiers-lieu lost its leading zero
        assertThat(parsed.warnings()).anySatisfy(w -> assertThat(w.message()).contains("6220119900031"));
        Enterprise junior = bySiret.get("10002917200010");
        assertThat(junior.categories()).containsExactly(Category.ASSOCIATION);
        assertThat(junior.legalForm()).isEqualTo("Association déclarée");
        assertThat(junior.naf()).isEqualTo("62.01Z");
        // famille_ess empty, SIRENE ESS flag, SAS: an ESS company
        assertThat(bySiret.get("10007004400019").categories()).containsExactly(Category.ESS_COMPANY);
        // ESUS agreement (sources "esus|sirene"), no family, no flag, SAS
        assertThat(bySiret.get("48786440700035").categories()).containsExactlyInAnyOrder(Category.ESS_COMPANY, Category.ESUS);
        // postcode written as a float: 31400.0
        assertThat(bySiret.get("92006046400020").postcode()).isEqualTo("31400");
        assertThat(bySiret.get("92006046400020").city()).isEqualTo("TOULOUSE");
        Set<Category> families = new LinkedHashSet<>();
        bySiret.values().forEach(e -> families.addAll(e.categories()));
        assertThat(families).contains(Category.ASSOCIATION, Category.COOPERATIVE, Category.SCOP, Category.FONDATION,
                Category.ESS_COMPANY);
    }

    @Test
    void essNumeriqueRestoresLostLeadingZeros() throws IOException {
        String header = String.join(",", EssNumeriqueLayout.COLUMNS);
        String row = "043252485,4325248580000,Le TiLT,,,93.29Z,False,,9220.0,association,,True,2000-09-09,02,,,,,,"
                + "7400.0,Le Teil,https://www.lezarts-collectif.com/,,tiers_lieux,tiers_lieux,scoring,0.9,0.83";
        String rev1 = row.replace("043252485,4325248580000", "807469317,80746931700018").replace("93.29Z", "45.2R");
        ParsedImport parsed = reader.readCsv(new StringReader("\uFEFF" + header + "\n" + row + "\n" + rev1),
                ImportFormat.ESS_NUMERIQUE);
        assertThat(parsed.rejected()).isEmpty();
        assertThat(parsed.rows().get(1).enterprise().naf()).isNull();
        assertThat(parsed.warnings()).extracting(ImportWarning::line).containsExactly(2, 3);
        assertThat(parsed.warnings().get(1).message()).contains("45.2R");
        Enterprise e = parsed.rows().get(0).enterprise();
        assertThat(e.siret()).isEqualTo("04325248580000");
        assertThat(e.postcode()).isEqualTo("07400");
        assertThat(e.employees()).isEqualTo(3);
        assertThat(e.categories()).containsExactly(Category.ASSOCIATION);
    }

    @Test
    void essorCsvKeepsTheGoodLinesOfAMixedFile() throws IOException {
        String csv = String.join("\n",
                "siret,name,categories,legal_form,naf,description,cpv,address,postcode,city,latitude,longitude,radius_km,departments,employees,website,colour",
                "80746931700018,Baluchon,EI|ESUS,SARL,5621Z,\"Traiteur, restauration \"\"bio\"\"\",55520000-1|55321000,Rue Madeleine Odru,93230,Romainville,48.88053,2.431955,30,93|75,50,http://www.baluchon.fr,red",
                "12345678901234,Bad siret,ACI,,,,,,,,,,,,,,",
                "75187049400026,Unknown category,ACI|SIAE,,,,,,,,,,,,,,",
                "79285470500029,Bad coordinates,ACI,,,,,,,,91.5,2.3,,,,,",
                "38269518700049,Too few columns,AI,,,",
                "",
                "\"40765547100057\",\"Multi-line",
                "description\",ETTI,,7820Z,\"line one",
                "line two\",,,62700,,,,,,,,",
                "40765547100057,Same siret again,EI,,,,,,,,,,,,,,");
        ParsedImport parsed = reader.readCsv(new StringReader(csv), ImportFormat.ESSOR);
        assertThat(parsed.rows()).extracting(r -> r.enterprise().siret()).containsExactly("80746931700018", "40765547100057");
        assertThat(parsed.rows()).extracting(ImportRow::line).containsExactly(2, 8);
        Map<Integer, List<String>> rejected = parsed.rejected().stream().collect(Collectors.toMap(Rejection::line,
                r -> r.errors().stream().map(FieldError::field).toList()));
        assertThat(rejected).containsOnly(
                Map.entry(3, List.of("siret")), Map.entry(4, List.of("categories")),
                Map.entry(5, List.of("latitude")), Map.entry(6, List.of("line")));
        assertThat(parsed.warnings()).extracting(ImportWarning::line).containsExactly(1, 11);
        assertThat(parsed.warnings().get(0).message()).contains("colour");

        Enterprise baluchon = parsed.rows().get(0).enterprise();
        assertThat(baluchon.description()).isEqualTo("Traiteur, restauration \"bio\"");
        assertThat(baluchon.cpv()).containsExactly("55520000", "55321000");
        assertThat(baluchon.departments()).containsExactly("93", "75");
        assertThat(baluchon.radiusKm()).isEqualTo(30);
        assertThat(baluchon.employees()).isEqualTo(50);
        Enterprise multi = parsed.rows().get(1).enterprise();
        assertThat(multi.name()).isEqualTo("Multi-line\ndescription");
        assertThat(multi.description()).isEqualTo("line one\nline two");
        assertThat(multi.categories()).containsExactlyInAnyOrder(Category.ETTI, Category.EI);
    }

    @Test
    void aHeaderWithoutTheRequiredColumnsRefusesTheFile() {
        assertThatThrownBy(() -> reader.readCsv(new StringReader("siret,label\n80746931700018,x\n"), ImportFormat.ESSOR))
                .isInstanceOfSatisfying(ProblemException.class, p -> {
                    assertThat(p.status()).isEqualTo(422);
                    assertThat(p.errors()).extracting(FieldError::field).containsExactly("name", "categories");
                });
        assertThatThrownBy(() -> reader.readCsv(new StringReader(""), ImportFormat.LEMARCHE))
                .isInstanceOfSatisfying(ProblemException.class, p -> assertThat(p.status()).isEqualTo(400));
    }

    @Test
    void ndjsonLinesCountFromOne() throws IOException {
        String ndjson = String.join("\n",
                "{\"siret\":\"80746931700018\",\"name\":\"Baluchon\",\"categories\":[\"EI\"],\"contact\":{\"email\":\"a@b.fr\"}}",
                "",
                "{\"siret\":\"80746931700018\",\"name\":\"Baluchon\",\"categories\":[\"EI\"",
                "[1,2]",
                "{\"siret\":\"75187049400026\",\"name\":\"x\",\"categories\":[\"ACI\"],\"latitude\":48.8}",
                "{\"siret\":\"75187049400026\",\"name\":\"La Collecterie\",\"categories\":[\"ACI\"],\"regions\":[\"11\"]}");
        ParsedImport parsed = reader.readNdjson(new StringReader(ndjson));
        assertThat(parsed.rows()).extracting(ImportRow::line).containsExactly(1, 6);
        assertThat(parsed.rejected()).extracting(Rejection::line).containsExactly(3, 4, 5);
        assertThat(parsed.rejected().get(2).errors()).extracting(FieldError::field).containsExactly("longitude");
        assertThat(parsed.rows().get(1).enterprise().regions()).containsExactly("11");
    }

}
