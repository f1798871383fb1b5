package dev.parley.detect.telemetry;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;

/**
 * Reads Suricata EVE JSON lines into {@link EveRecords.Event}s, streamed with Jackson's parser:
 * the event's own members go straight into the event's fields, with no tree of the event (its
 * object, a node per member and a look-up per read were a quarter of reading a flow event), and
 * {@code flow}'s and {@code netflow}'s {@code start}, {@code tunnel}'s addresses and
 * {@code alert}'s {@code source.ip} and {@code target.ip} likewise; only the protocol sections the
 * mapping walks ({@code dns}, {@code http}...) become trees, of the children it reads
 * ({@link JsonTrees}). A member the mapping reads is decoded as its tree would be, so that a
 * number out of reach is malformed wherever it was before; the others are skipped unbuilt.
 * Not thread-safe.
 */
final class EveLinesReader extends LineTelemetryReader {
  private final ObjectMapper json;
  private final JsonTrees trees;
  private final EveRecords.Event event = new EveRecords.Event();
  private final JsonTrees.Members members = this::members;

  EveLinesReader(InputStream in, String source, ObjectMapper json) {
    super(in, source);
    this.json = json;
    this.trees = new JsonTrees(json, EveRecords::readsWithin);
  }

  @Override
  boolean tabsTrail() {
    return true;
  }

  @Override
  TelemetryItem line(byte[] buffer, int offset, int length, long number) throws IOException {
    EveRecords.Event e = event;
    e.clear();
    trees.newLine();
    TelemetryItem.Malformed bad = JsonTrees.object(json, buffer, offset, length, number, members);
    if (bad != null) return bad;
    if (screened(length)) {
      Instant unmatched = EveScreen.unmatched(e, screen);
      if (unmatched != null) return new TelemetryItem.Screened(number, unmatched);
    }
    return finish(EveRecords.map(e, builder), buffer, offset, length, number, "no valid timestamp");
  }

  /** The top-level members {@link #members} reads (fewer than 32). */
  private static final List<String> READ = List.of("event_type", "timestamp", "flow", "netflow", "src_ip",
      "dest_ip", "src_port", "dest_port", "proto", "app_proto", "tunnel", "alert", "dns", "http", "tls", "fileinfo", "smtp", "email");

  /** The event's members, into {@link #event}. */
  private void members(JsonParser p) throws IOException {
    EveRecords.Event e = event;
    int seen = 0; // a bit for each member read below, by its place in READ: one given twice makes the line malformed
    for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
      p.nextToken();
      int bit = READ.indexOf(name);
      if (bit >= 0) {
        if ((seen & 1 << bit) != 0) throw JsonTrees.duplicate(p, name);
        seen |= 1 << bit;
      }
      switch (name) {
        case "event_type" -> e.eventType = text(p, name);
        case "timestamp" -> e.timestamp = text(p, name);
        case "flow" -> e.flowStart = start(p, name);
        case "netflow" -> e.netflowStart = start(p, name);
        case "src_ip" -> e.srcIp = text(p, name);
        case "dest_ip" -> e.destIp = text(p, name);
        case "src_port" -> e.srcPort = trees.value(p, name);
        case "dest_port" -> e.destPort = trees.value(p, name);
        case "proto" -> e.proto = text(p, name);
        case "app_proto" -> e.appProto = text(p, name);
        case "tunnel" -> tunnel(p, name);
        case "alert" -> alert(p, name);
        case "dns" -> e.dns = section(p, name);
        case "http" -> e.http = section(p, name);
        case "tls" -> e.tls = section(p, name);
        case "fileinfo" -> e.fileinfo = section(p, name);
        case "smtp" -> e.smtp = section(p, name);
        case "email" -> e.email = section(p, name);
        default -> p.skipChildren();
      }
    }
  }

  /**
   * {@code value}, read for a member that held {@code before} so far: a member given twice (a value
   * read for it already) makes the line malformed ({@link JsonTrees#duplicate}).
   */
  private static String once(JsonParser p, String name, String before, String value) throws IOException {
    if (before != null) throw JsonTrees.duplicate(p, name);
    return value;
  }

  /** The text of a string; null for any other value, decoded (and so failing) as its tree would. */
  private String text(JsonParser p, String member) throws IOException {
    if (p.currentToken() == JsonToken.VALUE_STRING) return p.getText();
    trees.value(p, member);
    return null;
  }

  /** A section's object, or null when the member is something else. */
  private ObjectNode section(JsonParser p, String member) throws IOException {
    return trees.value(p, member) instanceof ObjectNode o ? o : null;
  }

  /** Of a {@code tunnel} object, the texts of its {@code src_ip} and {@code dest_ip}. */
  private void tunnel(JsonParser p, String member) throws IOException {
    EveRecords.Event e = event;
    e.tunnelSrcIp = e.tunnelDestIp = null;
    if (!object(p, member)) return;
    for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
      p.nextToken();
      switch (name) {
        case "src_ip" -> e.tunnelSrcIp = once(p, name, e.tunnelSrcIp, text(p, null));
        case "dest_ip" -> e.tunnelDestIp = once(p, name, e.tunnelDestIp, text(p, null));
        default -> p.skipChildren();
      }
    }
  }

  /** Of an {@code alert} object, the texts of its {@code source.ip} and {@code target.ip}. */
  private void alert(JsonParser p, String member) throws IOException {
    EveRecords.Event e = event;
    e.alertSourceIp = e.alertTargetIp = null;
    if (!object(p, member)) return;
    for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
      p.nextToken();
      switch (name) {
        case "source" -> e.alertSourceIp = once(p, name, e.alertSourceIp, ip(p));
        case "target" -> e.alertTargetIp = once(p, name, e.alertTargetIp, ip(p));
        default -> p.skipChildren();
      }
    }
  }

  /** Of an end point's object ({@code alert.source}), the text of its {@code ip}; null otherwise. */
  private String ip(JsonParser p) throws IOException {
    if (!object(p, null)) return null;
    String ip = null;
    for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
      p.nextToken();
      if (name.equals("ip")) ip = once(p, name, ip, text(p, null));
      else p.skipChildren();
    }
    return ip;
  }

  /** True at an object, its members next; any other value is decoded as its tree would be. */
  private boolean object(JsonParser p, String member) throws IOException {
    if (p.currentToken() == JsonToken.START_OBJECT) return true;
    trees.value(p, member);
    return false;
  }

  /** Of a {@code flow} or {@code netflow} object, the text of its {@code start}; null otherwise. */
  private String start(JsonParser p, String member) throws IOException {
    if (p.currentToken() != JsonToken.START_OBJECT) {
      trees.value(p, member);
      return null;
    }
    String start = null;
    for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
      p.nextToken();
      if (!EveRecords.readsWithin(member, name)) p.skipChildren();
      else if (name.equals("start")) start = once(p, name, start, text(p, null));
      else trees.value(p, null);
    }
    return start;
  }
}
