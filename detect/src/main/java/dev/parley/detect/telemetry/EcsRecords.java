package dev.parley.detect.telemetry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Maps Elastic Common Schema events to SCOs, after the ECS field reference (source, destination,
 * client, server, network, dns, url, file, tls, user_agent, email, http fields). ECS names fields
 * by dotted paths; a document may nest them ({@code {"source":{"ip":..}}}), write them flat
 * ({@code {"source.ip":..}}) or mix the two, and every split is tried. The time is
 * {@code event.start} when present (a connection's start), else {@code @timestamp}.
 */
final class EcsRecords {
  private static final String[] HASHES = {"md5", "sha1", "sha256", "sha384", "sha512", "ssdeep", "tlsh"};

  /**
   * Every path {@link #map} reads, the hashes' by their prefix: what a reader must build of an event
   * ({@link #reads}, {@link #readsWithin}). A path read there and missing here would read as absent.
   */
  private static final List<String> PATHS = List.of("@timestamp", "event.start",
      "source.ip", "source.port", "source.domain", "destination.ip", "destination.port", "destination.domain",
      "client.ip", "client.port", "server.ip", "server.port", "host.ip", "network.transport", "network.protocol",
      "dns.question.name", "dns.answers", "dns.resolved_ip",
      "url.full", "url.original", "url.domain", "url.scheme", "url.path", "url.query", "url.port",
      "http.request.method", "http.request.referrer", "http.version", "user_agent.original",
      "file.hash", "file.size", "file.name", "file.mime_type",
      "tls.client.server_name", "tls.server.hash", "tls.server.subject", "tls.server.issuer", "tls.server.x509", "tls.version",
      "email.from.address", "email.to.address", "email.cc.address", "email.subject");

  /** Top-level member (a path's first part) → the first parts of the rest of the paths under it. */
  private static final Map<String, Set<String>> READ = new HashMap<>();

  static {
    for (String path : PATHS) {
      int dot = path.indexOf('.');
      Set<String> under = READ.computeIfAbsent(dot < 0 ? path : path.substring(0, dot), k -> new HashSet<>());
      if (dot > 0) {
        int next = path.indexOf('.', dot + 1);
        under.add(next < 0 ? path.substring(dot + 1) : path.substring(dot + 1, next));
      }
    }
  }

  /** The dotted paths' splits into a first key and the rest, each at every dot, made once: a path's lookups make no strings. */
  private static final ConcurrentHashMap<String, String[]> SPLITS = new ConcurrentHashMap<>();

  private EcsRecords() {}

  /** The top-level members {@link #map} reads (a dotted name by its first part); a reader need not build the others. */
  static boolean reads(String member) {
    int dot = member.indexOf('.');
    return READ.containsKey(dot < 0 ? member : member.substring(0, dot));
  }

  /**
   * Whether {@link #map} may read the child {@code child} of the top-level member {@code member}
   * (a dotted child by its first part); under a dotted member, every child.
   */
  static boolean readsWithin(String member, String child) {
    Set<String> under = READ.get(member);
    if (under == null) return true;
    int dot = child.indexOf('.');
    return under.contains(dot < 0 ? child : child.substring(0, dot));
  }

  static Instant map(ObjectNode e, ObservationBuilder b) {
    Instant time = Times.parse(text(e, "event.start"));
    if (time == null) time = Times.parse(text(e, "@timestamp"));
    if (time == null) return null;
    String src = b.address(text(e, "source.ip"));
    String dst = b.address(text(e, "destination.ip"));
    if (src == null) src = b.address(text(e, "client.ip"));
    if (dst == null) dst = b.address(text(e, "server.ip"));
    if (src == null) src = b.host(text(e, "source.domain"));
    if (dst == null) dst = b.host(text(e, "destination.domain"));
    if (src != null || dst != null) {
      int sp = port(text(e, "source.port"), text(e, "client.port"));
      int dp = port(text(e, "destination.port"), text(e, "server.port"));
      b.connection(src, sp, dst, dp);
    }
    b.address(text(e, "client.ip"));
    b.address(text(e, "server.ip"));
    b.host(text(e, "source.domain"));
    b.host(text(e, "destination.domain"));
    for (String ip : texts(e, "host.ip")) b.address(ip);
    b.protocol(text(e, "network.transport"));
    b.protocol(text(e, "network.protocol"));
    dns(e, b);
    String method = text(e, "http.request.method");
    String urlKey = url(e, b);
    String userAgent = text(e, "user_agent.original");
    String referrer = text(e, "http.request.referrer");
    if (referrer != null && referrer.indexOf("://") > 0) b.url(referrer);
    if (method != null || userAgent != null) {
      b.protocol("http");
      String path = text(e, "url.path");
      String query = text(e, "url.query");
      String value = path == null ? text(e, "url.original") : query == null ? path : path + "?" + query;
      b.httpRequest(method, value, version(text(e, "http.version")), text(e, "url.domain"), userAgent, referrer);
    }
    file(e, b);
    tls(e, b);
    email(e, b);
    return time;
  }

  private static void dns(ObjectNode e, ObservationBuilder b) {
    String query = b.host(text(e, "dns.question.name"));
    if (query != null) b.protocol("dns");
    JsonNode answers = node(e, "dns.answers");
    if (answers != null) {
      for (JsonNode a : answers.isArray() ? answers : List.of(answers)) {
        String data = a.isObject() ? text((ObjectNode) a, "data") : a.asText(null);
        String owner = a.isObject() ? b.host(text((ObjectNode) a, "name")) : null;
        b.resolves(owner != null ? owner : query, b.host(data));
      }
    }
    for (String ip : texts(e, "dns.resolved_ip")) b.resolves(query, b.address(ip));
  }

  private static String url(ObjectNode e, ObservationBuilder b) {
    String full = text(e, "url.full");
    if (full == null) full = text(e, "url.original");
    String domain = text(e, "url.domain");
    b.host(domain);
    if (full != null && full.indexOf("://") > 0) return b.url(full);
    if (domain == null) return null; // a request target without a host names no URL
    String scheme = text(e, "url.scheme");
    String path = text(e, "url.path");
    if (path == null) path = full; // url.original may hold only the request target
    String query = text(e, "url.query");
    String port = text(e, "url.port");
    String authority = port == null ? domain : domain + ":" + port;
    String target = (path == null ? "/" : path) + (query == null ? "" : "?" + query);
    if (scheme == null) return b.url(Normalize.url(authority, target, b.unconverted()));
    return b.url(scheme + "://" + authority + (target.startsWith("/") ? target : "/" + target));
  }

  private static void file(ObjectNode e, ObservationBuilder b) {
    Map<String, String> hashes = new LinkedHashMap<>(4);
    for (String h : HASHES) {
      String v = text(e, "file.hash." + h);
      if (v != null) hashes.put(h, v);
    }
    String size = text(e, "file.size");
    long n = ZeekRecords.number(size);
    b.file(hashes, text(e, "file.name"), n, text(e, "file.mime_type"));
  }

  private static void tls(ObjectNode e, ObservationBuilder b) {
    b.host(text(e, "tls.client.server_name"));
    Map<String, String> hashes = new LinkedHashMap<>(3);
    for (String h : new String[] {"md5", "sha1", "sha256"}) {
      String v = text(e, "tls.server.hash." + h);
      if (v != null) hashes.put(h, v);
    }
    String subject = text(e, "tls.server.subject");
    if (subject == null) subject = text(e, "tls.server.x509.subject.distinguished_name");
    String issuer = text(e, "tls.server.issuer");
    if (issuer == null) issuer = text(e, "tls.server.x509.issuer.distinguished_name");
    b.certificate(hashes, text(e, "tls.server.x509.serial_number"), subject, issuer);
    for (String name : texts(e, "tls.server.x509.alternative_names")) b.host(name);
    if (text(e, "tls.version") != null || !hashes.isEmpty()) b.protocol("tls");
  }

  private static void email(ObjectNode e, ObservationBuilder b) {
    String from = null;
    for (String f : texts(e, "email.from.address")) {
      String key = b.email(f);
      if (from == null) from = key;
    }
    List<String> to = new ArrayList<>();
    for (String t : texts(e, "email.to.address")) {
      String key = b.email(t);
      if (key != null && !to.contains(key)) to.add(key);
    }
    List<String> cc = new ArrayList<>();
    for (String c : texts(e, "email.cc.address")) {
      String key = b.email(c);
      if (key != null && !cc.contains(key)) cc.add(key);
    }
    b.message(from, to, cc, text(e, "email.subject"));
  }

  private static int port(String first, String second) {
    int p = ZeekRecords.port(first);
    return p >= 0 ? p : ZeekRecords.port(second);
  }

  private static String version(String v) {
    return v == null ? null : "http/" + v;
  }

  /**
   * The node at a dotted ECS path, trying every split of the path into nested and flat keys. Paths
   * are this class's own constants (a bounded set), so their splits are kept.
   */
  static JsonNode node(JsonNode at, String path) {
    JsonNode whole = at.get(path);
    if (whole != null && !whole.isNull()) return whole;
    String[] splits = SPLITS.get(path); // computeIfAbsent locks the bin when the key is not its first
    if (splits == null) splits = SPLITS.computeIfAbsent(path, EcsRecords::splits);
    for (int i = 0; i < splits.length; i += 2) {
      JsonNode child = at.get(splits[i]);
      if (child == null || !child.isObject()) continue;
      JsonNode found = node(child, splits[i + 1]);
      if (found != null) return found;
    }
    return null;
  }

  /** First key, rest, first key, rest, ...: the path cut at each of its dots in turn. */
  private static String[] splits(String path) {
    List<String> out = new ArrayList<>();
    for (int dot = path.indexOf('.'); dot > 0; dot = path.indexOf('.', dot + 1)) {
      out.add(path.substring(0, dot));
      out.add(path.substring(dot + 1));
    }
    return out.toArray(String[]::new);
  }

  /** The text at a path; the first element of an array; null when absent or not a value. */
  static String text(ObjectNode e, String path) {
    JsonNode n = node(e, path);
    if (n == null) return null;
    if (n.isArray()) n = n.isEmpty() ? null : n.get(0);
    return n != null && n.isValueNode() && !n.isNull() ? n.asText() : null;
  }

  static List<String> texts(ObjectNode e, String path) {
    JsonNode n = node(e, path);
    if (n == null) return List.of();
    if (!n.isArray()) return n.isValueNode() ? List.of(n.asText()) : List.of();
    List<String> out = new ArrayList<>(n.size());
    for (JsonNode v : n) if (v.isValueNode() && !v.isNull()) out.add(v.asText());
    return out;
  }
}
