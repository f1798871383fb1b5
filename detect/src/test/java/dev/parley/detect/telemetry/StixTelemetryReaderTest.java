package dev.parley.detect.telemetry;

import static dev.parley.detect.telemetry.Items.detect;
import static dev.parley.detect.telemetry.Items.malformed;
import static dev.parley.detect.telemetry.Items.observations;
import static dev.parley.detect.telemetry.Items.readText;
import static dev.parley.detect.telemetry.Items.values;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.stix.Json;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** STIX observed-data as telemetry ({@code --telemetry-format stix}). */
class StixTelemetryReaderTest {
  private static final String OD = "{\"type\":\"observed-data\",\"spec_version\":\"2.1\",\"id\":\"observed-data--b67d30ff-02ac-498a-92f9-32f845f448cf\","
      + "\"created\":\"2016-04-06T19:58:16.000Z\",\"modified\":\"2016-04-06T19:58:16.000Z\",\"first_observed\":\"2015-12-21T19:00:00Z\","
      + "\"last_observed\":\"2015-12-21T19:00:00Z\",\"number_observed\":1,"
      + "\"object_refs\":[\"ipv4-addr--ff26c055-6336-5bc5-b98d-13d6226742dd\"]}";
  private static final String SCO = "{\"type\":\"ipv4-addr\",\"spec_version\":\"2.1\",\"id\":\"ipv4-addr--ff26c055-6336-5bc5-b98d-13d6226742dd\","
      + "\"value\":\"198.51.100.7\"}";

  /**
   * A hostile run: JSON lines that are not STIX (an ECS record, {@code {"a":1}}) read as STIX gave
   * "records read: 0, malformed: 0" and no line. Each is malformed, with its line and a reason.
   */
  @Test
  void read_jsonThatIsNotStix_malformedWithItsLine() {
    String ecs = "{\"@timestamp\":\"2025-11-30T10:00:00Z\",\"source\":{\"ip\":\"10.0.0.5\"},\"destination\":{\"ip\":\"198.51.100.7\"}}";
    List<TelemetryItem> items = readText(TelemetryFormat.STIX, String.join("\n", ecs, SCO, "{\"a\":1}", OD, "{\"type\":\"x\"}") + "\n",
        "od.jsonl");
    assertThat(observations(items)).hasSize(1);
    assertThat(malformed(items)).extracting(TelemetryItem.Malformed::line).containsExactly(1L, 3L, 5L);
    assertThat(malformed(items).get(0).reason()).contains("not a STIX object");
  }

  /**
   * STIX 2.1 §4.14: number_observed is required, an integer from 1 to 999,999,999; last_observed
   * does not precede first_observed. Each breach is malformed, named (hostile run 12t: 0 was counted
   * as a hit, and a reversed window was called "without valid" timestamps).
   */
  @Test
  void read_numberObservedOutOfRangeOrWindowReversed_malformedNamed() {
    String[] bad = {OD.replace("\"number_observed\":1", "\"number_observed\":0"),
        OD.replace("\"number_observed\":1", "\"number_observed\":1000000000"),
        OD.replace("\"number_observed\":1", "\"number_observed\":\"3\""),
        OD.replace("\"number_observed\":1,", ""),
        OD.replace("\"last_observed\":\"2015-12-21T19:00:00Z\"", "\"last_observed\":\"2015-12-21T18:00:00Z\"")};
    for (int i = 0; i < bad.length; i++) {
      String text = bad[i] + "\n" + SCO + "\n";
      List<TelemetryItem> items = readText(TelemetryFormat.STIX, text, "od.jsonl");
      assertThat(observations(items)).as(bad[i]).isEmpty();
      assertThat(malformed(items)).as(bad[i]).singleElement().extracting(TelemetryItem.Malformed::reason).asString()
          .contains(i < 4 ? "number_observed is " + new String[] {"0", "1000000000", "\"3\"", "missing"}[i] : "last_observed precedes");
    }
    assertThat(observations(readText(TelemetryFormat.STIX, OD.replace("\"number_observed\":1", "\"number_observed\":999999999")
        + "\n" + SCO + "\n", "od.jsonl"))).singleElement().extracting(o -> o.numberObserved()).isEqualTo(999_999_999L);
  }

