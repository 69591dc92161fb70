package fr.essor.matching.eval;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Real French public contracts won by enterprises of the registry (../shared/data/awards/decp_awards.json, DECP
 * 2018–2019): each lot as its buyer wrote it and who won it. Evaluation data only: nothing here may feed a ranking.
 */
final class RealAwards {
    static final Path FILE = Path.of("../shared/data/awards/decp_awards.json");

    /**
     * One award.
     *
     * @param lat            null with lon when only the country (or an arrondissement, a bare département code) is known
     * @param durationMonths null when not published
     * @param winners        SIRETs of the winning establishments
     * @param winnerKinds    kinds of the winners as the source lists them (ACI, EI, ASSOCIATION ...)
     */
    record Award(String id, String text, List<String> cpv, Double lat, Double lon, Double amount,
                 Double durationMonths, List<String> winners, List<String> winnerKinds) {
        boolean hasPlace() {
            return lat != null && lon != null;
        }
    }

    /** The file's source line and its awards, in file order. */
    record Awards(String source, List<Award> awards) {
    }

    private RealAwards() {
    }

    static Awards load() throws IOException {
        JsonObject root = new JsonObject(Files.readString(FILE));
        List<Award> awards = root.getJsonArray("awards").stream().map(o -> award((JsonObject) o)).toList();
        return new Awards(root.getString("source"), awards);
    }

    private static Award award(JsonObject a) {
        JsonObject place = a.getJsonObject("place");
        return new Award(a.getString("id"), a.getString("text"), strings(a.getJsonArray("cpv")),
                place == null ? null : place.getDouble("lat"), place == null ? null : place.getDouble("lon"),
                a.getDouble("amount"), a.getDouble("durationMonths"), strings(a.getJsonArray("winners")),
                strings(a.getJsonArray("winnerKinds")));
    }

    private static List<String> strings(JsonArray array) {
        return array == null ? List.of() : array.stream().map(String::valueOf).toList();
    }
}
