package dev.parley.stix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A TAXII 2.1 envelope (§3.7) read as text: each entry where the whole tree has it, nothing made a tree whole. */
class EnvelopeTest {
  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void eachEntryReadsAsTheWholeTreeHasItAtRandom() throws IOException {
    Random random = new Random(20261207L);
    for (int round = 0; round < 300; round++) {
      String body = randomEnvelope(random);
      JsonNode whole = Json.readTree(utf8(body));
      Envelope e = Envelope.read(utf8(body));
      JsonNode objects = whole.get("objects");
      List<JsonNode> read = new ArrayList<>();
      for (Envelope.Entry entry : e.entries()) read.add(entry.tree(utf8(body)));
      assertThat(read).as(body).containsExactlyElementsOf(objects);
      for (Envelope.Entry entry : e.entries()) {
        JsonNode o = objects.get(entry.index());
        assertThat(entry.isObject()).isEqualTo(o.isObject());
        assertThat(entry.kind()).isEqualTo(Json.kind(o));
        assertThat(entry.id()).isEqualTo(o.path("id").isTextual() ? o.get("id").textValue() : null);
        String version = o.path("modified").isTextual() ? o.get("modified").textValue()
            : o.path("created").isTextual() ? o.get("created").textValue() : null;
        assertThat(entry.version()).isEqualTo(version);
        assertThat(entry.problem()).isNull();
      }
      assertThat(e.more()).isEqualTo(whole.get("more"));
    }
  }

  /** An envelope of objects, lists and scalars, pretty or compact, with text beyond ASCII (offsets are in bytes). */
  private static String randomEnvelope(Random random) {
    String sp = random.nextBoolean() ? " \n\t" : "";
    StringBuilder b = new StringBuilder("{").append(sp);
    if (random.nextBoolean()) b.append("\"more\":").append(random.nextBoolean()).append(',').append(sp);
    b.append("\"x_ü\":{\"k\":[1,2.5,\"ß\"]},").append(sp).append("\"objects\":").append(sp).append('[');
    int n = random.nextInt(6);
    for (int i = 0; i < n; i++) {
      if (i > 0) b.append(',').append(sp);
      switch (random.nextInt(5)) {
        case 0 -> b.append("\"indicator--").append(i).append("€\"");
        case 1 -> b.append("[{\"id\":\"nested\"},").append(sp).append("[]]");
        case 2 -> b.append(random.nextInt(1000)).append(random.nextBoolean() ? ".125" : "");
        default -> {
          b.append('{').append(sp).append("\"type\":\"indicator\",").append(sp);
          if (random.nextBoolean()) b.append("\"id\":\"indicator--").append(i).append("\",");
          if (random.nextBoolean()) b.append("\"created\":\"2026-12-0").append(1 + random.nextInt(8)).append("T00:00:00Z\",");
          if (random.nextBoolean()) b.append("\"modified\":").append(random.nextBoolean() ? "\"2026-12-07T01:02:03.000Z\"," : "7,");
          b.append("\"name\":\"名前 ").append(i).append("\",\"labels\":[\"a\",{\"id\":\"inner\"}],\"n\":1.0e3}");
        }
      }
    }
    b.append(']').append(sp).append('}');
    return b.toString();
  }

  /** RFC 8259 §8.1: UTF-8, its byte order mark allowed to be read; other encodings Jackson detects are read as well. */
  @Test
  void aByteOrderMarkOrAnotherEncodingReadsAsTheWholeTree() throws IOException {
    String text = "{\"objects\":[{\"id\":\"x--ü\",\"n\":[1,2]},\"s\"]}";
    byte[] bom = new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    byte[] withBom = new byte[bom.length + utf8(text).length];
    System.arraycopy(bom, 0, withBom, 0, bom.length);
    System.arraycopy(utf8(text), 0, withBom, bom.length, utf8(text).length);
    for (byte[] body : List.of(withBom, text.getBytes(StandardCharsets.UTF_16BE),
        text.getBytes(StandardCharsets.UTF_16LE), text.getBytes(StandardCharsets.UTF_16), text.getBytes(java.nio.charset.Charset.forName("UTF-32LE")))) {
      Envelope e = Envelope.read(body);
      assertThat(e.entries()).hasSize(2);
      assertThat(e.entries().get(0).id()).isEqualTo("x--ü");
      List<JsonNode> read = new ArrayList<>();
      for (Envelope.Entry entry : e.entries()) read.add(entry.tree(e.body()));
      assertThat(read).containsExactlyElementsOf(Json.readTree(body).get("objects"));
    }
  }

