package dev.parley.stix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.ByteArrayInputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StixReaderTest {

  private static final String A = "{\"type\":\"ipv4-addr\",\"id\":\"ipv4-addr--28bb3599-77cd-5a82-a950-b5bc3caf07c4\",\"value\":\"198.51.100.3\"}";
  private static final String B = "{\"type\":\"domain-name\",\"id\":\"domain-name--bedb4899-d24b-5401-bc86-8f6b4cc18ec7\",\"value\":\"example.com\"}";

  static List<StixRecord> read(String text) throws Exception {
    return read(text.getBytes(StandardCharsets.UTF_8));
  }

  static List<StixRecord> read(byte[] bytes) throws Exception {
    List<StixRecord> records = new ArrayList<>();
    try (StixReader reader = StixReader.open(new ByteArrayInputStream(bytes), "t")) {
      while (reader.hasNext()) records.add(reader.next());
    }
    return records;
  }

  @Test
  void read_bundle_objectsThenBundleHeader() throws Exception {
    List<StixRecord> r = read("{\n \"type\": \"bundle\",\n \"id\": \"bundle--44af6c39-c09b-49c5-9de2-394224b04982\",\n \"objects\": [\n" + A + ",\n" + B + "\n]\n}\n");
    assertThat(r).hasSize(3);
    StixRecord.ObjectRecord first = (StixRecord.ObjectRecord) r.get(0);
    assertThat(first.bundleId()).isEqualTo("bundle--44af6c39-c09b-49c5-9de2-394224b04982");
    assertThat(first.line()).isEqualTo(5);
    assertThat(((StixRecord.ObjectRecord) r.get(1)).line()).isEqualTo(6);
    assertThat(r.get(2)).isInstanceOf(StixRecord.BundleRecord.class);
  }

  @Test
  void read_bundleWithTypeAfterObjects_stillYieldsObjects() throws Exception {
    List<StixRecord> r = read("{\n\"objects\": [" + A + "," + B + "],\n\"id\": \"bundle--44af6c39-c09b-49c5-9de2-394224b04982\",\n\"type\": \"bundle\"\n}");
    assertThat(r).hasSize(3);
    assertThat(((StixRecord.ObjectRecord) r.get(1)).object().get("value").asText()).isEqualTo("example.com");
    assertThat(((StixRecord.BundleRecord) r.get(2)).header().has("objects")).isFalse();
  }

  @Test
  void read_singleObjectOverLines_oneRecord() throws Exception {
    List<StixRecord> r = read("{\n  \"type\": \"ipv4-addr\",\n  \"value\": \"198.51.100.3\"\n}\n");
    assertThat(r).singleElement().isInstanceOf(StixRecord.ObjectRecord.class);
  }

  @Test
  void read_array_recordPerElement() throws Exception {
    List<StixRecord> r = read("[\n" + A + ",\n" + B + "\n]");
    assertThat(r).hasSize(2).allMatch(x -> x instanceof StixRecord.ObjectRecord);
  }

  @Test
  void read_jsonLinesWithMalformedLine_reportsLineAndColumnAndContinues() throws Exception {
    List<StixRecord> r = read(A + "\n{\"type\": }\n" + B + "\n");
    assertThat(r).hasSize(3);
    StixRecord.Malformed bad = (StixRecord.Malformed) r.get(1);
    assertThat(bad.line()).isEqualTo(2);
    assertThat(bad.column()).isGreaterThan(1);
    assertThat(bad.finding().rule()).isEqualTo(Rules.JSON_SYNTAX);
    assertThat(((StixRecord.ObjectRecord) r.get(2)).line()).isEqualTo(3);
  }

  @Test
  void read_jsonLines_eachObjectWithItsText() throws Exception {
    List<StixRecord> r = read(A + "\n  " + B + " \r\n");
    assertThat(r).extracting(x -> ((StixRecord.ObjectRecord) x).text()).containsExactly(A, B);
    assertThat(read("[" + A + "]")).singleElement().satisfies(x -> assertThat(((StixRecord.ObjectRecord) x).text()).isNull());
  }

  @Test
  void read_jsonLinesRepeatedMemberName_malformedLineAndContinues() throws Exception {
    // the text is kept as the object's JSON: a repeated name would let the text and the tree disagree
    String repeated = "{\"type\":\"ipv4-addr\",\"value\":\"198.51.100.3\",\"value\":\"203.0.113.9\"}";
    List<StixRecord> r = read(A + "\n" + repeated + "\n" + B + "\n");
    assertThat(r).hasSize(3);
    assertThat(r.get(1)).isInstanceOfSatisfying(StixRecord.Malformed.class, m -> {
      assertThat(m.line()).isEqualTo(2);
      assertThat(m.message()).contains("value");
    });
    assertThat(r.get(2)).isInstanceOf(StixRecord.ObjectRecord.class);
  }

  @Test
  void read_emptyInput_noRecords() throws Exception {
    assertThat(read("")).isEmpty();
    assertThat(read("  \n\n ")).isEmpty();
  }

  @Test
  void read_byteOrderMark_isSkipped() throws Exception {
    byte[] text = A.getBytes(StandardCharsets.UTF_8);
    byte[] withBom = new byte[text.length + 3];
    withBom[0] = (byte) 0xEF;
    withBom[1] = (byte) 0xBB;
    withBom[2] = (byte) 0xBF;
    System.arraycopy(text, 0, withBom, 3, text.length);
    assertThat(read(withBom)).singleElement().isInstanceOf(StixRecord.ObjectRecord.class);
  }

  @Test
  void read_notAnObjectInArray_malformed() throws Exception {
    assertThat(read("[" + A + ", 5]").get(1)).isInstanceOf(StixRecord.Malformed.class);
  }

  @Test
  void read_jsonLinesExponentOverflow_malformedRecordAndOthersGoOn() {
    // regression: 1e2147483648 escaped as a raw NumberFormatException and ended validate and import
    String bad = "{\"type\":\"x-acme-score\",\"x_score\":1e2147483648}";
    List<StixRecord> r = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> read(A + "\n" + bad + "\n" + B + "\n"));
    assertThat(r).hasSize(3);
    assertThat(r.get(1)).isInstanceOfSatisfying(StixRecord.Malformed.class, m -> {
      assertThat(m.line()).isEqualTo(2);
      assertThat(m.column()).isEqualTo(bad.indexOf("1e2147483648") + 1);
      assertThat(m.message()).contains("1e2147483648").contains("out of range");
      assertThat(m.finding().rule()).isEqualTo(Rules.JSON_SYNTAX);
    });
    assertThat(r.get(0)).isInstanceOf(StixRecord.ObjectRecord.class);
    assertThat(r.get(2)).isInstanceOf(StixRecord.ObjectRecord.class);
  }

  @Test
  void read_firstJsonLineWithExponentOverflow_stillJsonLines() throws Exception {
    List<StixRecord> r = read("{\"type\":\"x-acme-score\",\"x_score\":-1e-2147483649}\n" + A + "\n");
    assertThat(r).hasSize(2);
    assertThat(r.get(0)).isInstanceOf(StixRecord.Malformed.class);
    assertThat(r.get(1)).isInstanceOf(StixRecord.ObjectRecord.class);
  }

  @Test
  void read_documentExponentOverflow_locatedMalformedRecord() throws Exception {
    String bundle = "{\n\"type\": \"bundle\",\n\"id\": \"bundle--44af6c39-c09b-49c5-9de2-394224b04982\",\n\"objects\": [\n"
        + A + ",\n{\"type\": \"x-acme-score\",\n \"x_score\": 1e2147483648}\n]\n}\n";
    List<StixRecord> r = read(bundle);
    assertThat(r.get(0)).isInstanceOf(StixRecord.ObjectRecord.class);
    assertThat(r).last().isInstanceOfSatisfying(StixRecord.Malformed.class, m -> {
      assertThat(m.line()).isEqualTo(7);
      assertThat(m.column()).isEqualTo(" \"x_score\": ".length() + 1);
      assertThat(m.message()).contains("out of range");
    });
  }

  @Test
  void read_bundleRepeatedMemberName_malformed() throws Exception {
    // one rule for every form: a repeated name would let the stored text and the parsed object disagree
    String repeated = "{\"type\":\"ipv4-addr\",\"value\":\"198.51.100.3\",\n\"value\":\"203.0.113.9\"}";
    List<StixRecord> r = read("{\"type\": \"bundle\", \"id\": \"bundle--44af6c39-c09b-49c5-9de2-394224b04982\", \"objects\": [\n" + repeated + "\n]}");
    assertThat(r).singleElement().isInstanceOfSatisfying(StixRecord.Malformed.class, m -> {
      assertThat(m.line()).isEqualTo(3);
      assertThat(m.message()).contains("value");
    });
  }

  @Test
  void read_singleObjectRepeatedMemberName_malformed() throws Exception {
    List<StixRecord> r = read("{\n  \"type\": \"ipv4-addr\",\n  \"type\": \"domain-name\",\n  \"value\": \"example.com\"\n}\n");
    assertThat(r).singleElement().isInstanceOfSatisfying(StixRecord.Malformed.class, m -> assertThat(m.line()).isEqualTo(3));
  }

  /**
   * RFC 8259 §8.1: JSON exchanged is UTF-8. Bytes that are not (a Latin-1 file, UTF-16) fail the
   * read, named with where, in JSON Lines and in a document alike; replaced by U+FFFD they made a
   * pattern that matched nothing, stored with exit 0 (hostile run 12z).
   */
  @Test
  void notUtf8_failsNamedNotReplaced() {
    String line = "{\"type\":\"indicator\",\"id\":\"indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f\",\"name\":\"caf\u00e9\"}";
    for (byte[] bytes : List.of((line + "\n" + line + "\n").getBytes(StandardCharsets.ISO_8859_1),
        ("[" + line + "]").getBytes(StandardCharsets.ISO_8859_1), line.getBytes(StandardCharsets.UTF_16))) {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> read(bytes)).isInstanceOf(UncheckedIOException.class)
          .hasMessageContaining("is not UTF-8 text");
    }
  }

  /** The byte that is not UTF-8 is named at its line and column, wherever it is (hostile run bb D10: "after line 0"). */
  @Test
  void notUtf8_namedAtItsLineAndColumn() throws Exception {
    byte[] document = "{\"type\":\"indicator\",\n\"name\":\"ok\",\n\"x\":\"caf\u00e9\"}\n".getBytes(StandardCharsets.ISO_8859_1);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> read(document)).isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("bytes that are not UTF-8 at line 3, column 9");
    StringBuilder many = new StringBuilder();
    for (int i = 0; i < 5000; i++) many.append("{\"type\":\"x\",\"n\":").append(i).append("}\n");
    byte[] lines = (many + "{\"name\":\"caf\u00e9\"}\n").getBytes(StandardCharsets.ISO_8859_1);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> read(lines)).isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("at line 5001, column 13");
    // a UTF-8 character split across the reader's buffers is whole
    String wide = "\u00e9".repeat(70_000);
    List<StixRecord> read = read(("{\"type\":\"x\",\"v\":\"" + wide + "\"}\n").getBytes(StandardCharsets.UTF_8));
    assertThat(read).singleElement().isNotInstanceOf(StixRecord.Malformed.class);
  }
}
