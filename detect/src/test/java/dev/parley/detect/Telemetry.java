package dev.parley.detect;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.detect.telemetry.TelemetryFormat;
import dev.parley.detect.telemetry.TelemetryItem;
import dev.parley.detect.telemetry.TelemetryReader;
import dev.parley.stix.Json;
import dev.parley.policy.Tlp;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/** Test helpers: EVE lines at known seconds after {@link #T0}, indicators, and a detection run. */
final class Telemetry {
  static final Instant T0 = Instant.parse("2026-11-30T10:00:00Z");

  private Telemetry() {}

  static Instant at(int second) {
    return T0.plusSeconds(second);
  }

  static String conn(int second, String dst, int port, String proto) {
    return "{\"timestamp\":\"" + at(second) + "\",\"event_type\":\"flow\",\"src_ip\":\"192.168.0.2\",\"src_port\":40000,"
        + "\"dest_ip\":\"" + dst + "\",\"dest_port\":" + port + ",\"proto\":\"" + proto + "\",\"flow\":{\"start\":\"" + at(second) + "\"}}";
  }

  static String conn(int second, String dst) {
    return conn(second, dst, 80, "TCP");
  }

  static String dns(int second, String query) {
    return "{\"timestamp\":\"" + at(second) + "\",\"event_type\":\"dns\",\"src_ip\":\"192.168.0.2\",\"src_port\":5353,"
        + "\"dest_ip\":\"192.168.0.1\",\"dest_port\":53,\"proto\":\"UDP\",\"dns\":{\"type\":\"query\",\"id\":1,\"rrname\":\"" + query + "\",\"rrtype\":\"A\"}}";
  }

  static String http(int second, String host, String uri) {
    return http(second, host, uri, "Wget/1.21");
  }

  static String http(int second, String host, String uri, String userAgent) {
    return "{\"timestamp\":\"" + at(second) + "\",\"event_type\":\"http\",\"src_ip\":\"192.168.0.2\",\"src_port\":40001,"
        + "\"dest_ip\":\"192.168.0.80\",\"dest_port\":80,\"proto\":\"TCP\",\"http\":{\"hostname\":\"" + host + "\",\"url\":\"" + uri
        + "\",\"http_user_agent\":\"" + userAgent + "\",\"http_method\":\"GET\"}}";
  }

  static ObjectNode indicator(String id, String pattern, String validFrom, String validUntil, String... markings) {
    try {
      ObjectNode o = (ObjectNode) Json.mapper().readTree("{\"type\":\"indicator\",\"spec_version\":\"2.1\",\"id\":\"" + id + "\","
          + "\"created\":\"2026-01-01T00:00:00.000Z\",\"modified\":\"2026-01-01T00:00:00.000Z\",\"pattern_type\":\"stix\","
          + "\"valid_from\":\"" + validFrom + "\"}");
      o.put("pattern", pattern);
      if (validUntil != null) o.put("valid_until", validUntil);
      if (markings.length > 0) {
        var refs = o.putArray("object_marking_refs");
        for (String m : markings) refs.add(m);
      }
      return o;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static ObjectNode indicator(String id, String pattern) {
    return indicator(id, pattern, "2026-01-01T00:00:00Z", null);
  }

  /** Reads EVE lines into a detector over these indicators; returns its sightings. */
  static Detector run(List<ObjectNode> indicators, Tlp tlp, String source, String... lines) {
    IndicatorSet.Builder b = new IndicatorSet.Builder();
    indicators.forEach(b::add);
    Detector detector = new Detector(b.build().indicators(), tlp);
    feed(detector, source, String.join("\n", lines) + "\n");
    return detector;
  }

  static void feed(Detector detector, String source, String text) {
    try (TelemetryReader reader = TelemetryFormat.EVE.open(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), source)) {
      for (TelemetryItem item = reader.read(); item != null; item = reader.read()) {
        if (item instanceof TelemetryItem.Record r) detector.accept(r.observation());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