  /**
   * A UTF-16 or UTF-32 body that is not valid in its form is refused at its first bad code unit, with
   * its line and column, as invalid UTF-8 is (hostile run bb D6: a lone surrogate or a code point past
   * U+10FFFF became U+FFFD in the stored object, and the sender was told success).
   */
  @Test
  void aUtf16OrUtf32BodyNotValidInItsForm_anErrorWithItsPlace() {
    String text = "{\"objects\":[\n{\"id\":\"x--1\",\"name\":\"ab\"}]}";
    int b = text.indexOf("ab\"") + 1; // the character to spoil: the b, on line 2
    byte[] utf16 = text.getBytes(StandardCharsets.UTF_16LE);
    utf16[2 * b] = 0x00;
    utf16[2 * b + 1] = (byte) 0xDC; // a lone low surrogate
    byte[] utf32 = text.getBytes(java.nio.charset.Charset.forName("UTF-32BE"));
    utf32[4 * b + 1] = 0x11; // 0x110062: past U+10FFFF
    for (var body : List.of(Map.entry("UTF-16LE", utf16), Map.entry("UTF-32BE", utf32))) {
      assertThatThrownBy(() -> Envelope.read(body.getValue())).as(body.getKey()).isInstanceOf(JsonProcessingException.class)
          .hasMessageStartingWith("the body is not valid " + body.getKey() + " at byte ")
          .satisfies(e -> {
            JsonLocation at = ((JsonProcessingException) e).getLocation();
            assertThat(at.getLineNr()).isEqualTo(2);
            assertThat(at.getColumnNr()).isEqualTo(b - text.indexOf('\n'));
          });
    }
  }

  @Test
  void malformedJsonAnywhereIsAnErrorWithItsPlace() {
    // a repeated name deep in an entry, in a member that is not objects, a number no decimal holds, a body cut short
    for (String body : List.of(
        "{\"objects\":[{\"type\":\"x\",\"a\":{\"b\":1,\"b\":2}}]}",
        "{\"other\":{\"k\":1,\"k\":1},\"objects\":[{}]}",
        "{\"objects\":[{\"type\":\"x\",\"n\":[1e2147483648]}]}",
        "{\"x\":1e2147483648,\"objects\":[{}]}",
        "{\"objects\":[{\"type\":\"x\"}",
        // RFC 8259 §2: one value, white space around it; text after it is no envelope (hostile run 12ba D2)
        "{\"objects\":[{}]} xyz",
        "{\"objects\":[{}]}{\"objects\":[]}",
        "[1] 2")) {
      assertThatThrownBy(() -> Envelope.read(utf8(body))).as(body).isInstanceOf(JsonProcessingException.class)
          .satisfies(t -> assertThat(((JsonProcessingException) t).getLocation()).isNotNull());
    }
  }

  @Test
  void theEnvelopesShapeIsKeptWithoutItsContent() throws IOException {
    Envelope e = Envelope.read(utf8("{\"more\":[1,2],\"next\":\"abc\",\"objects\":{\"a\":1}}"));
    assertThat(e.isObject()).isTrue();
    assertThat(e.objectsKind()).isEqualTo("an object");
    assertThat(e.entries()).isEmpty();
    assertThat(e.more().isArray()).isTrue();
    assertThat(e.next().textValue()).isEqualTo("abc");
    assertThat(Envelope.read(utf8("[1,2]")).isObject()).isFalse();
    assertThat(Envelope.read(utf8("  ")).isEmpty()).isTrue();
    assertThat(Envelope.read(utf8("{}")).objectsKind()).isNull();
  }

