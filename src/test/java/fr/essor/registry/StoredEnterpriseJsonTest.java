package fr.essor.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The stored form (PostgreSQL's document and the index's copy) reads back exactly what {@link EnterpriseJson#encode} wrote. */
class StoredEnterpriseJsonTest {

    @Test
    void everyFieldReadsBackAsWritten() {
        Enterprise e = new Enterprise("80746931700018", "BALUCHON A TABLE CITOYENS", EnumSet.of(Category.EI, Category.ESUS),
                "SARL", "56.21Z", "Traiteur « bio » \"solidaire\"\nà Romainville", List.of("55520000-1", "15000000"),
                "Rue Madeleine Odru", "93230", "Romainville", 48.88053, 2.431955, 30, List.of("93", "75"), List.of("11"),
                50, "http://www.baluchon.fr", new Enterprise.Contact("a@b.fr", null, "Jeanne"), LocalDate.of(2027, 3, 31),
                "93063", "93", "11", Map.of(Category.ESUS, new Enterprise.FlagSource("derived", LocalDate.of(2026, 1, 2)),
                Category.EI, new Enterprise.FlagSource("lemarche", null)));

        assertThat(EnterpriseJson.fromStored(EnterpriseJson.encode(e).encode())).isEqualTo(e);
    }

    @Test
    void absentValuesStayAbsentAndListsComeBackEmpty() {
        Enterprise e = new Enterprise("80746931700018", "SANS LIEU", EnumSet.of(Category.EI), null, null, null, null,
                null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);

        Enterprise back = EnterpriseJson.fromStored(EnterpriseJson.encode(e));

        assertThat(back.latitude()).isNull();
        assertThat(back.hasLocation()).isFalse();
        assertThat(back.naf()).isNull();
        assertThat(back.contact()).isNull();
        assertThat(back.cpv()).isEmpty();
        assertThat(back.departments()).isEmpty();
        assertThat(back.sources()).isEmpty();
        assertThat(back.categories()).containsExactly(Category.EI);
    }
}
