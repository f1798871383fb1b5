package dev.parley.detect.telemetry;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Maps Elastic Common Schema events to SCOs, after the ECS field reference (source, destination,
 * client, server, host, related, network, dns, url, file, tls, user_agent, email, http fields, and
 * the hashes of process, process.parent and dll, user.email). ECS
 * names fields by dotted paths; a document may nest them ({@code {"source":{"ip":..}}}), write them
 * flat ({@code {"source.ip":..}}) or mix the two, and the form found first is read
 * ({@link EcsEvent}). A {@code source.address} or {@code destination.address} holds an IP address
 * or a domain name (or a socket's path, which is neither) and is mapped by its form. The time is
 * {@code event.start} when present (a connection's start), else {@code @timestamp}.
 */
final class EcsRecords {
  /** Paths whose every value (of every form: {@link EcsEvent#texts}) is an address. */
  static final List<String> ADDRESSES = List.of("source.ip", "destination.ip", "client.ip", "server.ip", "source.nat.ip",
      "destination.nat.ip", "network.forwarded_ip");
  /** Paths whose every value is a name ({@link ObservationBuilder#name}: an address, else a domain name). */
  static final List<String> NAMES = List.of("source.domain", "destination.domain", "client.domain", "server.domain");
  /** Paths whose every value is an address or a domain name by its form ({@link ObservationBuilder#host}). */
  static final List<String> HOSTS = List.of("source.address", "destination.address");
  /** Paths whose values that are absolute URLs are each a URL with its host. */
  private static final List<String> URLS = List.of("url.full", "url.original");

  private static final String[] FILE_HASHES = {"md5", "sha1", "sha256", "sha384", "sha512", "ssdeep", "tlsh"};
  private static final String[] TLS_HASHES = {"md5", "sha1", "sha256"};
  private static final String[] FILE_HASH_PATHS = paths("file.hash.", FILE_HASHES);
  private static final String[] TLS_HASH_PATHS = paths("tls.server.hash.", TLS_HASHES);
  private static final String[] TLS_CLIENT_HASH_PATHS = paths("tls.client.hash.", TLS_HASHES);
  /** The executables of an event whose hashes (ECS's hash field set) and name make a file each. */
  private static final String[] EXECUTABLES = {"process.", "process.parent.", "dll."};
  private static final String[][] EXECUTABLE_HASH_PATHS = {paths("process.hash.", FILE_HASHES),
      paths("process.parent.hash.", FILE_HASHES), paths("dll.hash.", FILE_HASHES)};
  /** Every path of {@link #EXECUTABLE_HASH_PATHS}, for {@link EcsScreen}. */
  static final List<String> EXECUTABLE_HASHES = Arrays.stream(EXECUTABLE_HASH_PATHS).flatMap(Arrays::stream).toList();

  private EcsRecords() {}

  private static String[] paths(String prefix, String[] names) {
    String[] out = new String[names.length];
    for (int i = 0; i < names.length; i++) out[i] = prefix + names[i];
    return out;
  }

  static Instant map(EcsEvent e, ObservationBuilder b) {
    Instant time = Times.parseDate(e.text("event.start"));
    if (time == null) time = Times.parseDate(e.text("@timestamp"));
    if (time == null) return null;
    // each end is the first value of its path's forms that makes an SCO: an empty flat member ("source.ip":"") does not
    // leave the end to the nested one's absence (hostile run 12af)
    String src = first(e, "source.ip", b::address);
    String dst = first(e, "destination.ip", b::address);
    if (src == null) src = first(e, "client.ip", b::address);
    if (dst == null) dst = first(e, "server.ip", b::address);
    if (src == null) src = first(e, "source.domain", b::name);
    if (dst == null) dst = first(e, "destination.domain", b::name);
    if (src == null) src = first(e, "source.address", b::host);
    if (dst == null) dst = first(e, "destination.address", b::host);
    if (src != null || dst != null) {
      int sp = port(e.text("source.port"), e.text("client.port"));
      int dp = port(e.text("destination.port"), e.text("server.port"));
      b.connection(src, sp, dst, dp);
    }
    // the message and its addresses before the lists of values, so that a record's first observation holds what its
    // references name (hostile run 12as D2: 1,015 attachments, or as many related.ip, left its from and to out)
    email(e, b);
    // every value of every form: the ends above are the form found first, and a value given both flat and nested is
    // two (hostile run 12af: one flat member hid the nested address from detection)
    for (String path : ADDRESSES) for (String ip : e.texts(path)) b.address(ip);
    for (String path : NAMES) for (String name : e.texts(path)) b.name(name);
    for (String path : HOSTS) for (String host : e.texts(path)) b.host(host);
    for (String ip : e.texts("host.ip")) b.address(ip);
    for (String ip : e.texts("related.ip")) b.address(ip);
    for (String host : e.texts("related.hosts")) b.name(host);
    b.protocol(e.text("network.transport"));
    b.protocol(e.text("network.protocol"));
    dns(e, b);
    String method = e.text("http.request.method");
    String urlHost = url(e, b);
    for (String path : URLS) {
      for (String u : e.texts(path)) {
        if (u.indexOf("://") < 0 || !Normalize.hasScheme(u)) continue; // a URL of another form is read once, above
        b.url(u);
        b.host(Normalize.urlHost(u));
      }
    }
    String userAgent = e.text("user_agent.original");
    String referrer = e.text("http.request.referrer");
    if (referrer != null && referrer.indexOf("://") > 0) b.url(referrer);
    if (method != null || userAgent != null) {
      if (src == null && dst == null && urlHost != null) {
        // a request with no address: the server it went to is the URL's host
        b.connection(null, -1, urlHost, port(e.text("url.port"), null));
      }
      b.protocol("http");
      String path = e.text("url.path");
      String query = e.text("url.query");
      String value = path == null ? e.text("url.original") : query == null ? path : path + "?" + query;
      b.httpRequest(method, value, version(e.text("http.version")), hostHeader(e), userAgent, referrer);
    }
    file(e, b);
    tls(e, b);
    return time;
  }

  /** The key of the SCO that the first of {@code path}'s values (every form's, {@link EcsEvent#texts}) makes; null when none does. */
  private static String first(EcsEvent e, String path, Function<String, String> sco) {
    for (String v : e.texts(path)) {
      String key = sco.apply(v);
      if (key != null) return key;
    }
    return null;
  }

  /**
   * The Host header a request carried: {@code url.domain} with {@code url.port} unless the port is
   * its scheme's own, as Zeek's http.log and EVE's {@code http_port} give it (hostile run 12al D2:
   * {@code mal.example:8080} there, {@code mal.example} here); null without a domain.
   */
  private static String hostHeader(EcsEvent e) {
    String domain = e.text("url.domain");
    int port = ZeekRecords.port(e.text("url.port"));
    if (port == 443 && "https".equalsIgnoreCase(e.text("url.scheme"))) port = -1;
    String authority = Normalize.authority(domain, port);
    return authority == null ? domain : authority;
  }

  private static void dns(EcsEvent e, ObservationBuilder b) {
    String query = b.name(e.text("dns.question.name"));
    for (String name : e.texts("dns.question.name")) b.name(name);
    if (query != null) b.protocol("dns");
    JsonNode answers = e.answers();
    if (answers != null) {
      for (JsonNode a : answers.isArray() ? answers : List.of(answers)) {
        String data = answerData(a);
        String owner = a.isObject() ? b.name(member(a, "name")) : null;
        String ownerOut = a.isObject() ? b.leftOutJustNow() : null; // past the record's first values, still the owner (12as D1)
        String target = EveRecords.data(answerType(a), data, b);
        // the name asked resolves to every host its answer gives, through a CNAME chain too, as Zeek's
        // dns.log says it and as dns.resolved_ip does (hostile run 12al D1)
        b.resolvesRecord(owner, ownerOut, query, target, b.leftOutJustNow(), true);
      }
    }
    for (String ip : e.texts("dns.resolved_ip")) b.resolves(query, b.address(ip));
  }

  /**
   * The URL SCO: {@code url.full}, else {@code url.original}, else built of {@code url.scheme},
   * {@code url.domain}, {@code url.port}, {@code url.path} and {@code url.query}. A URL without a
   * scheme whose text starts with its host ({@code evil.example/x}; ECS: "the observed URL may be a
   * full URL") is {@code url.scheme} or http + "://" + it, as a scheme-less URL of Zeek or EVE is; a
   * request target ({@code /x}) is joined to {@code url.domain}, else to {@code destination.domain}
   * or {@code server.domain}, the server the request went to. Returns the key of the host's SCO:
   * {@code url.domain}, else the URL's own host (a domain or an address); null when there is none.
   */
  private static String url(EcsEvent e, ObservationBuilder b) {
    String full = e.text("url.full");
    if (full == null) full = e.text("url.original");
    String domain = e.text("url.domain");
    String scheme = e.text("url.scheme");
    String hostKey = b.name(domain);
    if ("CONNECT".equalsIgnoreCase(e.text("http.request.method"))) {
      // a tunnel's target (RFC 9112 §3.2.3: host:port) requests no URL; its host is observed, as from Zeek and EVE
      return hostKey != null || full == null || Normalize.hasScheme(full) ? hostKey : b.host(Normalize.urlHost("http://" + full));
    }
    if (full != null && full.startsWith("//")) full = (scheme == null ? "http" : scheme) + ":" + full; // RFC 3986 §4.2
    if (full != null && !Normalize.hasScheme(full) && Normalize.startsWithHost(full, domain)) {
      full = (scheme == null ? "http" : scheme) + "://" + full;
    }
    if (full != null && Normalize.hasScheme(full)) {
      b.url(full);
      return hostKey != null ? hostKey : b.host(Normalize.urlHost(full));
    }
    String path = e.text("url.path");
    String query = e.text("url.query");
    // an event with no URL member names no URL: its destination's domain alone is no request (and the
    // screen, which judges events without a url member, asks nothing of URLs)
    if (full == null && path == null && query == null && domain == null) return null;
    String server = domain;
    if (server == null) server = e.text("destination.domain");
    if (server == null) server = e.text("server.domain");
    if (server == null) return null; // a request target without a host names no URL
    if (path == null) path = full; // url.original may hold only the request target
    String authority = Normalize.authority(server, ZeekRecords.port(e.text("url.port")));
    String target = (path == null ? "/" : path) + (query == null ? "" : "?" + query);
    if (scheme == null) b.url(authority, target);
    else b.url(scheme + "://" + authority + (target.startsWith("/") ? target : "/" + target));
    return hostKey;
  }

    private static void file(EcsEvent e, ObservationBuilder b) {
    Map<String, String> hashes = hashes(FILE_HASHES, FILE_HASH_PATHS, e::text);
    String size = e.text("file.size");
    long n = ZeekRecords.number(size);
    b.file(hashes, e.text("file.name"), n, e.text("file.mime_type"));
    // a process, its parent and a loaded library are files too (their hash field sets): a hash an indicator names is as
    // much a hit there as in file.hash (hostile run 12ah: only file.hash was read)
    for (int x = 0; x < EXECUTABLES.length; x++) {
      Map<String, String> own = hashes(FILE_HASHES, EXECUTABLE_HASH_PATHS[x], e::text);
      if (!own.isEmpty()) b.file(own, e.text(EXECUTABLES[x] + "name"), -1, null);
    }
    JsonNode attachments = e.attachments();
    if (attachments != null) {
      for (JsonNode a : attachments.isArray() ? attachments : List.of(attachments)) {
        if (!a.isObject()) continue;
        b.file(hashes(FILE_HASHES, FILE_HASH_PATHS, path -> at(a, path)), at(a, "file.name"), ZeekRecords.number(at(a, "file.size")), at(a, "file.mime_type"));
      }
    }
  }

  /** The hashes (algorithm as logged, value) whose paths ({@code paths[i]} for {@code names[i]}) {@code text} finds. */
  private static Map<String, String> hashes(String[] names, String[] paths, UnaryOperator<String> text) {
    Map<String, String> out = new LinkedHashMap<>(4);
    for (int i = 0; i < names.length; i++) {
      String v = text.apply(paths[i]);
      if (v != null) out.put(names[i], v);
    }
    return out;
  }

  /**
   * The text at a dotted path of an object kept as a tree (an attachment), in any of its forms (flat,
   * nested or mixed: the whole remaining name first, then cut at its first dot, its second...); an
   * array by its first element; null when absent or not a value.
   */
  static String at(JsonNode n, String path) {
    JsonNode whole = n.get(path);
    if (whole != null && whole.isArray()) whole = whole.isEmpty() ? null : whole.get(0);
    if (whole != null && whole.isValueNode() && !whole.isNull()) return whole.asText();
    for (int dot = path.indexOf('.'); dot > 0; dot = path.indexOf('.', dot + 1)) {
      JsonNode under = n.get(path.substring(0, dot));
      if (under != null && under.isObject()) {
        String found = at(under, path.substring(dot + 1));
        if (found != null) return found;
      }
    }
    return null;
  }

  private static void tls(EcsEvent e, ObservationBuilder b) {
    for (String name : e.texts("tls.client.server_name")) b.name(name);
    Map<String, String> hashes = hashes(TLS_HASHES, TLS_HASH_PATHS, e::text);
    String subject = e.text("tls.server.subject");
    if (subject == null) subject = e.text("tls.server.x509.subject.distinguished_name");
    String issuer = e.text("tls.server.issuer");
    if (issuer == null) issuer = e.text("tls.server.x509.issuer.distinguished_name");
    b.certificate(hashes, e.text("tls.server.x509.serial_number"), subject, issuer);
    // a subject alternative name is a DNS name, an address, an e-mail address or a URI (RFC 5280 §4.2.1.6), as
    // Zeek's x509 san.dns, san.ip, san.email and san.uri give them (hostile run 12al D5: the last two made no SCO)
    for (String name : e.texts("tls.server.x509.alternative_names")) {
      if (name.indexOf("://") > 0) b.url(name);
      else if (name.indexOf('@') > 0) b.email(name);
      else b.host(name);
    }
    // the client's certificate, when the client presented one
    Map<String, String> client = hashes(TLS_HASHES, TLS_CLIENT_HASH_PATHS, e::text);
    b.certificate(client, e.text("tls.client.x509.serial_number"), e.text("tls.client.subject"), e.text("tls.client.issuer"));
    if (e.text("tls.version") != null || !hashes.isEmpty() || !client.isEmpty()) b.protocol("tls");
  }

  private static void email(EcsEvent e, ObservationBuilder b) {
    String from = null;
    for (String f : e.texts("email.from.address")) {
      String key = b.email(f);
      if (from == null) from = key;
    }
    ObservationBuilder.Recipients to = new ObservationBuilder.Recipients();
    for (String t : e.texts("email.to.address")) b.recipient(to, t);
    ObservationBuilder.Recipients cc = new ObservationBuilder.Recipients();
    for (String c : e.texts("email.cc.address")) b.recipient(cc, c);
    b.message(from, to, cc, e.text("email.subject"), "X-Mailer", e.text("email.x_mailer"));
    for (String r : e.texts("email.reply_to.address")) b.email(r); // STIX's email-message has no reply-to reference
    // addresses the message's SCO does not refer to (its bcc_refs and sender_ref are left out): each an email-addr
    for (String path : List.of("email.bcc.address", "email.sender.address", "user.email")) for (String a : e.texts(path)) b.email(a);
  }

  private static int port(String first, String second) {
    int p = ZeekRecords.port(first);
    return p >= 0 ? p : ZeekRecords.port(second);
  }

  private static String version(String v) {
    return v == null ? null : "http/" + v;
  }

  /**
   * The host an answer's data names: an answer object's {@code data} when its {@code type} names a
   * host ({@link DnsTypes#namesHost}; a TXT answer's text is none), an answer given as a value its
   * text; null otherwise.
   */
  static String answerData(JsonNode answer) {
    if (!answer.isObject()) return answer.asText(null);
    return DnsTypes.namesHost(member(answer, "type")) ? member(answer, "data") : null;
  }

  /** An answer object's {@code type}; null for an answer given as a value, or one without a type. */
  static String answerType(JsonNode answer) {
    return answer.isObject() ? member(answer, "type") : null;
  }

  /**
   * The text of an answer's member, as the event's paths read (a JSON null absent, an array by its
   * first element, only a value has a text).
   */
  static String member(JsonNode answer, String name) {
    JsonNode n = answer.get(name);
    if (n != null && n.isArray()) n = n.isEmpty() ? null : n.get(0);
    return n != null && n.isValueNode() && !n.isNull() ? n.asText() : null;
  }
}