  @Test
  void anEntryDenserThanStixObjectsIsMarkedAndNeverATree() throws IOException {
    int many = Envelope.DENSE_FROM + 1_000;
    // [[],[],…]: a value in three bytes
    StringBuilder dense = new StringBuilder("{\"objects\":[{\"id\":\"x--1\",\"a\":[");
    for (int i = 0; i < many; i++) dense.append(i == 0 ? "" : ",").append("[]");
    dense.append("]},{\"id\":\"x--2\"}]}");
    Envelope e = Envelope.read(utf8(dense.toString()));
    assertThat(e.entries()).hasSize(2);
    assertThat(e.entries().get(0).id()).isEqualTo("x--1");
    assertThat(e.entries().get(0).problem()).startsWith("17,387 JSON values in ")
        .contains("more than one in 16 bytes past 16,384 values");
    assertThat(e.entries().get(1).problem()).isNull();
    // as many identifiers, a report's object_refs: read
    StringBuilder refs = new StringBuilder("{\"objects\":[{\"id\":\"report--1\",\"object_refs\":[");
    for (int i = 0; i < many; i++) refs.append(i == 0 ? "" : ",").append("\"indicator--").append(String.format("%036d", i)).append('"');
    refs.append("]}]}");
    assertThat(Envelope.read(utf8(refs.toString())).entries().get(0).problem()).isNull();
  }

  /** Hostile run 12ba D1: 1,000,000 entries of {@code []} in 3 MB made a status of a million failures. */
  @Test
  void moreEntriesThanTheSizeAllows_said() throws IOException {
    StringBuilder tiny = new StringBuilder("{\"objects\":[");
    for (int i = 0; i < 2_000; i++) tiny.append(i == 0 ? "" : ",").append("[]");
    tiny.append("]}");
    assertThat(Envelope.read(utf8(tiny.toString())).tooManyEntries())
        .isEqualTo("the envelope holds 2,000 entries in 6,013 bytes, more than one in 64 bytes past 1,000: no STIX object is that small"
            + " (an identifier alone is 40 bytes)");
    // a thousand at any size, and past it as many as the bytes allow
    assertThat(Envelope.read(utf8("{\"objects\":[" + String.join(",", java.util.Collections.nCopies(1_000, "[]")) + "]}")).tooManyEntries())
        .isNull();
    StringBuilder sized = new StringBuilder("{\"objects\":[");
    for (int i = 0; i < 2_000; i++) sized.append(i == 0 ? "" : ",").append("\"").append("x".repeat(62)).append('"');
    sized.append("]}");
    assertThat(Envelope.read(utf8(sized.toString())).tooManyEntries()).isNull();
  }

  /**
   * A string past the parser's bound (20,000,000 characters) is met only when its entry becomes a
   * tree: the envelope reads, that entry's tree fails with the bound in the project's words (the
   * load refuses that entry alone; hostile run 12ba D8: the whole request failed).
   */
  @Test
  void aStringPastTheParsersBound_metWhenItsEntryBecomesATree() throws IOException {
    byte[] body = utf8("{\"objects\":[{\"id\":\"x--1\",\"name\":\"" + "a".repeat(20_000_001) + "\"},{\"id\":\"x--2\"}]}");
    Envelope e = Envelope.read(body);
    assertThat(e.entries()).hasSize(2);
    assertThatThrownBy(() -> e.entries().get(0).tree(e.body())).isInstanceOf(JsonProcessingException.class)
        .satisfies(t -> assertThat(Json.problem((JsonProcessingException) t)).isEqualTo("a string longer than 20,000,000 characters"));
    assertThat(e.entries().get(1).tree(e.body()).get("id").textValue()).isEqualTo("x--2");
  }

  @Test
  void aSizedTreeRefusesABodyDenserThanItsBound() throws IOException {
    StringBuilder dense = new StringBuilder("[");
    for (int i = 0; i < 40_000; i++) dense.append(i == 0 ? "" : ",").append("[]");
    dense.append(']');
    assertThatThrownBy(() -> Json.readSized(utf8(dense.toString()))).isInstanceOf(JsonProcessingException.class)
        .hasMessageContaining("a body of more than 16,384 JSON values");
    // the same values with room: read
    StringBuilder roomy = new StringBuilder("[");
    for (int i = 0; i < 40_000; i++) roomy.append(i == 0 ? "" : ",").append("\"").append("-".repeat(16)).append('"');
    roomy.append(']');
    assertThat(Json.readSized(utf8(roomy.toString())).size()).isEqualTo(40_000);
    assertThat(Json.readSized(utf8("{\"a\":[[],[],[]]}")).get("a").size()).isEqualTo(3);
  }
}