  /**
   * A url SCO of observed-data takes the normal form the logs' URLs take, the scheme's default port
   * dropped (RFC 3986 §6.2.3), so one indicator meets the request in every form (issue 12: "the
   * same for every input form (STIX observed-data included)").
   */
  @Test
  void read_urlWithDefaultPort_portDroppedAndMatched() {
    String od = OD.replace("ipv4-addr--ff26c055-6336-5bc5-b98d-13d6226742dd", "url--8e3d4a2b-6f1c-5b7e-9a0d-3c2b1a0f9e8d");
    String url = "{\"type\":\"url\",\"spec_version\":\"2.1\",\"id\":\"url--8e3d4a2b-6f1c-5b7e-9a0d-3c2b1a0f9e8d\","
        + "\"value\":\"HTTP://Evil.Example:80/a\"}";
    String text = od + "\n" + url + "\n";
    assertThat(values(observations(readText(TelemetryFormat.STIX, text, "od.jsonl")).get(0), "url")).containsExactly("http://evil.example/a");
    assertThat(detect(TelemetryFormat.STIX, text, "od.jsonl", "[url:value = 'http://evil.example/a']").sighted()).isEqualTo(1);
    assertThat(detect(TelemetryFormat.STIX, text, "od.jsonl", "[url:value = 'http://evil.example:80/a']").sighted()).isEqualTo(1);
  }

  @Test
  void read_bundleWithAnObjectThatIsNotStix_malformedTheRestRead() {
    String bundle = "{\"type\":\"bundle\",\"id\":\"bundle--5d0092c5-5f74-4287-9642-33f4c354e56d\",\"objects\":[\n"
        + OD + ",\n{\"a\":1},\n" + SCO + "\n]}\n";
    List<TelemetryItem> items = readText(TelemetryFormat.STIX, bundle, "od.json");
    assertThat(observations(items)).hasSize(1);
    assertThat(malformed(items)).extracting(TelemetryItem.Malformed::line).containsExactly(3L);
  }

  /** An artifact whose payload_bin is {@code length} characters, streamed, never held. */
  private static InputStream withArtifact(String before, long length, String after) {
    String open = "{\"type\":\"artifact\",\"spec_version\":\"2.1\",\"id\":\"artifact--6f1f5a8e-2c1d-4f47-9b0e-1a2b3c4d5e6f\","
        + "\"mime_type\":\"application/octet-stream\",\"payload_bin\":\"";
    InputStream payload = new InputStream() {
      private long left = length;

      @Override
      public int read() {
        return left-- > 0 ? 'A' : -1;
      }

      @Override
      public int read(byte[] b, int off, int len) {
        if (left <= 0) return -1;
        int n = (int) Math.min(len, left);
        Arrays.fill(b, off, off + n, (byte) 'A');
        left -= n;
        return n;
      }
    };
    return new SequenceInputStream(Collections.enumeration(List.of(bytes(before + open), payload, bytes("\"}" + after))));
  }

  private static InputStream bytes(String text) {
    return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
  }

  private static String od(int n) {
    return OD.replace("b67d30ff", String.format("%08d", n)).replace("2015-12-21T19:00:00Z", "2015-12-21T19:00:0" + n + "Z");
  }

  /**
   * A hostile run (issue 12, finding 8): a bundle of observed-data, an artifact whose payload_bin
   * is 21.5 MB of base64 (legal STIX), and observed-data gave "records read: 1, malformed: 1": the
   * parser stopped at the string, past its limit, and lost the rest in Jackson's words. The
   * artifact alone is malformed, with its place and the bound, and the objects after it are read.
   */
  @Test
  void read_bundleWithAStringPastTheBound_thatObjectMalformedTheRestRead() throws Exception {
    long length = LongStringCutter.VALUE_LIMIT + 8L * 1024 * 1024;
    InputStream in = withArtifact("{\"type\":\"bundle\",\"id\":\"bundle--5d0092c5-5f74-4287-9642-33f4c354e56d\",\"objects\":[" + SCO
        + "," + od(1) + ",", length, "," + od(2) + "]}");
    List<TelemetryItem> items = Items.readAll(TelemetryFormat.STIX.open(in, "od.json"));
    assertThat(observations(items)).hasSize(2);
    assertThat(malformed(items)).singleElement().satisfies(bad -> {
      assertThat(bad.line()).isEqualTo(1);
      assertThat(bad.reason()).isEqualTo("artifact--6f1f5a8e-2c1d-4f47-9b0e-1a2b3c4d5e6f (object 3 of the bundle) skipped: payload_bin is a"
          + " string longer than 16,777,216 characters, the longest read");
    });
  }

