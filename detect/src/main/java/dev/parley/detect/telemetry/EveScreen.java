package dev.parley.detect.telemetry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.pattern.match.ValueScreen;
import java.time.Instant;

/**
 * Tells an EVE event that no pattern can match from its fields, before any SCO is built: the
 * objects {@link EveRecords#map} would make of an event whose sections are {@code dns}, {@code tls}
 * or {@code fileinfo}, if any (the tuple's addresses, the network-traffic joining them, the tunnel's
 * and the alert's source and target addresses, every name and address of each DNS layout, answers,
 * authorities and additionals alike, the TLS server name; the certificate and the file by their
 * types) are asked of a {@link ValueScreen}, as the builder would read them
 * ({@link ZeekTsvScreen#host}).
 * An event with an {@code http}, {@code smtp} or {@code email} section (URLs and e-mail addresses,
 * whose normalisation is not mirrored here) is not judged: it is built and matched as before.
 * Stateless.
 */
final class EveScreen {
  private EveScreen() {}

  /** The event's time when no pattern can match it; null when one may, or when it is not judged here. */
  static Instant unmatched(EveRecords.Event e, ValueScreen screen) {
    if (e.http != null || e.smtp != null || e.email != null) return null;
    Instant time = EveRecords.time(e);
    if (time == null) return null; // malformed: the mapping says so
    if (screen.mayMatch("network-traffic") || ZeekTsvScreen.address(e.srcIp, screen) || ZeekTsvScreen.address(e.destIp, screen)) return null;
    if (ZeekTsvScreen.address(e.tunnelSrcIp, screen) || ZeekTsvScreen.address(e.tunnelDestIp, screen)) return null;
    if (ZeekTsvScreen.address(e.alertSourceIp, screen) || ZeekTsvScreen.address(e.alertTargetIp, screen)) return null;
    if (e.dns != null && dns(e.dns, screen)) return null;
    // a certificate or a file is judged by its type alone: any comparison on it builds the event
    if (e.tls != null && (screen.mayMatch("x509-certificate") || ZeekTsvScreen.name(e.tls.path("sni").textValue(), screen))) return null;
    if (e.fileinfo != null && screen.mayMatch("file")) return null;
    return time;
  }

  /** Every text {@link EveRecords#dns} makes a host of, read from the same nodes in the same way. */
  private static boolean dns(ObjectNode d, ValueScreen screen) {
    if (ZeekTsvScreen.name(d.path("rrname").textValue(), screen)) return true;
    for (JsonNode q : d.path("queries")) if (ZeekTsvScreen.name(q.path("rrname").textValue(), screen)) return true;
    if (data(d.path("rrtype").textValue(), d.path("rdata").textValue(), screen)) return true;
    if (records(d.path("answers"), screen) || records(d.path("authorities"), screen) || records(d.path("additionals"), screen)) return true;
    if (d.get("grouped") instanceof ObjectNode groups) {
      for (var group : groups.properties()) {
        boolean hosts = DnsTypes.namesHost(group.getKey());
        for (JsonNode v : group.getValue()) {
          if (v.isTextual() ? hosts && ZeekTsvScreen.name(v.textValue(), screen) : structured(group.getKey(), v, screen)) return true;
        }
      }
    }
    return false;
  }

  /** The owners and data of detailed resource records, as {@link EveRecords#dns} reads them (data by its type). */
  private static boolean records(JsonNode section, ValueScreen screen) {
    for (JsonNode r : section) {
      if (ZeekTsvScreen.name(r.path("rrname").textValue(), screen)) return true;
      if (data(r.path("rrtype").textValue(), r.path("rdata").textValue(), screen)) return true;
      if (structured(r, screen)) return true;
    }
    return false;
  }

  /** A record's data as {@link EveRecords#data} reads it: by its type, a name; with no type, a host when it looks like one. */
  static boolean data(String rrtype, String data, ValueScreen screen) {
    if (!DnsTypes.namesHost(rrtype)) return false;
    return rrtype == null ? ZeekTsvScreen.host(data, screen) : ZeekTsvScreen.name(data, screen);
  }

  /** The hosts and mailbox {@link EveRecords#structured} makes SCOs of, in a detailed record. */
  private static boolean structured(JsonNode r, ValueScreen screen) {
    JsonNode soa = r.get("soa");
    JsonNode srv = r.get("srv");
    return (soa != null && structured("SOA", soa, screen)) || (srv != null && structured("SRV", srv, screen));
  }

  /** The hosts and mailbox {@link EveRecords#structured} makes SCOs of: an SOA's, an SRV's. */
  private static boolean structured(String type, JsonNode data, ValueScreen screen) {
    if (type.equals("SOA")) {
      if (ZeekTsvScreen.name(data.path("mname").textValue(), screen)) return true;
      // the mailbox's IDNA form is the builder's to make
      return EveRecords.mailbox(data.path("rname").textValue()) != null && screen.mayMatch("email-addr");
    }
    return type.equals("SRV") && ZeekTsvScreen.name(data.path("name").textValue(), screen);
  }
}
