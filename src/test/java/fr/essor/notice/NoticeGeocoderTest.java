package fr.essor.notice;

import fr.essor.reference.ReferenceData;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class NoticeGeocoderTest {
    private static Notice.Lot lot(String id, Notice.Place place) {
        return new Notice.Lot(id, "t", "d", "90910000", List.of(), place, null, null, null, Reservation.NONE, null, List.of());
    }

    @Test
    void placesEachLotByPostcodeElseFrenchNutsElseLeavesItUnknown() {
        Notice notice = new Notice(null, "native", "n-1", "1", "t", null, null, null, null, null, null, List.of(), List.of(
                lot("LOT-0001", new Notice.Place(List.of("FR101"), "75011", "Paris", null, null)),
                lot("LOT-0002", new Notice.Place(List.of("FR102"), null, null, null, null)),
                lot("LOT-0003", new Notice.Place(List.of("DE300"), "10115", "Berlin", null, null)),
                lot("LOT-0004", new Notice.Place(List.of(), null, null, 45.764, 4.8357)),
                lot("LOT-0005", null),
                lot("LOT-0006", new Notice.Place(List.of("FR"), null, null, null, null))));

        NoticeGeocoder.Placed placed = new NoticeGeocoder(ReferenceData.get().geography()).place(notice);

        List<Notice.Lot> lots = placed.notice().lots();
        // 75011 is served by one commune: Paris 11e arrondissement
        assertThat(lots.get(0).place().lat()).isCloseTo(48.859, within(0.02));
        assertThat(lots.get(0).place().lon()).isCloseTo(2.38, within(0.02));
        // FR102 Seine-et-Marne: the département's centroid from nuts3_departements.csv
        assertThat(lots.get(1).place().lat()).isEqualTo(48.66297);
        assertThat(lots.get(1).place().lon()).isEqualTo(2.91465);
        // a Berlin postcode is not looked up among French communes
        assertThat(lots.get(2).place().lat()).isNull();
        // given coordinates are kept (Lyon), their département found
        assertThat(lots.get(3).place().lat()).isEqualTo(45.764);
        assertThat(lots.get(4).place()).isNull();
        // a country-level NUTS code places nothing
        assertThat(lots.get(5).place().lat()).isNull();
        assertThat(placed.lotDepartments()).containsExactlyElementsOf(Arrays.asList("75", "77", null, "69", null, null));
        // everything else of the notice is untouched
        assertThat(placed.notice().lots()).extracting(Notice.Lot::lotId)
                .containsExactly("LOT-0001", "LOT-0002", "LOT-0003", "LOT-0004", "LOT-0005", "LOT-0006");
        assertThat(placed.notice().sourceId()).isEqualTo("n-1");
    }
}