  /** The same objects as JSON Lines: the artifact's line is malformed, in the same words, and no other. */
  @Test
  void read_jsonLinesWithAStringPastTheBound_thatLineMalformed() {
    InputStream in = withArtifact(SCO + "\n" + od(1) + "\n", LongStringCutter.VALUE_LIMIT + 1L, "\n" + od(2) + "\n");
    List<TelemetryItem> items = Items.readAll(TelemetryFormat.STIX.open(in, "od.jsonl"));
    assertThat(observations(items)).hasSize(2);
    assertThat(malformed(items)).singleElement().satisfies(bad -> {
      assertThat(bad.line()).isEqualTo(3);
      assertThat(bad.reason()).startsWith("artifact--6f1f5a8e-2c1d-4f47-9b0e-1a2b3c4d5e6f skipped: payload_bin is a string longer than");
    });
  }

  /**
   * One object of more JSON values than a line's trees hold ({@link JsonTrees#MAX_NODES}) is
   * malformed where it passes them, before its tree costs more memory (hostile run 12as D5: one
   * observed-data of 3,000,000 {@code {}}, 9 MB, ran a 128 MB heap out); the lines after it are read.
   */
  @Test
  void read_jsonLinesWithAnObjectOfTooManyValues_thatLineMalformedTheRestRead() throws IOException {
    String pad = od(1).replace("\"number_observed\":1,", "\"number_observed\":1,\"x_pad\":[" + "{},".repeat(JsonTrees.MAX_NODES) + "{}],");
    List<TelemetryItem> items = readText(TelemetryFormat.STIX, SCO + "\n" + pad + "\n" + od(2) + "\n", "od.jsonl");
    assertThat(observations(items)).hasSize(1);
    assertThat(malformed(items)).singleElement().satisfies(bad -> {
      assertThat(bad.line()).isEqualTo(2);
      assertThat(bad.reason()).contains("an object of more than 130,048 JSON values");
    });
    // the bound is the reader's: the same object read by anything else in this thread is whole
    assertThat(Json.readTree(pad.getBytes(StandardCharsets.UTF_8)).path("x_pad")).hasSize(JsonTrees.MAX_NODES + 1);
  }

  /** A member name past its bound, deep in an object, and a value in an embedded (STIX 2.0) SCO: each object is malformed. */
  @Test
  void read_longNameOrEmbeddedValue_objectMalformedWithThePath() {
    String longName = "{\"type\":\"x-thing\",\"id\":\"x-thing--6f1f5a8e-2c1d-4f47-9b0e-1a2b3c4d5e6f\",\"a\":[{\"" + "n".repeat(40)
        + "\":1}]}";
    String embedded = od(2).replace("\"object_refs\":[\"ipv4-addr--ff26c055-6336-5bc5-b98d-13d6226742dd\"]",
        "\"objects\":{\"0\":{\"type\":\"url\",\"value\":\"http://" + "u".repeat(100) + "\"}}");
    TelemetryReader reader = new StixTelemetryReader(new LongStringCutter(bytes(String.join("\n", SCO, longName, embedded, od(3)) + "\n"), 64, 16),
        "od.jsonl");
    List<TelemetryItem> items = Items.readAll(reader);
    assertThat(observations(items)).hasSize(1);
    assertThat(malformed(items)).extracting(TelemetryItem.Malformed::reason).containsExactly(
        "x-thing--6f1f5a8e-2c1d-4f47-9b0e-1a2b3c4d5e6f skipped: a member name in a.0 is longer than 16 characters, the longest read",
        "observed-data--00000002-02ac-498a-92f9-32f845f448cf skipped: objects.0.value is a string longer than 64 characters, the longest read");
  }

