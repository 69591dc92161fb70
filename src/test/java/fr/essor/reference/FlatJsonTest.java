package fr.essor.reference;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FlatJsonTest {
    @Test
    void readsTheDepartementsFile() throws IOException {
        List<Map<String, String>> departements =
                FlatJson.parseArrayOfObjects(Files.readString(Path.of("../shared/data/reference/departements.json")));
        assertThat(departements).hasSize(101);
        assertThat(departements.get(0)).containsExactly(Map.entry("nom", "Ain"), Map.entry("code", "01"), Map.entry("codeRegion", "84"));
        assertThat(departements).contains(Map.of("nom", "Corse-du-Sud", "code", "2A", "codeRegion", "94"));

        List<Map<String, String>> regions =
                FlatJson.parseArrayOfObjects(Files.readString(Path.of("../shared/data/reference/regions.json")));
        assertThat(regions).hasSize(18).contains(Map.of("nom", "Provence-Alpes-Côte d'Azur", "code", "93"));
    }

    @Test
    void readsEscapesAndScalars() {
        List<Map<String, String>> objects = FlatJson.parseArrayOfObjects(
                " [ {\"a\" : \"x\\\"y\\\\z\\u00e9\\n\", \"n\": -1.5e3, \"t\": true, \"z\": null}, {} ] ");
        assertThat(objects).hasSize(2);
        assertThat(objects.get(0)).containsEntry("a", "x\"y\\zé\n").containsEntry("n", "-1.5e3").containsEntry("t", "true")
                .containsEntry("z", null);
        assertThat(objects.get(1)).isEmpty();
        assertThat(FlatJson.parseArrayOfObjects("[]")).isEmpty();
    }

    @Test
    void rejectsWhatItDoesNotRead() {
        assertThatThrownBy(() -> FlatJson.parseArrayOfObjects("[{\"a\": [1]}]")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FlatJson.parseArrayOfObjects("[{\"a\": \"open}]")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FlatJson.parseArrayOfObjects("[{\"a\": 1}")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FlatJson.parseArrayOfObjects("[{\"a\": 1}] x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FlatJson.parseArrayOfObjects("{}")).isInstanceOf(IllegalArgumentException.class);
    }
}
