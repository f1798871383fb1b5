package dev.parley.detect.telemetry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Maps Suricata EVE JSON events to SCOs, following the EVE format of Suricata's user guide
 * ("Eve JSON Format": the common tuple and {@code tunnel}, and the {@code flow}, {@code dns},
 * {@code http}, {@code tls}, {@code fileinfo}, {@code smtp}/{@code email} and {@code alert}
 * sections). Every event gives its tuple's addresses and ports, and the addresses of its tunnel
 * and of its alert's {@code source} and {@code target}; every protocol section present is mapped,
 * whatever the event type, so that an alert carries its {@code http}, {@code dns} or {@code tls}
 * too. The time is {@code timestamp}, or {@code flow.start} for flow and netflow events.
 */
final class EveRecords {
  private EveRecords() {}

  /**
   * Of each section {@link #map} reads, the children the mappings below read; kept next to them, so
   * that a mapping that reads one more names it here. A reader need not build the others (an EVE
   * dns answer's flags, ids and codes were a third of the nodes of a dns event).
   */
  private static final Map<String, Set<String>> READ_WITHIN = Map.of(
      "flow", Set.of("start"),
      "netflow", Set.of("start"),
      "tunnel", Set.of("src_ip", "dest_ip"),
      "alert", Set.of("source", "target"),
      "dns", Set.of("rrname", "rrtype", "queries", "rdata", "answers", "authorities", "additionals", "grouped"),
      "http", Set.of("hostname", "url", "http_port", "http_refer", "http_method", "protocol", "http_user_agent", "xff", "redirect"),
      "tls", Set.of("sni", "fingerprint", "serial", "subject", "issuerdn"),
      "fileinfo", Set.of("md5", "sha1", "sha256", "filename", "size"),
      "smtp", Set.of("helo", "mail_from", "rcpt_to"),
      "email", Set.of("from", "to", "cc", "subject", "url", "x_mailer", "user_agent"));

  /** Within a member {@link #map} reads, the children it reads. */
  static boolean readsWithin(String member, String child) {
    Set<String> within = READ_WITHIN.get(member);
    return within == null || within.contains(child);
  }

  /**
   * The top-level members of one event that {@link #map} reads, as a tree of the whole event would
   * give them ({@link EveLinesReader} fills it; a member given twice: the last): a text member's
   * text, null when absent or not a string; a port's node; a section, null unless an object; of
   * {@code flow} and {@code netflow}, the text of {@code start}; of {@code tunnel}, the texts of
   * {@code src_ip} and {@code dest_ip}; of {@code alert}, of {@code source.ip} and
   * {@code target.ip}. Reused event after event.
   */
  static final class Event {
    String eventType;
    String timestamp;
    String flowStart;
    String netflowStart;
    String srcIp;
    String destIp;
    JsonNode srcPort;
    JsonNode destPort;
    String proto;
    String appProto;
    String tunnelSrcIp;
    String tunnelDestIp;
    String alertSourceIp;
    String alertTargetIp;
    ObjectNode dns;
    ObjectNode http;
    ObjectNode tls;
    ObjectNode fileinfo;
    ObjectNode smtp;
    ObjectNode email;

    void clear() {
      eventType = timestamp = flowStart = netflowStart = srcIp = destIp = proto = appProto = null;
      tunnelSrcIp = tunnelDestIp = alertSourceIp = alertTargetIp = null;
      srcPort = destPort = null;
      dns = http = tls = fileinfo = smtp = email = null;
    }
  }

  static Instant map(Event e, ObservationBuilder b) {
    Instant time = time(e);
    if (time == null) return null;
    String src = b.address(e.srcIp);
    String dst = b.address(e.destIp);
    if (src != null || dst != null) b.connection(src, port(e.srcPort), dst, port(e.destPort));
    b.protocol(e.proto);
    b.protocol(applicationProtocol(e.appProto));
    b.address(e.tunnelSrcIp);
    b.address(e.tunnelDestIp);
    b.address(e.alertSourceIp);
    b.address(e.alertTargetIp);
    // the message and its addresses before the lists of values, so that a record's first observation holds what its
    // references name (hostile run 12as D2: a long rcpt_to could leave the sender out of from_ref)
    if (e.email != null) email(e.email, b);
    if (e.dns != null) dns(e.dns, b);
    if (e.http != null) http(e.http, b);
    if (e.tls != null) tls(e.tls, b);
    if (e.fileinfo != null) file(e.fileinfo, b);
    if (e.smtp != null) smtp(e.smtp, b);
    return time;
  }

  /**
   * The protocol {@code app_proto} names, or null for the values that name none: "failed" (detection
   * failed) and "unknown".
   */
  static String applicationProtocol(String appProto) {
    return appProto == null || appProto.equalsIgnoreCase("failed") || appProto.equalsIgnoreCase("unknown") ? null : appProto;
  }

