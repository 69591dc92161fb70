package fr.essor.http;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CsvWriterTest {
    @Test
    void quotesCommasQuotesAndLineBreaksAsRfc4180() {
        String csv = new CsvWriter(List.of("a", "b", "c")).row(Arrays.asList("x, y", "say \"hi\"", "two\nlines"))
                .row(Arrays.asList(null, 1.5, true)).text();
        assertThat(csv).isEqualTo("a,b,c\r\n\"x, y\",\"say \"\"hi\"\"\",\"two\nlines\"\r\n,1.5,true\r\n");
    }

    @Test
    void textThatASpreadsheetWouldRunIsDefused() {
        assertThat(CsvWriter.cell("=HYPERLINK(\"http://x\")")).isEqualTo("\"'=HYPERLINK(\"\"http://x\"\")\"");
        assertThat(CsvWriter.cell("+33 1 23")).isEqualTo("'+33 1 23");
        assertThat(CsvWriter.cell("-2+3")).isEqualTo("'-2+3");
        assertThat(CsvWriter.cell("@SUM(A1)")).isEqualTo("'@SUM(A1)");
        assertThat(CsvWriter.cell("\tcmd")).isEqualTo("'\tcmd");
        assertThat(CsvWriter.cell("\rcmd")).isEqualTo("\"'\rcmd\"");
        assertThat(CsvWriter.cell("a=b")).isEqualTo("a=b");
        assertThat(CsvWriter.cell(-1.5)).isEqualTo("-1.5"); // a number is not a formula
    }

    @Test
    void csvOnlyWhenTheAcceptHeaderPrefersIt() {
        assertThat(CsvWriter.prefers("text/csv")).isTrue();
        assertThat(CsvWriter.prefers("application/json;q=0.5, text/csv")).isTrue();
        assertThat(CsvWriter.prefers("Text/CSV; charset=utf-8")).isTrue();
        assertThat(CsvWriter.prefers(null)).isFalse();
        assertThat(CsvWriter.prefers("*/*")).isFalse();
        assertThat(CsvWriter.prefers("application/json, text/csv")).isFalse();
        assertThat(CsvWriter.prefers("text/csv;q=0")).isFalse();
        assertThat(CsvWriter.prefers("*/*;q=abc, text/csv;q=2")).isFalse();
    }
}
