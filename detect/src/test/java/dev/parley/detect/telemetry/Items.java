package dev.parley.detect.telemetry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.detect.Detector;
import dev.parley.detect.IndicatorSet;
import dev.parley.detect.Sighting;
import dev.parley.pattern.observe.Observation;
import dev.parley.policy.Tlp;
import dev.parley.stix.Json;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Test helpers: read every item of some telemetry, look into observations, detect with one indicator. */
final class Items {
  private Items() {}

  static List<TelemetryItem> read(TelemetryFormat format, String resource, String source) {
    try (InputStream in = Items.class.getResourceAsStream("/telemetry/" + resource)) {
      return readAll(format.open(in, source));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<TelemetryItem> readText(TelemetryFormat format, String text, String source) {
    return readAll(format.open(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), source));
  }

  static List<TelemetryItem> readAll(TelemetryReader reader) {
    List<TelemetryItem> out = new ArrayList<>();
    try (reader) {
      for (TelemetryItem item = reader.read(); item != null; item = reader.read()) out.add(item);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  static List<Observation> observations(List<TelemetryItem> items) {
    List<Observation> out = new ArrayList<>();
    for (TelemetryItem i : items) if (i instanceof TelemetryItem.Record r) out.add(r.observation());
    return out;
  }

  static List<TelemetryItem.Malformed> malformed(List<TelemetryItem> items) {
    List<TelemetryItem.Malformed> out = new ArrayList<>();
    for (TelemetryItem i : items) if (i instanceof TelemetryItem.Malformed m) out.add(m);
    return out;
  }

  /** The {@code value}s of the observation's SCOs of one type. */
  static List<String> values(Observation o, String type) {
    List<String> out = new ArrayList<>();
    for (ObjectNode sco : o.roots()) if (type.equals(sco.path("type").asText())) out.add(sco.path("value").asText());
    return out;
  }

  /** The observation's only SCO of one type. */
  static ObjectNode one(Observation o, String type) {
    List<ObjectNode> found = new ArrayList<>();
    for (ObjectNode sco : o.roots()) if (type.equals(sco.path("type").asText())) found.add(sco);
    if (found.size() != 1) throw new AssertionError("expected one " + type + " in " + o.objects() + ", found " + found.size());
    return found.get(0);
  }

  /** What {@link #detect} found: records the indicator was sighted in, records screened out, records built. */
  record Detection(long sighted, long screened, long built) {}

  /**
   * Reads the text as the node does, through a {@link Detector} over one indicator (valid from
   * 2000) with the detector's screen on the reader: a record the screen wrongly rules out is never
   * sighted.
   */
  static Detection detect(TelemetryFormat format, String text, String source, String pattern) {
    Detector detector = detector(pattern);
    long screened = 0;
    long built = 0;
    try (TelemetryReader reader = format.open(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), source)) {
      reader.screening(detector.screen());
      for (TelemetryItem item = reader.read(); item != null; item = reader.read()) {
        detector.take(item);
        if (item instanceof TelemetryItem.Record) built++;
        if (item instanceof TelemetryItem.Screened) screened++;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    long sighted = detector.sightings().stream().mapToLong(Sighting::count).sum();
    return new Detection(sighted, screened, built);
  }

  /** The lines read as malformed through the screen of a detector over one indicator, as the node reads them. */
  static List<Long> malformedThroughTheScreen(TelemetryFormat format, String text, String pattern) {
    Detector detector = detector(pattern);
    List<Long> lines = new ArrayList<>();
    try (TelemetryReader reader = format.open(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "screened")) {
      reader.screening(detector.screen());
      for (TelemetryItem item = reader.read(); item != null; item = reader.read()) {
        if (item instanceof TelemetryItem.Malformed m) lines.add(m.line());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return lines;
  }

  /** A detector over one indicator of {@code pattern}, valid from 2000. */
  private static Detector detector(String pattern) {
    ObjectNode indicator = Json.mapper().createObjectNode()
        .put("type", "indicator").put("spec_version", "2.1").put("id", "indicator--6f1f5a8e-2c1d-4f47-9b0e-1a2b3c4d5e6f")
        .put("created", "2026-01-01T00:00:00.000Z").put("modified", "2026-01-01T00:00:00.000Z")
        .put("pattern", pattern).put("pattern_type", "stix").put("valid_from", "2000-01-01T00:00:00Z");
    IndicatorSet set = new IndicatorSet.Builder().add(indicator).build();
    if (set.indicators().size() != 1) throw new AssertionError("indicator not loaded: " + set.problems());
    return new Detector(set.indicators(), Tlp.GREEN);
  }

  /** The value of the SCO a reference names. */
  static String deref(Observation o, JsonNode ref) {
    return o.dereference(ref.asText()).path("value").asText();
  }

  /** Whether a JSON text gives some member twice in one object (Jackson's strict reading refuses it). */
  static boolean givesAMemberTwice(String json) {
    try {
      Json.mapper().reader().with(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION).readTree(json);
      return false;
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      return String.valueOf(e.getOriginalMessage()).startsWith("Duplicate field");
    } catch (RuntimeException e) {
      return false;
    }
  }

  /**
   * Reads {@code line} with {@code read}: true when it was read, false when a member read was given
   * twice (then {@code line} must give some member twice, as Jackson's strict reading tells).
   */
  static boolean readUnlessAMemberTwice(String line, ThrowingRead read) throws Exception {
    try {
      read.run();
      return true;
    } catch (com.fasterxml.jackson.core.JsonParseException e) {
      if (!String.valueOf(e.getOriginalMessage()).startsWith("Duplicate field")) throw e;
      org.assertj.core.api.Assertions.assertThat(givesAMemberTwice(line)).as("refused as a member given twice: %s", line).isTrue();
      return false;
    }
  }

  /** A reading that may throw. */
  interface ThrowingRead {
    void run() throws Exception;
  }
}
