package fr.essor.reference;

import fr.essor.reference.CpvCatalog.CpvCode;
import fr.essor.reference.CpvCatalog.Level;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class CpvCatalogTest {
    private final CpvCatalog cpv = ReferenceData.get().cpv();

    @Test
    void holdsEveryCodeOfCpv2008ByLevel() {
        assertThat(cpv.all()).hasSize(9_454);
        Map<Level, Long> byLevel = cpv.all().stream().collect(Collectors.groupingBy(CpvCode::level, Collectors.counting()));
        assertThat(byLevel).containsEntry(Level.DIVISION, 45L).containsEntry(Level.GROUP, 272L)
                .containsEntry(Level.CLASS, 1_002L).containsEntry(Level.CATEGORY, 2_379L)
                .containsEntry(Level.SUBCATEGORY, 5_756L);
    }

    @Test
    void findsLabelsAndLevelInEitherForm() {
        CpvCode cleaning = cpv.find("90911200-8").orElseThrow();
        assertThat(cleaning.code8()).isEqualTo("90911200");
        assertThat(cleaning.code()).isEqualTo("90911200-8");
        assertThat(cleaning.labelFr()).isEqualTo("Services de nettoyage de bâtiments");
        assertThat(cleaning.labelEn()).isEqualTo("Building-cleaning services");
        assertThat(cleaning.level()).isEqualTo(Level.SUBCATEGORY);
        assertThat(cpv.find(" 90911200 ")).contains(cleaning);

        // a quoted label holding commas
        CpvCode agriculture = cpv.find("03000000").orElseThrow();
        assertThat(agriculture.labelFr())
                .isEqualTo("Produits agricoles, de l'élevage, de la pêche, de la sylviculture et produits connexes");
        assertThat(agriculture.level()).isEqualTo(Level.DIVISION);
        assertThat(cpv.find("90910000").orElseThrow().level()).isEqualTo(Level.CLASS);

        assertThat(cpv.find("99999999")).isEmpty();
        assertThat(cpv.find("9091")).isEmpty();
    }

    @Test
    void normalizesToEightDigits() {
        assertThat(CpvCatalog.normalize("90910000-9")).isEqualTo("90910000");
        assertThat(CpvCatalog.normalize("90910000")).isEqualTo("90910000");
        assertThat(CpvCatalog.normalize(" 90910000 ")).isEqualTo("90910000");
        assertThat(CpvCatalog.normalize("9091000")).isNull();
        assertThat(CpvCatalog.normalize("90910000-")).isNull();
        assertThat(CpvCatalog.normalize("90910000-98")).isNull();
        assertThat(CpvCatalog.normalize("9091000A")).isNull();
        assertThat(CpvCatalog.normalize(null)).isNull();
    }

    @Test
    void prefixesGoFromDivisionDownToTheCode() {
        assertThat(CpvCatalog.prefixes("90911200")).containsExactly("90", "909", "9091", "90911", "90911200");
        assertThat(CpvCatalog.prefixes("90911200-8")).containsExactly("90", "909", "9091", "90911", "90911200");
        assertThat(CpvCatalog.prefixes("90000000")).containsExactly("90");
        assertThat(CpvCatalog.prefixes("90900000")).containsExactly("90", "909");
        assertThat(CpvCatalog.prefixes("90910000")).containsExactly("90", "909", "9091");
        assertThat(CpvCatalog.prefixes("90911000")).containsExactly("90", "909", "9091", "90911");
        assertThat(CpvCatalog.prefixes("85312110")).containsExactly("85", "853", "8531", "85312", "85312110");
        assertThat(CpvCatalog.prefixes("03000000")).containsExactly("03");
        assertThat(CpvCatalog.prefixes("nonsense")).isEmpty();
    }

    @Test
    void everyCodeStartsWithItsPrefixesAndTheLastOneIdentifiesIt() {
        Map<String, CpvCode> byLastPrefix = cpv.all().stream().collect(Collectors.toMap(
                c -> CpvCatalog.prefixes(c.code8()).get(CpvCatalog.prefixes(c.code8()).size() - 1), Function.identity()));
        assertThat(byLastPrefix).hasSize(9_454);
        assertThat(cpv.all()).allSatisfy(c -> assertThat(CpvCatalog.prefixes(c.code8())).allSatisfy(p -> assertThat(c.code8()).startsWith(p)));
    }

    @Test
    void article77ListIsTheEFormsCodeList() throws IOException {
        // read the Genericode file itself, not the converted list shipped with the service
        String gc = Files.readString(Path.of("../shared/data/reference/eforms-codelists/cpv_social-service-cpv.gc"));
        Matcher m = Pattern.compile("ColumnRef=\"code\">\\s*<SimpleValue>(\\d{8})</SimpleValue>").matcher(gc);
        java.util.Set<String> fromFile = new java.util.HashSet<>();
        while (m.find()) fromFile.add(m.group(1));

        assertThat(fromFile).hasSize(115);
        assertThat(cpv.socialServiceCodes()).isEqualTo(fromFile);
        assertThat(cpv.socialServiceCodes()).allSatisfy(code -> assertThat(cpv.find(code)).isPresent());

        assertThat(cpv.isSocialService("85311000")).isTrue();
        assertThat(cpv.find("85311000").orElseThrow().labelEn()).isEqualTo("Social work services with accommodation");
        assertThat(cpv.isSocialService("85311000-2")).isTrue();
        assertThat(cpv.isSocialService("75121000")).isTrue();
        assertThat(cpv.isSocialService("90911200")).isFalse();
        assertThat(cpv.isSocialService("8531")).isFalse();
        assertThat(cpv.isSocialService(null)).isFalse();
    }
}
