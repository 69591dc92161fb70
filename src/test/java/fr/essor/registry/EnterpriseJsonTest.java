package fr.essor.registry;

import fr.essor.http.FieldError;
import fr.essor.reference.ReferenceData;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class EnterpriseJsonTest {
    private final EnterpriseJson codec = new EnterpriseJson(ReferenceData.get());

    private static JsonObject valid() {
        return new JsonObject()
                .put("siret", "80746931700018")
                .put("name", " Baluchon ")
                .put("categories", new JsonArray().add("ei").add("ESUS"))
                .put("legalForm", "SARL")
                .put("naf", "5621Z")
                .put("cpv", new JsonArray().add("55520000-1").add("55520000"))
                .put("postcode", "93230")
                .put("city", "Romainville")
                .put("latitude", 48.88053)
                .put("longitude", 2.431955)
                .put("radiusKm", 30)
                .put("departments", new JsonArray().add("93").add("7").add("2a"))
                .put("regions", new JsonArray().add("11"))
                .put("employees", 50)
                .put("contact", new JsonObject().put("email", "contact@baluchon.fr"))
                .put("esusUntil", "2027-06-30")
                .put("sources", new JsonObject().put("ESUS", new JsonObject().put("source", "dreets").put("date", "2022-07-01")));
    }

    @Test
    void decodesAndNormalises() {
        EnterpriseJson.Decoded d = codec.decode(valid());
        assertThat(d.errors()).isEmpty();
        Enterprise e = d.enterprise();
        assertThat(e.name()).isEqualTo("Baluchon");
        assertThat(e.categories()).containsExactlyInAnyOrder(Category.EI, Category.ESUS);
        assertThat(e.naf()).isEqualTo("56.21Z");
        assertThat(e.cpv()).containsExactly("55520000");
        assertThat(e.departments()).containsExactly("93", "07", "2A");
        assertThat(e.esusUntil()).isEqualTo(LocalDate.of(2027, 6, 30));
        assertThat(e.sources()).containsEntry(Category.ESUS, new Enterprise.FlagSource("dreets", LocalDate.of(2022, 7, 1)));
    }

    @Test
    void namesEveryFieldAtFault() {
        JsonObject bad = valid()
                .put("siret", "80746931700019")
                .put("categories", new JsonArray().add("ACI").add("SIAE"))
                .put("naf", "45.2R")
                .put("cpv", new JsonArray().add("9091"))
                .put("latitude", 95.0)
                .put("radiusKm", 12.5)
                .put("departments", new JsonArray().add("20"))
                .put("contact", new JsonObject().put("email", "nope"))
                .put("esusUntil", "30/06/2027")
                .put("sources", new JsonObject().put("EA", new JsonObject().put("source", "x")))
                .put("legal_form", "SARL");
        EnterpriseJson.Decoded d = codec.decode(bad);
        assertThat(d.ok()).isFalse();
        assertThat(d.errors()).extracting(FieldError::field).containsExactlyInAnyOrder(
                "legal_form", "siret", "categories[1]", "naf", "cpv[0]", "latitude", "radiusKm", "departments[0]",
                "contact.email", "esusUntil", "sources.EA");
    }

    @Test
    void refusesWhatPostgresqlCannotStore() {
        EnterpriseJson.Decoded d = codec.decode(valid().put("name", "Bal\u0000uchon").put("contact", new JsonObject().put("person", "\u0000")));
        assertThat(d.errors()).extracting(FieldError::field).containsExactlyInAnyOrder("name", "contact.person");
    }

    @Test
    void requiresSiretNameAndACategory() {
        EnterpriseJson.Decoded d = codec.decode(new JsonObject().put("categories", new JsonArray()));
        assertThat(d.errors()).extracting(FieldError::field).containsExactlyInAnyOrder("siret", "name", "categories");
    }

    @Test
    void coordinatesGoTogether() {
        EnterpriseJson.Decoded d = codec.decode(valid().put("longitude", null));
        assertThat(d.errors()).extracting(FieldError::field).containsExactly("longitude");
        assertThat(codec.decode(valid().put("longitude", "2.4")).errors()).extracting(FieldError::field).contains("longitude");
    }

    @Test
    void encodesTheApiShapeAndReadsItBack() {
        Enterprise e = new Enrichment(ReferenceData.get()).enrich(codec.decode(valid()).enterprise(), "essor",
                LocalDate.of(2026, 1, 2));
        JsonObject json = codec.answer(e); // the stored form (encode) plus nafLabel
        assertThat(json.fieldNames()).containsExactlyElementsOf(EnterpriseJson.FIELDS);
        assertThat(json.getJsonArray("categories")).containsExactly("EI", "ESUS");
        assertThat(json.getString("commune")).isEqualTo("93063"); // Romainville
        assertThat(json.getString("department")).isEqualTo("93");
        assertThat(json.getString("region")).isEqualTo("11");
        assertThat(json.getJsonObject("sources").getJsonObject("EI").getString("source")).isEqualTo("essor");
        assertThat(json.getJsonObject("sources").getJsonObject("ESUS").getString("source")).isEqualTo("dreets");
        assertThat(EnterpriseJson.fromStored(new JsonObject(json.encode()))).isEqualTo(e);
        // what GET answers may be PUT back: the computed fields are accepted and ignored
        EnterpriseJson.Decoded again = codec.decode(new JsonObject(json.encode()));
        assertThat(again.errors()).isEmpty();
        assertThat(again.enterprise().commune()).isNull();
    }

    @Test
    void categoriesAreTokensOfTheDesign() {
        assertThat(Category.fromToken("ess-company")).contains(Category.ESS_COMPANY);
        assertThat(Set.of(Category.values())).hasSize(21);
        assertThat(List.of(Category.GEIQ.impliesEsus(), Category.ACI.impliesEsus(), Category.ESAT.impliesEsus()))
                .containsExactly(false, true, true);
    }
}
