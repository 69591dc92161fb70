package fr.essor.testing;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.nio.file.Path;

/** Shared test inputs: a real slice of the registry and a notice written as a buyer would. */
public final class Fixtures {
    /** The 240 employers of siae_lemarche.csv in Paris and its inner suburbs (75, 92, 93, 94), lemarche columns. */
    public static final Path IDF_REGISTRY = Path.of("src/test/resources/registry/lemarche_idf.csv");

    private Fixtures() {
    }

    /** A native notice of Montreuil (93) with an open cleaning lot and a lot reserved to insertion structures. */
    public static JsonObject cleaningNotice() {
        JsonObject place = new JsonObject().put("nuts", new JsonArray().add("FR106")).put("postcode", "93100").put("city", "Montreuil");
        return new JsonObject()
                .put("sourceId", "essor-test-cleaning-2026").put("version", "1")
                .put("title", "Nettoyage des bâtiments communaux")
                .put("buyer", new JsonObject().put("name", "Ville de Montreuil").put("kind", "local"))
                .put("contractNature", "services")
                .put("lots", new JsonArray()
                        .add(new JsonObject().put("lotId", "LOT-0001").put("title", "Nettoyage des locaux administratifs")
                                .put("description", "Entretien et nettoyage courant des bureaux, vitrerie")
                                .put("mainCpv", "90910000").put("place", place)
                                .put("estimatedValue", new JsonObject().put("amount", 300000).put("currency", "EUR"))
                                .put("durationMonths", 36).put("reservation", "none"))
                        .add(new JsonObject().put("lotId", "LOT-0002").put("title", "Nettoyage des écoles, marché réservé")
                                .put("description", "Marché réservé aux structures d'insertion par l'activité économique")
                                .put("mainCpv", "90919200").put("place", place)
                                .put("estimatedValue", new JsonObject().put("amount", 120000).put("currency", "EUR"))
                                .put("durationMonths", 24).put("reservation", "integration")));
    }
}
