package dev.parley.detect.telemetry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.pattern.observe.Observation;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Test helpers: read every item of some telemetry, and look into observations. */
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

  /** The value of the SCO a reference names. */
  static String deref(Observation o, JsonNode ref) {
    return o.dereference(ref.asText()).path("value").asText();
  }
}
