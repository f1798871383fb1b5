package dev.parley.node.detect;

import dev.parley.detect.telemetry.Compressions;
import dev.parley.detect.telemetry.TelemetryFormat;
import dev.parley.stix.Json;
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
      return Compressions.ofJsonLines(in.readNBytes(6));
    }
  }

  /**
   * The format told by the file's first line that is not blank (after a UTF-8 byte order mark, if
   * any), else by its name. A file that began with a blank line or a BOM was not followed, its later
   * lines lost (hostile run 12o), though every reader reads them.
   */
  static Optional<TelemetryFormat> format(Path file) throws IOException {
    byte[] bytes = new byte[64 * 1024];
    int n;
    try (InputStream in = Files.newInputStream(file)) {
      n = in.readNBytes(bytes, 0, bytes.length);
    }
    int start = firstLine(bytes, n);
    int eol = start;
    while (eol < n && bytes[eol] != '\n') eol++;
    Optional<TelemetryFormat> told = byFirstLine(new String(bytes, start, eol - start, StandardCharsets.UTF_8).strip());
    return told.isPresent() ? told : byName(file.getFileName().toString().toLowerCase(Locale.ROOT));
  }

  /** Where the first line that is not blank begins, past a UTF-8 BOM ({@code n} when none begins in the bytes). */
  private static int firstLine(byte[] bytes, int n) {
    int i = n >= 3 && (bytes[0] & 0xff) == 0xef && (bytes[1] & 0xff) == 0xbb && (bytes[2] & 0xff) == 0xbf ? 3 : 0;
    int lineStart = i;
    for (; i < n; i++) {
      byte b = bytes[i];
      if (b == '\n') lineStart = i + 1;
      else if (b != ' ' && b != '\t' && b != '\r') return lineStart;
    }
    return n;
  }

  /**
   * Whether the file's first line that is not blank is whole (ends in a newline), or the file holds
   * the 64 KiB a format is told from: until then a file being written may not be judged yet.
   */
  static boolean firstLineWritten(Path file) throws IOException {
    byte[] bytes = new byte[64 * 1024];
    int n;
    try (InputStream in = Files.newInputStream(file)) {
      n = in.readNBytes(bytes, 0, bytes.length);
    }
    if (n == bytes.length) return true;
    for (int i = firstLine(bytes, n); i < n; i++) if (bytes[i] == '\n') return true;
    return false;
  }

  private static Optional<TelemetryFormat> byFirstLine(String first) {
    if (first.startsWith("#")) return Optional.of(TelemetryFormat.ZEEK);
    if (!first.startsWith("{")) return Optional.empty();
    com.fasterxml.jackson.databind.JsonNode o;
    try {
      o = Json.mapper().readTree(first);
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
