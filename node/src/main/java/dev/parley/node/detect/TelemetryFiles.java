package dev.parley.node.detect;

import dev.parley.detect.telemetry.Compressions;
import dev.parley.detect.telemetry.TelemetryFormat;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What a file of a followed folder holds, told by its first bytes and its name: compressed data (a
 * rotated log, {@code conn.log.gz}), or telemetry of which format.
 */
final class TelemetryFiles {
  private static final List<String> ZEEK_LOGS = List.of("conn", "dns", "http", "ssl", "files", "x509", "smtp", "weird", "notice");

  private TelemetryFiles() {}

  /**
   * The compression whose magic number the file begins with ({@link Compressions#of}). Such a file
   * read as text is a malformed line per line of garbage, and never telemetry: no text format begins so.
   */
  static Optional<String> compression(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return Compressions.of(in.readNBytes(6));
    }
  }

  /** The format told by the file's first line, else by its name. */
  static Optional<TelemetryFormat> format(Path file) throws IOException {
    byte[] bytes = new byte[64 * 1024];
    int n;
    try (InputStream in = Files.newInputStream(file)) {
      n = in.readNBytes(bytes, 0, bytes.length);
    }
    int eol = 0;
    while (eol < n && bytes[eol] != '\n') eol++;
    Optional<TelemetryFormat> told = byFirstLine(new String(bytes, 0, eol, StandardCharsets.UTF_8).strip());
    return told.isPresent() ? told : byName(file.getFileName().toString().toLowerCase(Locale.ROOT));
  }

  /**
   * Whether the file's first line is whole (ends in a newline) or longer than the 64 KiB a format is
   * told from: until then a file being written may not be judged yet.
   */
  static boolean firstLineWritten(Path file) throws IOException {
    byte[] bytes = new byte[64 * 1024];
    int n;
    try (InputStream in = Files.newInputStream(file)) {
      n = in.readNBytes(bytes, 0, bytes.length);
    }
    if (n == bytes.length) return true;
    for (int i = 0; i < n; i++) if (bytes[i] == '\n') return true;
    return false;
  }

  private static Optional<TelemetryFormat> byFirstLine(String first) {
    if (first.startsWith("#")) return Optional.of(TelemetryFormat.ZEEK);
    if (!first.startsWith("{")) return Optional.empty();
    com.fasterxml.jackson.databind.JsonNode o;
    try {
      o = dev.parley.stix.Json.mapper().readTree(first);
    } catch (IOException e) {
      return Optional.empty(); // not whole yet, or not JSON: the name decides
    }
    if (o == null || !o.isObject()) return Optional.empty();
    if (o.has("event_type")) return Optional.of(TelemetryFormat.EVE);
    if (o.has("_path") || o.has("ts") && (o.has("uid") || o.has("fuid"))) return Optional.of(TelemetryFormat.ZEEK);
    if (o.has("@timestamp")) return Optional.of(TelemetryFormat.ECS);
    return Optional.empty();
  }

  private static Optional<TelemetryFormat> byName(String name) {
    if (name.startsWith("eve")) return Optional.of(TelemetryFormat.EVE);
    if (name.contains("ecs") || name.endsWith(".ndjson")) return Optional.of(TelemetryFormat.ECS);
    for (String log : ZEEK_LOGS) if (name.startsWith(log + ".")) return Optional.of(TelemetryFormat.ZEEK);
    if (name.endsWith(".log")) return Optional.of(TelemetryFormat.ZEEK);
    return Optional.empty();
  }
}
