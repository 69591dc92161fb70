package fr.essor.notice;

import fr.essor.http.ProblemException;
import fr.essor.reference.ReferenceData;
import org.junit.jupiter.api.Test;

import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NoticeQueryTest {
    private static NoticeQuery read(String... pairs) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            params.computeIfAbsent(pairs[i], k -> new java.util.ArrayList<>()).add(pairs[i + 1]);
        }
        return NoticeQuery.from(params, ReferenceData.get().geography());
    }

    @Test
    void defaults() {
        NoticeQuery q = read();
        assertThat(q.text()).isNull();
        assertThat(q.page()).isZero();
        assertThat(q.size()).isEqualTo(20);
        assertThat(q.includeSuperseded()).isFalse();
    }

    @Test
    void normalisesEachFilter() {
        NoticeQuery q = read("q", " nettoyage des locaux ", "cpv", "90910000-9", "cpv", "45000000",
                "reservation", "Sheltered", "department", "7", "department", "2a",
                "deadlineAfter", "2025-03-31", "page", "2", "size", "100", "includeSuperseded", "true");
        assertThat(q.text()).isEqualTo("nettoyage des locaux");
        // a code stands for the codes under it: its deepest significant prefix
        assertThat(q.cpvPrefixes()).containsExactly("9091", "45");
        assertThat(q.reservations()).containsExactly("sheltered");
        assertThat(q.departments()).containsExactly("07", "2A");
        assertThat(q.deadlineAfter()).isEqualTo(OffsetDateTime.parse("2025-03-31T00:00:00Z"));
        assertThat(q.page()).isEqualTo(2);
        assertThat(q.size()).isEqualTo(100);
        assertThat(q.includeSuperseded()).isTrue();
    }

    @Test
    void refusesBadParametersWith400NamingEach() {
        assertBad(read400("size", "101"), "size");
        assertBad(read400("size", "0"), "size");
        assertBad(read400("page", "-1"), "page");
        assertBad(read400("page", "x"), "page");
        assertBad(read400("deadlineAfter", "31/03/2025"), "deadlineAfter");
        assertBad(read400("cpv", "9091"), "cpv");
        assertBad(read400("reservation", "reserved"), "reservation");
        assertBad(read400("department", "99"), "department");
        assertBad(read400("includeSuperseded", "yes"), "includeSuperseded");
        assertBad(read400("q", "x".repeat(1001)), "q");
    }

    private static ProblemException read400(String name, String value) {
        try {
            read(name, value);
        } catch (ProblemException e) {
            return e;
        }
        throw new AssertionError(name + "=" + value + " was taken");
    }

    private static void assertBad(ProblemException e, String field) {
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.errors()).extracting(f -> f.field()).containsExactly(field);
    }

    @Test
    void aQuestionGivenTwiceIsRefused() {
        assertThatThrownBy(() -> read("size", "10", "size", "20")).isInstanceOf(ProblemException.class);
    }
}
