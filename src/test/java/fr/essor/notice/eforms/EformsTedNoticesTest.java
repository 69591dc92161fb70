package fr.essor.notice.eforms;

import fr.essor.notice.Notice;
import fr.essor.notice.NoticeCorpus;
import fr.essor.notice.ParseOutcome;
import fr.essor.notice.Reservation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.List;

import static fr.essor.notice.NoticeCorpus.EFORMS_TED;
import static org.assertj.core.api.Assertions.assertThat;

/** The 32 real notices published on TED in eForms (SDK 1.3 to 1.7). */
class EformsTedNoticesTest {

    static List<Path> files() {
        return NoticeCorpus.files(EFORMS_TED, ".xml");
    }

    private static Notice ted(String name) {
        Path file = files().stream().filter(p -> p.getFileName().toString().equals(name)).findFirst().orElseThrow();
        return NoticeCorpus.xml(file).notices().get(0);
    }

    @Test
    void the_corpus_holds_32_real_notices() {
        assertThat(files()).hasSize(32);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("files")
    void each_real_notice_is_taken_with_lots_and_cpv(Path file) {
        ParseOutcome o = NoticeCorpus.xml(file);
        assertThat(o.accepted()).as(o.items().toString()).hasSize(1);
        Notice n = o.notices().get(0);
        assertThat(n.sourceId()).matches("[0-9a-f-]{36}");
        assertThat(n.lots()).isNotEmpty().allMatch(l -> l.mainCpv() != null && l.mainCpv().matches("\\d{8}"));
        assertThat(n.buyer()).isNotNull();
        assertThat(n.buyer().name()).isNotBlank();
        assertThat(n.publishedAt()).isNotNull();
    }

    @Test
    void real_values() {
        Notice lots = ted("657565-2023.xml"); // SDK 1.5, subtype 16
        assertThat(lots.buyer().name()).isEqualTo("Deutsche Bundesbank, vertreten durch VEA Beratungs-GmbH");
        assertThat(lots.buyer().kind()).isEqualTo("central");
        assertThat(lots.lots()).extracting(Notice.Lot::lotId).containsExactly("LOT-0001", "LOT-0002");
        assertThat(lots.lots().get(0).mainCpv()).isEqualTo("09310000");
        assertThat(lots.lots().get(0).place().nuts()).containsExactly("DE712");
        assertThat(lots.deadline()).isEqualTo(OffsetDateTime.parse("2023-11-13T13:00+01:00"));

        Notice police = ted("649921-2023.xml"); // one-line XML, PIN used as call for competition
        assertThat(police.lots().get(0).durationMonths()).isEqualTo(48.0); // 4 YEAR
        assertThat(police.lots().get(0).estimatedValue()).isEqualTo(new Notice.Money(new BigDecimal("80000000"), "EUR"));
        assertThat(police.lots().get(0).additionalCpv()).containsExactly("85100000", "85141000", "85141200");
        // BT-630, the deadline for expressions of interest
        assertThat(police.deadline()).isEqualTo(OffsetDateTime.parse("2023-12-01T17:00+00:00"));
    }

    @Test
    void social_considerations_in_real_notices() {
        // Spanish award criterion "Responsabilidad social corporativa. Sostenibilidad social"
        assertThat(ted("402363-2023.xml").lots().get(0).socialConsiderations()).contains("award-criterion:social");
        // Danish performance condition "en arbejdsklausul og en social klausul"
        assertThat(ted("665431-2023.xml").lots().get(0).socialConsiderations()).contains("execution-condition:social");
        assertThat(ted("583624-2023.xml").lots()).hasSize(4)
                .allMatch(l -> l.socialConsiderations().contains("social-objective:opp"));
    }

    @Test
    void reservation_light_regime_and_changes() {
        Notice ripoll = ted("262891-2023.xml"); // cleaning of municipal buildings, lots 3 and 4 reserved (res-ws)
        assertThat(ripoll.lots()).extracting(Notice.Lot::reservation).containsExactly(
                Reservation.NONE, Reservation.NONE, Reservation.SHELTERED_OR_INTEGRATION, Reservation.SHELTERED_OR_INTEGRATION);
        assertThat(ted("544961-2023.xml").lightRegime()).isTrue();  // subtype 20, no subtype element written
        assertThat(ted("727192-2023.xml").lightRegime()).isFalse(); // subtype 22, subcontracting
        // a change notice naming the changed notice by its TED publication number
        assertThat(ted("368245-2023.xml").supersedes()).isEqualTo("259785-2023");
        assertThat(ted("775348-2023.xml").supersedes()).isEqualTo("422781-2023");
        // a real change notice that does not say what it changes: taken, and said
        assertThat(ted("295399-2023.xml").problems()).anyMatch(p -> p.startsWith("BT-758-notice"));
    }
}
