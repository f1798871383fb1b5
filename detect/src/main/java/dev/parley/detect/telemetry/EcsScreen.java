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
 * files, certificates and e-mail, whose normalisation is not mirrored here) is not judged
 * ({@link EcsEvent#judged}): it is built and matched as before. Stateless.
 */
final class EcsScreen {
  private static final String[] ADDRESSES = {"source.ip", "destination.ip", "client.ip", "server.ip", "source.nat.ip",
      "destination.nat.ip"};
  /** Read as {@link ObservationBuilder#name} reads them: an address, else a domain name whatever they hold. */
  private static final String[] NAMES = {"source.domain", "destination.domain", "client.domain", "server.domain"};
  /** Read as {@link ObservationBuilder#host} reads them: an address or a domain name, by form. */
  private static final String[] HOSTS = {"source.address", "destination.address"};

  private EcsScreen() {}

  /** The event's time when no pattern can match it; null when one may, or when it is not judged here. */
  static Instant unmatched(EcsEvent e, ValueScreen screen) {
    if (!e.judged()) return null;
    Instant time = Times.parseDate(e.text("event.start"));
    if (time == null) time = Times.parseDate(e.text("@timestamp"));
    if (time == null) return null; // malformed: the mapping says so
    if (screen.mayMatch("network-traffic")) return null;
    for (String path : ADDRESSES) if (ZeekTsvScreen.address(e.text(path), screen)) return null;
    for (String path : NAMES) if (ZeekTsvScreen.name(e.text(path), screen)) return null;
    for (String path : HOSTS) if (ZeekTsvScreen.host(e.text(path), screen)) return null;
    for (String ip : e.texts("host.ip")) if (ZeekTsvScreen.address(ip, screen)) return null;
    for (String ip : e.texts("related.ip")) if (ZeekTsvScreen.address(ip, screen)) return null;
    for (String host : e.texts("related.hosts")) if (ZeekTsvScreen.name(host, screen)) return null;
    if (ZeekTsvScreen.name(e.text("dns.question.name"), screen)) return null;
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