  /** The event's time: {@code flow.start} or {@code netflow.start} for those events, else {@code timestamp}; null when none is valid. */
  static Instant time(Event e) {
    String type = e.eventType == null ? "" : e.eventType;
    Instant time = null;
    if (type.equals("flow")) time = Times.parse(e.flowStart);
    else if (type.equals("netflow")) time = Times.parse(e.netflowStart);
    return time != null ? time : Times.parse(e.timestamp);
  }

  /**
   * DNS in every layout Suricata has written: version 1, one event per query or per answer record
   * ({@code type}, {@code rrname}, {@code rdata}); version 2, an answer event holding
   * {@code answers} ("detailed") or {@code grouped} by record type; version 3, {@code queries}.
   * The {@code authorities} (version 2 and 3) and {@code additionals} (version 3) are records as the
   * detailed answers are, and are mapped as they are (version 1 logs each as an answer event). A
   * record's {@code rdata} (a version 1 answer's, a detailed record's, a grouped answer's under its
   * type) is a host only when its type names one ({@link DnsTypes#namesHost}): a TXT record's text
   * is not.
   */
  static void dns(ObjectNode d, ObservationBuilder b) {
    b.protocol("dns");
    String query = b.name(d.path("rrname").textValue());
    for (JsonNode q : d.path("queries")) {
      String name = b.name(q.path("rrname").textValue());
      if (query == null) query = name;
    }
    String rdata = d.path("rdata").textValue();
    String rrtype = d.path("rrtype").textValue();
    if (rdata != null && DnsTypes.namesHost(rrtype)) b.resolves(query, data(rrtype, rdata, b));
    records(d.path("answers"), query, true, b);
    records(d.path("authorities"), query, false, b);
    records(d.path("additionals"), query, false, b);
    JsonNode grouped = d.get("grouped");
    if (grouped instanceof ObjectNode groups) {
      for (var group : groups.properties()) {
        boolean hosts = DnsTypes.namesHost(group.getKey());
        for (JsonNode v : group.getValue()) {
          if (v.isTextual()) {
            if (hosts) b.resolves(query, b.name(v.textValue()));
          } else if (v.isObject()) {
            structured(group.getKey(), v, b);
          }
        }
      }
    }
  }

  /**
   * Detailed resource records: the owner ({@code rrname}, else the query) resolves to the
   * {@code rdata} when the record's {@code rrtype} names a host, and so does the query for every
   * host of the answer section ({@code answer}), through a CNAME chain too: the name asked resolved
   * to the address its answer ends at, as Zeek's dns.log and Suricata's grouped answers say it
   * (hostile run 12al D1: an indicator on a name and its address matched those and missed the same
   * lookup logged detailed, or in version 3). Authority and additional records are no answer to the
   * query. A record whose data Suricata
   * writes as an object names hosts in it: an SOA's
   * primary server ({@code soa.mname}) and its responsible mailbox ({@code soa.rname}, an e-mail
   * address written as a name), an SRV's target ({@code srv.name}).
   */
  private static void records(JsonNode section, String query, boolean answer, ObservationBuilder b) {
    for (JsonNode r : section) {
      String owner = b.name(r.path("rrname").textValue());
      String ownerOut = b.leftOutJustNow(); // an owner past the record's first values is still the owner (hostile run 12as D1)
      String rrtype = r.path("rrtype").textValue();
      if (DnsTypes.namesHost(rrtype)) {
        String target = data(rrtype, r.path("rdata").textValue(), b);
        b.resolvesRecord(owner, ownerOut, query, target, b.leftOutJustNow(), answer);
      }
      structured(r, b);
    }
  }

  /**
   * The SCO of a record's data that names a host: a name whatever it holds when the record's type
   * says so ({@link ObservationBuilder#name}), a host only when it looks like one when the log gives
   * no type ({@link ObservationBuilder#host}: it may be a TXT record's text).
   */
  static String data(String rrtype, String data, ObservationBuilder b) {
    return rrtype == null ? b.host(data) : b.name(data);
  }

  /** The hosts and mailbox of a detailed record's data when Suricata writes it as an object ({@code soa}, {@code srv}). */
  private static void structured(JsonNode r, ObservationBuilder b) {
    JsonNode soa = r.get("soa");
    if (soa != null) structured("SOA", soa, b);
    JsonNode srv = r.get("srv");
    if (srv != null) structured("SRV", srv, b);
  }

  /**
   * The hosts and mailbox of an SOA or SRV record's data, an object (a grouped answer holds it
   * as is, under its record type; a detailed record under {@code soa} or {@code srv}).
   */
  static void structured(String type, JsonNode data, ObservationBuilder b) {
    if (type.equals("SOA")) {
      b.name(data.path("mname").textValue());
      b.email(mailbox(data.path("rname").textValue()));
    } else if (type.equals("SRV")) {
      b.name(data.path("name").textValue());
    }
  }