  /**
   * Two long member names alike in one object of a bundle: cut, they stay two names (the reader
   * refuses a repeated name, which would end the bundle), the object is malformed and the rest read.
   */
  @Test
  void read_bundleObjectWithTwoLongNamesAlike_thatObjectMalformedTheRestRead() {
    String names = "{\"type\":\"x-thing\",\"id\":\"x-thing--6f1f5a8e-2c1d-4f47-9b0e-1a2b3c4d5e6f\",\"" + "n".repeat(40) + "1\":1,\""
        + "n".repeat(40) + "2\":2}";
    String bundle = "{\"type\":\"bundle\",\"id\":\"bundle--5d0092c5-5f74-4287-9642-33f4c354e56d\",\"objects\":[" + SCO + "," + names
        + "," + od(1) + "]}";
    List<TelemetryItem> items = Items.readAll(new StixTelemetryReader(new LongStringCutter(bytes(bundle), 64, 16), "od.json"));
    assertThat(observations(items)).hasSize(1);
    assertThat(malformed(items)).extracting(TelemetryItem.Malformed::reason).containsExactly("x-thing--6f1f5a8e-2c1d-4f47-9b0e-1a2b3c4d5e6f"
        + " (object 2 of the bundle) skipped: a member name is longer than 16 characters, the longest read (2 such strings)");
  }

  /**
   * A hostile run (issue 12, finding 9): the same observed-data (one id) with its members in
   * another order, or as a later version, counted twice and satisfied {@code REPEATS 2 TIMES} on
   * its own; README-pattern, item 18: a repeated object is not a second observation (§9.5). The
   * copies are skipped and counted.
   */
  @Test
  void read_observedDataIdReadAgain_skippedAndCounted() {
    String reordered = "{\"object_refs\":[\"ipv4-addr--ff26c055-6336-5bc5-b98d-13d6226742dd\"],\"number_observed\":1,"
        + OD.substring(1, OD.indexOf(",\"number_observed\"")) + "}";
    String later = OD.replace("\"modified\":\"2016-04-06T19:58:16.000Z\"", "\"modified\":\"2016-05-06T19:58:16.000Z\"");
    String text = String.join("\n", SCO, OD, reordered, later, OD) + "\n";
    try (TelemetryReader reader = TelemetryFormat.STIX.open(bytes(text), "od.jsonl")) {
      List<TelemetryItem> items = Items.readAll(reader);
      assertThat(observations(items)).hasSize(1);
      assertThat(malformed(items)).isEmpty();
      assertThat(reader.duplicates()).isEqualTo(3);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    assertThat(Items.detect(TelemetryFormat.STIX, text, "od.jsonl", "[ipv4-addr:value = '198.51.100.7']").sighted()).isEqualTo(1);
    assertThat(Items.detect(TelemetryFormat.STIX, text, "od.jsonl", "[ipv4-addr:value = '198.51.100.7'] REPEATS 2 TIMES").sighted()).isZero();
    assertThat(Items.detect(TelemetryFormat.STIX, String.join("\n", SCO, OD, od(2)) + "\n", "od.jsonl",
        "[ipv4-addr:value = '198.51.100.7'] REPEATS 2 TIMES").sighted()).isEqualTo(1);
  }

  /**
   * The 24-hour idempotency keys a record by its id: an observed-data's is its STIX id and source, so
   * the same observation re-serialised or re-versioned in a later run is a repeat; another source's is not.
   */
  @Test
  void read_observedDataInAnotherForm_sameRecordIdInTheSameSourceOnly() {
    String reordered = "{\"object_refs\":[\"ipv4-addr--ff26c055-6336-5bc5-b98d-13d6226742dd\"],\"number_observed\":1,"
        + OD.substring(1, OD.indexOf(",\"number_observed\"")) + "}";
    String first = observations(readText(TelemetryFormat.STIX, SCO + "\n" + OD + "\n", "od.jsonl")).get(0).id();
    String bundle = "{\"type\":\"bundle\",\"id\":\"bundle--5d0092c5-5f74-4287-9642-33f4c354e56d\",\"objects\":[\n" + reordered + ",\n"
        + SCO + "]}";
    assertThat(observations(readText(TelemetryFormat.STIX, bundle, "od.jsonl")).get(0).id()).isEqualTo(first);
    assertThat(observations(readText(TelemetryFormat.STIX, SCO + "\n" + OD + "\n", "other.jsonl")).get(0).id()).isNotEqualTo(first);
  }
}
