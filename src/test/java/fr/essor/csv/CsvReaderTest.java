package fr.essor.csv;

import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CsvReaderTest {
    @Test
    void quotedFieldsKeepDelimitersDoubledQuotesAndLineBreaks() {
        List<String[]> rows = CsvReader.readAll("\uFEFFcode,label\r\n1,\"a, b\"\r\n2,\"say \"\"hi\"\"\"\n3,\"two\nlines\"\n", ',');

        assertThat(rows).hasSize(4);
        assertThat(rows.get(0)).containsExactly("code", "label");
        assertThat(rows.get(1)).containsExactly("1", "a, b");
        assertThat(rows.get(2)).containsExactly("2", "say \"hi\"");
        assertThat(rows.get(3)).containsExactly("3", "two\nlines");
    }

    @Test
    void emptyFieldsAreKeptAndBlankLinesSkipped() {
        List<String[]> rows = CsvReader.readAll("a;;c;\n\n\nx;y;z;w", ';');

        assertThat(rows).hasSize(2);
        assertThat(rows.get(0)).containsExactly("a", "", "c", "");
        assertThat(rows.get(1)).containsExactly("x", "y", "z", "w");
    }

    @Test
    void anUnterminatedQuoteIsAnError() {
        assertThatThrownBy(() -> CsvReader.readAll("a,\"open", ',')).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void eachRecordKnowsTheLineItStartsOnAcrossMultiLineFieldsBlankLinesAndCrlf() throws Exception {
        String text = "\uFEFFh1,h2\r\n\"a\r\nb\r\nc\",x\r\n\r\n\n3,\"q\"\"\nr\"\nlast,\"open\nnever closed";
        List<CsvReader.Row> rows = new ArrayList<>();
        try (CsvReader reader = new CsvReader(new StringReader(text), ',')) {
            for (CsvReader.Row row = reader.next(); row != null; row = reader.next()) {
                rows.add(row);
            }
        }

        assertThat(rows).extracting(CsvReader.Row::line).containsExactly(1L, 2L, 7L, 9L);
        assertThat(rows.get(0).fields()).containsExactly("h1", "h2");
        assertThat(rows.get(1).fields()).containsExactly("a\nb\nc", "x");
        assertThat(rows.get(2).fields()).containsExactly("3", "q\"\nr");
        assertThat(rows.get(3).malformed()).isTrue();
        assertThat(rows.subList(0, 3)).noneMatch(CsvReader.Row::malformed);
    }

    @Test
    void textAfterAClosingQuoteIsKept() {
        assertThat(CsvReader.readAll("\"ab\"c,d\n", ',').get(0)).containsExactly("abc", "d");
    }
}
