package io.pedigree.audit;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CsvTest {

    @Test
    void plainFieldsAreWrittenAsTheyAre() {
        assertThat(Csv.row(List.of("1", "node.write", "model:fraud@1"))).isEqualTo("1,node.write,model:fraud@1\r\n");
    }

    @Test
    void fieldsWithCommasQuotesOrLineBreaksAreQuotedAndQuotesDoubled() {
        assertThat(Csv.field("a,b")).isEqualTo("\"a,b\"");
        assertThat(Csv.field("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
        assertThat(Csv.field("line\nbreak")).isEqualTo("\"line\nbreak\"");
        assertThat(Csv.field("carriage\rreturn")).isEqualTo("\"carriage\rreturn\"");
    }

    @Test
    void nullIsAnEmptyFieldAndEmptyStaysEmpty() {
        assertThat(Csv.row(Arrays.asList("1", null, "", "x"))).isEqualTo("1,,,x\r\n");
    }

    @Test
    void everyRowParsesBackToItsFields() {
        List<String> fields = List.of("", "\"", ",", "\n\r", "a\"b,c\nd", "{\"k\":[1,2]}", " spaced ");
        assertThat(CsvReader.parse(Csv.row(fields))).containsExactly(fields);
    }

    @Test
    void cellsASpreadsheetWouldRunAsFormulasGetALeadingQuoteAndAreQuoted() {
        assertThat(Csv.field("=HYPERLINK(\"http://evil.example\",\"x\")"))
                .isEqualTo("\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\"");
        assertThat(Csv.field("+1")).isEqualTo("\"'+1\"");
        assertThat(Csv.field("-2+3")).isEqualTo("\"'-2+3\"");
        assertThat(Csv.field("@SUM(A1)")).isEqualTo("\"'@SUM(A1)\"");
        assertThat(Csv.field("\t=1")).isEqualTo("\"'\t=1\"");
        assertThat(Csv.field("\r=1")).isEqualTo("\"'\r=1\"");
        assertThat(CsvReader.parse(Csv.row(List.of("=1+2", "ok")))).containsExactly(List.of("'=1+2", "ok"));
    }

    @Test
    void aFormulaCharacterAfterTheFirstIsLeftAlone() {
        assertThat(Csv.field("a=b")).isEqualTo("a=b");
        assertThat(Csv.field("model:fraud@1")).isEqualTo("model:fraud@1");
    }
}
