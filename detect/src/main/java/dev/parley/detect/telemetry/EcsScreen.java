package dev.parley.detect.telemetry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.pattern.match.ValueScreen;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Tells an Elastic Common Schema event that no pattern can match, before any SCO is built: the
 * objects {@link EcsRecords#map} would make of an event of addresses, domains and DNS (the source,
 * destination, client, server and host addresses and domains, the network-traffic joining them, the
 * question, the answers and the resolved addresses) are asked of a {@link ValueScreen}, read from
 * the same paths with the same accessors ({@link EcsRecords#text}) and as the builder reads them
 * ({@link ZeekTsvScreen#address}, {@link ZeekTsvScreen#host}). An event with a member under
 * {@code url}, {@code http}, {@code user_agent}, {@code file}, {@code tls} or {@code email} (URLs,
 * files, certificates and e-mail, whose normalisation is not mirrored here) is not judged: it is
 * built and matched as before. Stateless.
 */
final class EcsScreen {
  private static final Set<String> NOT_JUDGED = Set.of("url", "http", "user_agent", "file", "tls", "email");

  private EcsScreen() {}

  /** The event's time when no pattern can match it; null when one may, or when it is not judged here. */
  static Instant unmatched(ObjectNode e, ValueScreen screen) {
    for (Iterator<String> names = e.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      int dot = name.indexOf('.');
      if (NOT_JUDGED.contains(dot < 0 ? name : name.substring(0, dot))) return null;
    }
    Instant time = Times.parse(EcsRecords.text(e, "event.start"));
    if (time == null) time = Times.parse(EcsRecords.text(e, "@timestamp"));
    if (time == null) return null; // malformed: the mapping says so
    if (screen.mayMatch("network-traffic")) return null;
    for (String path : new String[] {"source.ip", "destination.ip", "client.ip", "server.ip"}) {
      if (ZeekTsvScreen.address(EcsRecords.text(e, path), screen)) return null;
    }
    if (ZeekTsvScreen.host(EcsRecords.text(e, "source.domain"), screen)
        || ZeekTsvScreen.host(EcsRecords.text(e, "destination.domain"), screen)) return null;
    for (String ip : EcsRecords.texts(e, "host.ip")) if (ZeekTsvScreen.address(ip, screen)) return null;
    if (ZeekTsvScreen.host(EcsRecords.text(e, "dns.question.name"), screen)) return null;
    JsonNode answers = EcsRecords.node(e, "dns.answers");
    if (answers != null) {
      for (JsonNode a : answers.isArray() ? answers : List.of(answers)) {
        String data = a.isObject() ? EcsRecords.text((ObjectNode) a, "data") : a.asText(null);
        if (ZeekTsvScreen.host(data, screen)) return null;
        if (a.isObject() && ZeekTsvScreen.host(EcsRecords.text((ObjectNode) a, "name"), screen)) return null;
      }
    }
    for (String ip : EcsRecords.texts(e, "dns.resolved_ip")) if (ZeekTsvScreen.address(ip, screen)) return null;
    return time;
  }
}
