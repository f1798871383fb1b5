package dev.parley.detect.telemetry;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.pattern.observe.Observation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Builds the observation of one record: normalised SCOs (STIX 2.1 §6), each value once, referring
 * to each other by local keys ("0", "1", ...) that {@link Observation#dereference} resolves; the
 * SCOs get STIX ids only when a sighting writes them out. Reused record after record; not
 * thread-safe.
 */
final class ObservationBuilder {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final String[] KEYS = new String[256];

  static {
    for (int i = 0; i < KEYS.length; i++) KEYS[i] = Integer.toString(i);
  }

  private final List<ObjectNode> objects = new ArrayList<>(8);
  private String[] valueTypes = new String[8]; // per object: type and value of a value SCO, else null
  private String[] valueTexts = new String[8];
  /**
   * Past {@link #SCANNED} objects: the value SCOs' keys by type and value, and each domain's
   * resolves_to_refs as a set, so that a record of thousands of addresses (a DNS answer list) costs
   * in proportion to them, not to their square. Null until a record needs them.
   */
  private Map<String, String> keyByValue;
  /**
   * The values of this record past {@link #MAX_VALUES}, by type and value, in the order read: the
   * first of them, up to {@link #RECORD_VALUES} in the record, go to its continuations, the rest
   * are left out; null while none.
   */
  private Set<String> leftOut;
  /** The values the record just built carries over to its {@link #continuations}, in the order read; null when none. */
  private List<String> carried;
  /**
   * The objects of other types than values (files, certificates) past {@link #MAX_VALUES}, in the
   * order read; then those the record just built carries over, after its values. Null while none.
   */
  private List<ObjectNode> leftOutObjects;
  private List<ObjectNode> carriedObjects;
  /** The value (type and value) the last call of {@link #address}, {@link #host} or {@link #name} left out, or null. */
  private String lastLeftOut;

  /** A domain (its value) resolving to a target (its type and value), one of them left out. */
  private record Resolution(String domain, String target) { }

  /**
   * The resolutions of which a side was left out, by the value left out (the target's when both
   * were): the continuation that holds that value holds both, the domain with its resolves_to_refs
   * to the target (at most {@link #SCANNED} a value), so that
   * {@code domain-name:resolves_to_refs[*].value} reaches an answer past {@link #MAX_VALUES}, and
   * its owner's name past them resolves to it, not the query (hostile runs 12ar D1, 12as D1). Null
   * while none; then those the record just built carries over.
   */
  private Map<String, Set<Resolution>> leftOutResolutions;
  private Map<String, Set<Resolution>> carriedResolutions;

  /**
   * A message's recipients as a mapping reads them: the keys of those in the observation, in order
   * and once each, and the values (type, a line feed, value) of those left out past
   * {@link #MAX_VALUES}.
   */
  static final class Recipients {
    private final Set<String> keys = new LinkedHashSet<>();
    private final Set<String> leftOut = new LinkedHashSet<>();
  }

  /**
   * A message some of whose recipients were left out: its sender's value (or null) and its other
   * properties ({@code template}: subject, headers), with the recipients left out. Each continuation
   * that holds some of them holds a copy of the message too, with its sender and those recipients,
   * so that {@code email-message:to_refs[*].value} and {@code cc_refs} reach a recipient past
   * {@link #MAX_VALUES}, beside the sender and the subject (hostile run 12au D1: past them a
   * recipient was an address alone, and a Cc after a long To list was in no {@code cc_refs}).
   */
  private record LeftOutMessage(String sender, ObjectNode template, Set<String> to, Set<String> cc) { }

  private LeftOutMessage leftOutMessage;
  private LeftOutMessage carriedMessage;
  private Map<String, Set<String>> resolvedBy;
  private static final int SCANNED = 32;
  private final List<String> protocols = new ArrayList<>(4);
  /** Told of each Zeek value whose escapes are not UTF-8, where it is decoded ({@link #unconverted()}). */
  private final Runnable unconverted;
  /** Values not converted: those {@link #unconverted} is told of, and the names, URLs and addresses {@link #counted} counts. */
  private long unconvertedValues;
  /** Set when the value just normalised (a name IDNA rejects or no host name is, a URL or an address holding one) was not converted. */
  private boolean notConverted;
  private final Runnable noteNotConverted = () -> notConverted = true;
  private String src;
  private String dst;
  private int srcPort = -1;
  private int dstPort = -1;
  private ObjectNode http;

  ObservationBuilder() {
    this.unconverted = () -> unconvertedValues++;
  }

  long unconvertedValues() {
    return unconvertedValues;
  }

  Runnable unconverted() {
    return unconverted;
  }

  /** An IPv4 or IPv6 address SCO; its key, or null when the text is not an address. */
  String address(String text) {
    lastLeftOut = null;
    String ip = Normalize.ip(text);
    return ip == null ? null : addressSco(ip);
  }

  /**
   * The SCO of an address in canonical form; an IPv4-mapped one ({@code ::ffff:198.51.100.7}, as a
   * dual-stack socket's log writes an IPv4 peer) gives the {@code ipv6-addr} as written and the
   * {@code ipv4-addr} of the node it stands for, whose key is returned (a connection's
   * {@code src_ref}): an IPv4 indicator never met such a log's addresses (hostile run bd D3).
   */
  private String addressSco(String ip) {
    String v4 = Normalize.ipv4Mapped(ip);
    if (v4 == null) return sco(Normalize.isIpv6(ip) ? "ipv6-addr" : "ipv4-addr", ip);
    sco("ipv6-addr", ip);
    return sco("ipv4-addr", v4);
  }

  /**
   * Of a text that may hold a host or something else (a DNS answer of no known type, whose text may
   * be a TXT record's; ECS's {@code source.address}, which may be a socket's path): an address SCO
   * when it is an address (in brackets or not), a domain-name SCO when it looks like a host name
   * ({@link Normalize#looksLikeDomain}); null otherwise.
   */
  String host(String text) {
    lastLeftOut = null;
    if (text == null || text.isEmpty()) return null;
    String ip = Normalize.ip(bracketsOff(text));
    if (ip != null) return addressSco(ip);
    if (!Normalize.looksLikeDomain(text)) return null;
    return domainName(text);
  }

  /**
   * Of a text that a log gives as a domain name (a DNS query or owner, the data of a record whose
   * type names a host, a TLS server name, an HTTP Host, ECS's {@code *.domain}): an address SCO when
   * it is an address (in brackets or not), else a domain-name SCO whatever it holds
   * ({@link Normalize#name}: a name that is no host name, {@code a b.example} or the root, keeps its
   * text and is counted); null when empty.
   */
  String name(String text) {
    lastLeftOut = null;
    if (text == null || text.isEmpty()) return null;
    String ip = Normalize.ip(bracketsOff(text));
    // an address past the record's bound is left out as an address (null), not tried again as a name:
    // it was counted twice, once each way (hostile run 12t)
    return ip != null ? addressSco(ip) : domainName(text);
  }

  private static String bracketsOff(String text) {
    return text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
  }

  /**
   * The domain-name SCO of a name, its value not converted counted once a record however often the
   * mapping reads it (ECS reads {@code destination.domain} as an end and as a name).
   */
  private String domainName(String text) {
    notConverted = false;
    return counted("domain-name", Normalize.name(text, noteNotConverted));
  }

  /**
   * The value (type, a line feed, value) that the call of {@link #address}, {@link #host} or
   * {@link #name} just before left out past {@link #MAX_VALUES}, or null when it gave a key or
   * nothing: with the key, what {@link #resolves(String, String, String, String)} takes of a value.
   */
  String leftOutJustNow() {
    return lastLeftOut;
  }

  /**
   * A domain-name SCO resolving to {@code target} (an address or a domain key); a target null
   * because the call of {@link #address}, {@link #host} or {@link #name} just before left it out,
   * past {@link #MAX_VALUES}, is resolved to in its continuation.
   */
  void resolves(String domainKey, String target) {
    resolves(domainKey, null, target, target == null ? lastLeftOut : null);
  }

  /**
   * A domain resolving to a target, each given as its key or, left out past {@link #MAX_VALUES}, as
   * its value ({@link #leftOutJustNow}): in this observation when both are in it, else in the
   * continuation that holds the one left out.
   */
  void resolves(String domainKey, String domainOut, String targetKey, String targetOut) {
    if (domainKey == null && domainOut == null || targetKey == null && targetOut == null) return;
    if (domainKey == null || targetKey == null) {
      String domain = domainKey != null ? valueOf(domainKey, "domain-name") : domainOut.startsWith("domain-name\n")
          ? domainOut.substring("domain-name\n".length()) : null;
      String target = targetKey != null ? valueTypes[Integer.parseInt(targetKey)] + '\n' + valueTexts[Integer.parseInt(targetKey)]
          : targetOut;
      if (domain == null || target.equals("domain-name\n" + domain)) return;
      if (leftOutResolutions == null) leftOutResolutions = new HashMap<>();
      Set<Resolution> all = leftOutResolutions.computeIfAbsent(targetOut != null ? targetOut : domainOut, v -> new LinkedHashSet<>(2));
      if (all.size() < SCANNED) all.add(new Resolution(domain, target));
      return;
    }
    if (domainKey.equals(targetKey)) return;
    ObjectNode domain = objects.get(Integer.parseInt(domainKey));
    if (!"domain-name".equals(domain.get("type").textValue())) return;
    ArrayNode refs = domain.withArray("resolves_to_refs");
    if (refs.size() < SCANNED) {
      for (int i = 0; i < refs.size(); i++) if (refs.get(i).textValue().equals(targetKey)) return;
    } else {
      if (resolvedBy == null) resolvedBy = new HashMap<>();
      Set<String> known = resolvedBy.computeIfAbsent(domainKey, k -> {
        Set<String> all = new HashSet<>();
        for (int i = 0; i < refs.size(); i++) all.add(refs.get(i).textValue());
        return all;
      });
      if (!known.add(targetKey)) return;
    }
    refs.add(targetKey);
  }

  /**
   * A resource record's resolution: its owner (key, or value left out) resolves to its target, the
   * name asked when it names no owner; and, for a record of the answer section, the name asked
   * resolves to the target too, through a CNAME chain as well.
   */
  void resolvesRecord(String owner, String ownerOut, String query, String target, String targetOut, boolean answer) {
    if (owner != null || ownerOut != null) resolves(owner, ownerOut, target, targetOut);
    else resolves(query, null, target, targetOut);
    if (answer) resolves(query, null, target, targetOut);
  }

  /** The value of the value SCO of {@code key} when it is of {@code type}, else null. */
  private String valueOf(String key, String type) {
    int i = Integer.parseInt(key);
    return type.equals(valueTypes[i]) ? valueTexts[i] : null;
  }

  /** A url SCO, its value not converted (a host IDNA rejects or no host name is) counted once a record; null when blank. */
  String url(String value) {
    notConverted = false;
    String url = Normalize.url(value, noteNotConverted);
    return url == null ? null : counted("url", url);
  }

  /**
   * The url SCO of a request logged as its host and its URI apart ({@link Normalize#url(String,
   * String, Runnable)}: {@code http://} + host + URI); null without a host. Its host is judged once,
   * by {@link #url(String)}.
   */
  String url(String host, String uri) {
    // a CONNECT's target (host:port) names no URL but the host the tunnel went to, with or without a Host header
    if (uri != null && Normalize.authorityForm(uri)) host(Normalize.authorityHost(uri));
    // an absolute-form target (a request to a proxy) went to its URI's host, whatever the Host header says (RFC 9112
    // §3.2.2), as ECS's url.original's host is one: a benign Host hid it from domain indicators (hostile run 12af)
    if (uri != null) host(Normalize.urlHost(uri));
    return url(Normalize.url(host, uri, JUDGED_BY_URL));
  }

  /** Nothing to count: {@link #url(String)} normalises the joined URL again and counts what it could not convert. */
  private static final Runnable JUDGED_BY_URL = () -> { };

  /** An email-addr SCO; null when the text holds no address. */
  String email(String text) {
    lastLeftOut = null;
    notConverted = false;
    String address = Normalize.email(text, noteNotConverted);
    return address == null ? null : counted("email-addr", address);
  }

  /** A message's recipient read from {@code text}: an email-addr SCO, in {@code recipients} by key or, left out, by value. */
  void recipient(Recipients recipients, String text) {
    String key = email(text);
    if (key != null) recipients.keys.add(key);
    else if (lastLeftOut != null) recipients.leftOut.add(lastLeftOut);
  }

  /** The SCO of a value just normalised, counted as not converted when it was not and is new to the record. */
  private String counted(String type, String value) {
    int before = objects.size();
    String key = sco(type, value);
    if (notConverted && objects.size() > before) unconvertedValues++;
    return key;
  }

  /** A file SCO with these hashes (algorithm as logged, value) and optional name, size and MIME type. */
  String file(Map<String, String> hashes, String name, long size, String mimeType) {
    ObjectNode hashNode = hashes(hashes);
    if (hashNode == null && (name == null || name.isEmpty())) return null;
    ObjectNode file = node();
    file.put("type", "file");
    if (hashNode != null) file.set("hashes", hashNode);
    if (name != null && !name.isEmpty()) file.put("name", name);
    if (size >= 0) file.put("size", size);
    if (mimeType != null && !mimeType.isEmpty()) file.put("mime_type", mimeType);
    return addOrLeaveOut(file);
  }

  /** An x509-certificate SCO with these hashes and optional serial, subject and issuer. */
  String certificate(Map<String, String> hashes, String serial, String subject, String issuer) {
    ObjectNode hashNode = hashes(hashes);
    if (hashNode == null && serial == null && subject == null && issuer == null) return null;
    ObjectNode cert = node();
    cert.put("type", "x509-certificate");
    if (hashNode != null) cert.set("hashes", hashNode);
    if (serial != null) cert.put("serial_number", serial);
    if (subject != null) cert.put("subject", subject);
    if (issuer != null) cert.put("issuer", issuer);
    return addOrLeaveOut(cert);
  }

  /**
   * An email-message SCO (§6.6); is_multipart is false, as logs hold no body parts. {@code headers}
   * (name and value, name and value; a null value is none) go into additional_header_fields: the
   * mailer's User-Agent and X-Mailer, which logs keep.
   */
  String message(String fromKey, Recipients to, Recipients cc, String subject, String... headers) {
    boolean anyHeader = false;
    for (int i = 1; i < headers.length; i += 2) anyHeader |= headers[i] != null && !headers[i].isEmpty();
    boolean leftOutRecipients = !to.leftOut.isEmpty() || !cc.leftOut.isEmpty();
    boolean here = fromKey != null || !to.keys.isEmpty() || !cc.keys.isEmpty() || subject != null || anyHeader;
    if (!here && !leftOutRecipients) return null;
    ObjectNode m = node();
    m.put("type", "email-message");
    m.put("is_multipart", false);
    if (subject != null) m.put("subject", subject);
    if (anyHeader) {
      ObjectNode fields = m.putObject("additional_header_fields");
      for (int i = 0; i + 1 < headers.length; i += 2) {
        if (headers[i + 1] != null && !headers[i + 1].isEmpty()) fields.put(headers[i], headers[i + 1]);
      }
    }
    if (leftOutRecipients) {
      String sender = fromKey == null ? null : valueTypes[Integer.parseInt(fromKey)] + '\n' + valueTexts[Integer.parseInt(fromKey)];
      leftOutMessage = new LeftOutMessage(sender, m.deepCopy(), to.leftOut, cc.leftOut);
    }
    if (fromKey != null) m.put("from_ref", fromKey);
    refs(m, "to_refs", to.keys);
    refs(m, "cc_refs", cc.keys);
    return here ? add(m) : null;
  }

  private static void refs(ObjectNode message, String name, Collection<String> keys) {
    if (keys.isEmpty()) return;
    ArrayNode refs = message.putArray(name);
    keys.forEach(refs::add);
  }

  /** The connection's end points; the network-traffic SCO is made when the record is built. */
  void connection(String srcKey, int srcPort, String dstKey, int dstPort) {
    this.src = srcKey;
    this.dst = dstKey;
    this.srcPort = srcPort;
    this.dstPort = dstPort;
  }

  /** Adds a protocol name (lower case, once) to the connection's protocols. */
  void protocol(String name) {
    if (name == null || name.isEmpty() || name.startsWith("-")) return;
    String p = name.toLowerCase(Locale.ROOT);
    if (!protocols.contains(p)) protocols.add(p);
  }

  /** The connection's HTTP request (http-request-ext, STIX 2.1 §6.12.2). */
  void httpRequest(String method, String uri, String version, String host, String userAgent, String referrer) {
    if (method == null && uri == null && userAgent == null) return;
    ObjectNode ext = node();
    ext.put("request_method", method == null ? "" : method.toLowerCase(Locale.ROOT));
    ext.put("request_value", uri == null ? "" : uri);
    if (version != null) ext.put("request_version", version.toLowerCase(Locale.ROOT));
    ObjectNode headers = node(); // STIX 2.1 §6.12.2: each header's value is a list of strings
    if (host != null) headers.putArray("Host").add(Normalize.hostHeader(host));
    if (userAgent != null) headers.putArray("User-Agent").add(userAgent);
    if (referrer != null) headers.putArray("Referer").add(referrer);
    if (!headers.isEmpty()) ext.set("request_header", headers);
    http = ext;
  }

  /** The objects of the record being built so far. */
  int objects() {
    return objects.size();
  }

  /** The observation of everything added since the last build; the builder is then empty. */
  Observation build(String id, Instant time) {
    // an HTTP request is a network-traffic's extension, also in a record that names no end point
    // (an ECS event with only user_agent.original): matched so, though STIX wants an end to store it
    if (src != null || dst != null || http != null) networkTraffic();
    Observation o = new Observation(id, time, time, 1, byKey(), objects);
    objects.clear();
    protocols.clear();
    keyByValue = null;
    carried = null;
    carriedObjects = null;
    int room = RECORD_VALUES - MAX_VALUES;
    if (leftOut != null) {
      carried = new ArrayList<>(Math.min(leftOut.size(), room));
      for (String value : leftOut) {
        if (carried.size() == room) break;
        carried.add(value);
      }
      droppedValues += leftOut.size() - carried.size();
      room -= carried.size();
    }
    if (leftOutObjects != null) {
      carriedObjects = leftOutObjects.subList(0, Math.min(room, leftOutObjects.size()));
      droppedValues += leftOutObjects.size() - carriedObjects.size();
    }
    carriedResolutions = leftOutResolutions;
    carriedMessage = leftOutMessage;
    leftOut = null;
    leftOutObjects = null;
    leftOutResolutions = null;
    leftOutMessage = null;
    lastLeftOut = null;
    resolvedBy = null;
    src = null;
    dst = null;
    srcPort = -1;
    dstPort = -1;
    http = null;
    return o;
  }

  /** The objects by key, as an immutable map built directly (Observation would copy any other map). */
  private Map<String, ObjectNode> byKey() {
    List<ObjectNode> o = objects;
    return switch (o.size()) {
      case 0 -> Map.of();
      case 1 -> Map.of(KEYS[0], o.get(0));
      case 2 -> Map.of(KEYS[0], o.get(0), KEYS[1], o.get(1));
      case 3 -> Map.of(KEYS[0], o.get(0), KEYS[1], o.get(1), KEYS[2], o.get(2));
      case 4 -> Map.of(KEYS[0], o.get(0), KEYS[1], o.get(1), KEYS[2], o.get(2), KEYS[3], o.get(3));
      case 5 -> Map.of(KEYS[0], o.get(0), KEYS[1], o.get(1), KEYS[2], o.get(2), KEYS[3], o.get(3), KEYS[4], o.get(4));
      case 6 -> Map.of(KEYS[0], o.get(0), KEYS[1], o.get(1), KEYS[2], o.get(2), KEYS[3], o.get(3), KEYS[4], o.get(4),
          KEYS[5], o.get(5));
      default -> {
        Map<String, ObjectNode> byKey = new LinkedHashMap<>(o.size() * 2);
        for (int i = 0; i < o.size(); i++) byKey.put(key(i), o.get(i));
        yield byKey;
      }
    };
  }

  private static ObjectNode node() {
    return new ObjectNode(NODES, new SmallMap<>(6)); // SCOs are small: no hash table
  }

  private void networkTraffic() {
    ObjectNode nt = node();
    nt.put("type", "network-traffic");
    if (src != null) nt.put("src_ref", src);
    if (dst != null) nt.put("dst_ref", dst);
    if (srcPort >= 0) nt.put("src_port", srcPort);
    if (dstPort >= 0) nt.put("dst_port", dstPort);
    ArrayNode p = nt.putArray("protocols");
    String anyEnd = src != null ? src : dst;
    if (protocols.isEmpty() && anyEnd != null) {
      p.add(objects.get(Integer.parseInt(anyEnd)).get("type").textValue().equals("ipv6-addr") ? "ipv6" : "ipv4");
    } else if (protocols.isEmpty()) {
      p.add("http");
    }
    protocols.forEach(p::add);
    if (http != null) nt.putObject("extensions").set("http-request-ext", http);
    add(nt);
  }

  private ObjectNode hashes(Map<String, String> hashes) {
    if (hashes == null || hashes.isEmpty()) return null;
    ObjectNode node = null;
    for (Map.Entry<String, String> e : hashes.entrySet()) {
      if (e.getValue() == null || e.getValue().isEmpty()) continue;
      String algorithm = Normalize.hashAlgorithm(e.getKey());
      if (node == null) node = node();
      node.put(algorithm, Normalize.hashValue(algorithm, e.getValue()));
    }
    return node;
  }

  /**
   * The value SCOs one observation gives at most: past them a record's values go to its
   * continuations ({@link #continuations}), observations of the same record of at most as many
   * each. Its first values are the ones its mapping reads first: the connection's ends, the query,
   * then the answers. A DNS answer of 1,100 addresses was malformed whole, and the lookup of a known
   * name in it went unseen (hostile run 10r); of 60,000, it cost a run seconds and a sighting 60,000
   * SCOs.
   */
  static final int MAX_VALUES = 1_016;

  /**
   * The values one record gives at most, in its observation and its continuations: more than a DNS
   * message can answer (65,535 bytes hold about 4,000 addresses), so that no answer hides an
   * address from detection (hostile run 12aq: an address after 1,100 others was never matched); past
   * them a value is left out, counted ({@link #droppedValues}).
   */
  static final int RECORD_VALUES = 16 * MAX_VALUES;

  /** Values left out of their records, past {@link #RECORD_VALUES}. */
  private long droppedValues;

  /** Forgets the continuations of the record just built (a malformed record: nothing of it is matched). */
  void dropContinuations() {
    carried = null;
    carriedObjects = null;
    carriedResolutions = null;
    carriedMessage = null;
  }

  /**
   * The continuations of the record just built: its values past {@link #MAX_VALUES}, then its files
   * and certificates past them, as observations of at most that many objects each, with the
   * record's id and time. A continuation holds value SCOs, the domains that resolve to its values
   * (each with those references), and files and certificates; the connection, the query and the
   * other references are in the record's own observation. Empty for almost every record. Call once,
   * after {@link #build}.
   */
  List<Observation> continuations(String id, Instant time) {
    List<String> values = carried;
    List<ObjectNode> others = carriedObjects;
    Map<String, Set<Resolution>> resolutions = carriedResolutions;
    LeftOutMessage message = carriedMessage;
    dropContinuations();
    if (values == null && others == null) return List.of();
    List<Observation> out = new ArrayList<>();
    // a continuation that holds recipients of the message holds a copy of it and its sender: room kept for both
    int room = message == null ? MAX_VALUES : MAX_VALUES - 2;
    List<String> to = new ArrayList<>();
    List<String> cc = new ArrayList<>();
    if (values != null) {
      for (String value : values) {
        Set<Resolution> pairs = resolutions == null ? null : resolutions.get(value);
        // a value and the resolutions it is a side of go in one continuation, both sides of each
        if (objects.size() + 1 + (pairs == null ? 0 : 2 * pairs.size()) > room) out.add(buildContinuation(id, time, message, to, cc));
        String key = sco(value);
        if (pairs != null) for (Resolution r : pairs) resolves(sco("domain-name\n" + r.domain()), sco(r.target()));
        if (message != null && message.to().contains(value)) to.add(key);
        if (message != null && message.cc().contains(value)) cc.add(key);
      }
    }
    if (others != null) {
      for (ObjectNode o : others) {
        if (objects.size() >= room) out.add(buildContinuation(id, time, message, to, cc));
        add(o);
      }
    }
    if (!objects.isEmpty()) out.add(buildContinuation(id, time, message, to, cc));
    return out;
  }

  /** One continuation, with the copy of the message when it holds some of its recipients ({@code to}, {@code cc}: their keys, emptied). */
  private Observation buildContinuation(String id, Instant time, LeftOutMessage message, List<String> to, List<String> cc) {
    if (!to.isEmpty() || !cc.isEmpty()) {
      ObjectNode copy = message.template().deepCopy();
      if (message.sender() != null) copy.put("from_ref", sco(message.sender()));
      refs(copy, "to_refs", to);
      refs(copy, "cc_refs", cc);
      add(copy);
      to.clear();
      cc.clear();
    }
    return build(id, time);
  }

  long droppedValues() {
    return droppedValues;
  }

  /** The SCO of a value given as its type, a line feed and its value. */
  private String sco(String typeAndValue) {
    int cut = typeAndValue.indexOf('\n');
    return sco(typeAndValue.substring(0, cut), typeAndValue.substring(cut + 1));
  }

  private String sco(String type, String value) {
    if (objects.size() <= SCANNED) {
      for (int i = 0; i < objects.size(); i++) { // each value once, compared without reading the trees
        if (value.equals(valueTexts[i]) && type.equals(valueTypes[i])) return key(i);
      }
    } else {
      if (keyByValue == null) {
        keyByValue = new HashMap<>();
        for (int i = 0; i < objects.size(); i++) if (valueTexts[i] != null) keyByValue.putIfAbsent(valueTypes[i] + '\n' + valueTexts[i], key(i));
      }
      String known = keyByValue.get(type + '\n' + value);
      if (known != null) return known;
    }
    if (objects.size() >= MAX_VALUES) {
      // each value once a record, however many of its fields give it (EVE's answers and grouped, ECS's
      // dns.answers and dns.resolved_ip: hostile run 12u counted each twice)
      if (leftOut == null) leftOut = new LinkedHashSet<>();
      lastLeftOut = type + '\n' + value;
      leftOut.add(lastLeftOut);
      return null;
    }
    ObjectNode o = node();
    o.put("type", type);
    o.put("value", value);
    String key = add(o);
    valueTypes[objects.size() - 1] = type;
    valueTexts[objects.size() - 1] = value;
    if (keyByValue != null) keyByValue.put(type + '\n' + value, key);
    return key;
  }

  /**
   * An object that refers to none ({@link #file}, {@link #certificate}): past {@link #MAX_VALUES}
   * objects it goes to the record's continuations as values do, and its key is null. An e-mail of
   * 1,030 attachments, a TLS chain of 1,100 certificates made the record malformed whole and its
   * addresses unmatched (hostile run 12ar D5).
   */
  private String addOrLeaveOut(ObjectNode o) {
    if (objects.size() < MAX_VALUES) return add(o);
    if (leftOutObjects == null) leftOutObjects = new ArrayList<>();
    // no more than continuations can take: past them it is counted, not kept (hostile run 12as D3: a line of 333,000
    // certificate fingerprints kept them all, and a 128 MB heap ran out)
    if (leftOutObjects.size() < RECORD_VALUES - MAX_VALUES) leftOutObjects.add(o);
    else droppedValues++;
    return null;
  }

  private String add(ObjectNode o) {
    int i = objects.size();
    if (i == valueTypes.length) {
      valueTypes = Arrays.copyOf(valueTypes, i * 2);
      valueTexts = Arrays.copyOf(valueTexts, i * 2);
    }
    valueTypes[i] = null;
    valueTexts[i] = null;
    objects.add(o);
    return key(i);
  }

  private static String key(int i) {
    return i < KEYS.length ? KEYS[i] : Integer.toString(i);
  }
}
