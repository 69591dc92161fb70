package fr.essor.reference;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CsvTest {
    @Test
    void quotedFieldsKeepDelimitersDoubledQuotesAndLineBreaks() {
        List<String[]> rows = Csv.parse("\uFEFFcode,label\r\n1,\"a, b\"\r\n2,\"say \"\"hi\"\"\"\n3,\"two\nlines\"\n", ',');

        assertThat(rows).hasSize(4);
        assertThat(rows.get(0)).containsExactly("code", "label");
        assertThat(rows.get(1)).containsExactly("1", "a, b");
        assertThat(rows.get(2)).containsExactly("2", "say \"hi\"");
        assertThat(rows.get(3)).containsExactly("3", "two\nlines");
    }

    @Test
    void emptyFieldsAreKeptAndBlankLinesSkipped() {
        List<String[]> rows = Csv.parse("a;;c;\n\n\nx;y;z;w", ';');

        assertThat(rows).hasSize(2);
        assertThat(rows.get(0)).containsExactly("a", "", "c", "");
        assertThat(rows.get(1)).containsExactly("x", "y", "z", "w");
    }

    @Test
    void anUnterminatedQuoteIsAnError() {
        assertThatThrownBy(() -> Csv.parse("a,\"open", ',')).isInstanceOf(IllegalArgumentException.class);
    }
}
