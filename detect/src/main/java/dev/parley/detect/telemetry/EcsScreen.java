package dev.parley.detect.telemetry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.pattern.match.ValueScreen;
import java.time.Instant;
import java.util.List;

/**
 * Tells an Elastic Common Schema event that no pattern can match, before any SCO is built: the
 * objects {@link EcsRecords#map} would make of an event of addresses, domains and DNS (the source,
 * destination, client, server, NAT, host and related addresses, domains and hosts, the source's and
 * destination's {@code address} by its form, the network-traffic joining them, the question, the
 * answers and the resolved addresses) are asked of a {@link ValueScreen}, read from
 * the same paths of the same {@link EcsEvent} and as the builder reads them
 * ({@link ZeekTsvScreen#address}, {@link ZeekTsvScreen#host}). An event with a member under
 * {@code url}, {@code http}, {@code user_agent}, {@code file}, {@code tls} or {@code email} (URLs,
 * files, certificates and e-mail, whose normalisation is not mirrored here) is not judged; nor is one
 * with a {@code user.email}, or a hash of {@code process}, {@code process.parent} or {@code dll}, when
 * some pattern compares e-mail addresses or files at all
 * ({@link EcsEvent#judged}): it is built and matched as before. Stateless.
 */
final class EcsScreen {
  private EcsScreen() {}

  /** The event's time when no pattern can match it; null when one may, or when it is not judged here. */
  static Instant unmatched(EcsEvent e, ValueScreen screen) {
    if (!e.judged()) return null;
    Instant time = Times.parseDate(e.text("event.start"));
    if (time == null) time = Times.parseDate(e.text("@timestamp"));
    if (time == null) return null; // malformed: the mapping says so
    if (screen.mayMatch("network-traffic")) return null;
    if (screen.mayMatch("email-addr") && !e.texts("user.email").isEmpty()) return null;
    if (screen.mayMatch("file")) for (String path : EcsRecords.EXECUTABLE_HASHES) if (!e.texts(path).isEmpty()) return null;
    for (String path : EcsRecords.ADDRESSES) for (String v : e.texts(path)) if (ZeekTsvScreen.address(v, screen)) return null;
    for (String path : EcsRecords.NAMES) for (String v : e.texts(path)) if (ZeekTsvScreen.name(v, screen)) return null;
    for (String path : EcsRecords.HOSTS) for (String v : e.texts(path)) if (ZeekTsvScreen.host(v, screen)) return null;
    for (String ip : e.texts("host.ip")) if (ZeekTsvScreen.address(ip, screen)) return null;
    for (String ip : e.texts("related.ip")) if (ZeekTsvScreen.address(ip, screen)) return null;
    for (String host : e.texts("related.hosts")) if (ZeekTsvScreen.name(host, screen)) return null;
    for (String v : e.texts("dns.question.name")) if (ZeekTsvScreen.name(v, screen)) return null;
    JsonNode answers = e.answers();
    if (answers != null) {
      for (JsonNode a : answers.isArray() ? answers : List.of(answers)) {
        String data = EcsRecords.answerData(a);
        if (data != null && EveScreen.data(EcsRecords.answerType(a), data, screen)) return null;
        if (a.isObject() && ZeekTsvScreen.name(EcsRecords.member(a, "name"), screen)) return null;
      }
    }
    for (String ip : e.texts("dns.resolved_ip")) if (ZeekTsvScreen.address(ip, screen)) return null;
    return time;
  }
}