  /**
   * The e-mail address an SOA's RNAME names (RFC 1035 §8: the first label is the local part, a dot
   * in it escaped with a backslash): {@code hostmaster.example.com} is {@code hostmaster@example.com};
   * null when it has a single label.
   */
  static String mailbox(String rname) {
    if (rname == null) return null;
    StringBuilder local = new StringBuilder();
    for (int i = 0; i < rname.length(); i++) {
      char c = rname.charAt(i);
      if (c == '\\' && i + 1 < rname.length()) {
        local.append(rname.charAt(++i));
      } else if (c == '.') {
        String domain = rname.substring(i + 1);
        return local.length() == 0 || domain.isEmpty() ? null : local + "@" + domain;
      } else {
        local.append(c);
      }
    }
    return null;
  }

  static void http(ObjectNode h, ObservationBuilder b) {
    b.protocol("http");
    String host = h.path("hostname").textValue();
    String url = h.path("url").textValue();
    b.name(Normalize.authorityHost(host));
    int port = port(h.get("http_port"));
    String authority = Normalize.authority(host, port > 0 ? port : -1);
    b.url(authority, url); // port 80 dropped there
    String referrer = h.path("http_refer").textValue();
    if (referrer != null && referrer.indexOf("://") > 0) b.url(referrer);
    // the Location a redirect answered with is a URL of the record (relative: no host to name, no URL)
    String redirect = h.path("redirect").textValue();
    if (redirect != null && redirect.indexOf("://") > 0) {
      b.url(redirect);
      b.host(Normalize.urlHost(redirect)); // where the client goes next, as an Origin's host is named
    }
    // http_port is the port of the request's Host (or absolute URI): the header as sent, as Zeek's
    // http.log writes it (hostile run 12al D2: mal.example:8080 there, mal.example here)
    b.httpRequest(h.path("http_method").textValue(), url, h.path("protocol").textValue(), authority == null ? host : authority,
        h.path("http_user_agent").textValue(), referrer);
    String xff = h.path("xff").textValue(); // X-Forwarded-For: "client, proxy1, proxy2"
    if (xff != null) {
      for (int from = 0; from <= xff.length(); ) {
        int comma = xff.indexOf(',', from);
        int to = comma < 0 ? xff.length() : comma;
        b.address(xff.substring(from, to).strip()); // anything not an address ("unknown", a name) is none
        from = to + 1;
      }
    }
  }

  static void tls(ObjectNode t, ObservationBuilder b) {
    b.protocol("tls");
    b.name(t.path("sni").textValue());
    String fp = t.path("fingerprint").textValue(); // SHA-1 of the certificate, "8f:51:..."
    Map<String, String> hashes = new LinkedHashMap<>(1);
    if (fp != null) hashes.put("SHA-1", fp);
    b.certificate(hashes, t.path("serial").textValue(), t.path("subject").textValue(), t.path("issuerdn").textValue());
  }

  static void file(ObjectNode f, ObservationBuilder b) {
    Map<String, String> hashes = new LinkedHashMap<>(4);
    for (String algorithm : new String[] {"md5", "sha1", "sha256"}) {
      String v = f.path(algorithm).textValue();
      if (v != null) hashes.put(algorithm, v);
    }
    JsonNode size = f.get("size");
    b.file(hashes, f.path("filename").textValue(), size != null && size.isNumber() ? ZeekRecords.number(size.asText()) : -1, null);
  }

  static void smtp(ObjectNode s, ObservationBuilder b) {
    b.protocol("smtp");
    b.name(s.path("helo").textValue());
    b.email(s.path("mail_from").textValue());
    for (JsonNode r : s.path("rcpt_to")) b.email(r.asText());
  }

  static void email(ObjectNode m, ObservationBuilder b) {
    String from = b.email(m.path("from").textValue());
    ObservationBuilder.Recipients to = new ObservationBuilder.Recipients();
    for (JsonNode t : m.path("to")) b.recipient(to, t.asText());
    ObservationBuilder.Recipients cc = new ObservationBuilder.Recipients();
    for (JsonNode c : m.path("cc")) b.recipient(cc, c.asText());
    b.message(from, to, cc, m.path("subject").textValue(), "User-Agent", m.path("user_agent").textValue(), "X-Mailer",
        m.path("x_mailer").textValue());
    for (JsonNode u : m.path("url")) if (u.isTextual()) b.url(u.textValue());
  }

  /**
   * A port: a JSON number whose value is an integer from 0 to 65,535 ({@link ZeekRecords#port}, as
   * Zeek JSON and ECS read a port's text); -1 for anything else, a string included. A number with a
   * fraction is no port, not the integer under it ({@code 1.9} would match {@code src_port = 1}).
   */
  static int port(JsonNode n) {
    if (n == null || !n.isNumber()) return -1;
    if (n.isInt()) { // Suricata's own: no text made
      int p = n.intValue();
      return p >= 0 && p <= 65535 ? p : -1;
    }
    return ZeekRecords.port(n.asText());
  }
}
