package dev.parley.detect.telemetry;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One Elastic Common Schema event, streamed with Jackson's parser into the values of the paths
 * {@link EcsRecords} reads ({@link #PATHS}), with no tree of the event: its trees, and looking each
 * path up again in every split of its name, were the larger part of reading an event. A path reads
 * as it read in Jackson's tree of the line ({@link EcsRecords}' former look-up): ECS names a field by
 * a dotted path that a document may nest, write flat or mix, and where several forms are given the
 * one found first wins: the whole remaining name at each level first, then the name cut at its
 * first dot, its second, and so on; a member on the way to a path given twice makes the line
 * malformed ({@link JsonTrees#duplicate}); a JSON null is absent and lets the next form be found. A value
 * reads as its node's text (a float as its exact decimal; one out of reach makes the line
 * malformed). The DNS answers and the e-mail attachments, which the mapping walks, are kept as trees; members on no path read
 * are skipped unbuilt, whatever they hold. Reused from line to line; not thread-safe.
 */
final class EcsEvent {
  /** The DNS answers: a path kept as a tree. */
  static final String ANSWERS = "dns.answers";
  /** An e-mail's attachments (an array of objects with their {@code file} fields): a path kept as a tree. */
  static final String ATTACHMENTS = "email.attachments";

  /** Every path {@link EcsRecords#map} and {@link EcsScreen} read; one read and missing here would read as absent. */
  static final List<String> PATHS = List.of("@timestamp", "event.start",
      "source.ip", "source.port", "source.domain", "destination.ip", "destination.port", "destination.domain",
      "source.address", "destination.address", "source.nat.ip", "destination.nat.ip",
      "client.ip", "client.port", "client.domain", "server.ip", "server.port", "server.domain", "host.ip",
      "related.ip", "related.hosts", "network.transport", "network.protocol", "network.forwarded_ip",
      "dns.question.name", ANSWERS, "dns.resolved_ip",
      "url.full", "url.original", "url.domain", "url.scheme", "url.path", "url.query", "url.port",
      "http.request.method", "http.request.referrer", "http.version", "user_agent.original",
      "file.hash.md5", "file.hash.sha1", "file.hash.sha256", "file.hash.sha384", "file.hash.sha512", "file.hash.ssdeep",
      "file.hash.tlsh", "file.size", "file.name", "file.mime_type",
      "tls.client.server_name", "tls.server.hash.md5", "tls.server.hash.sha1", "tls.server.hash.sha256",
      "tls.server.subject", "tls.server.issuer", "tls.server.x509.subject.distinguished_name",
      "tls.server.x509.issuer.distinguished_name", "tls.server.x509.serial_number", "tls.server.x509.alternative_names",
      "tls.version", "tls.client.hash.md5", "tls.client.hash.sha1", "tls.client.hash.sha256", "tls.client.subject",
      "tls.client.issuer", "tls.client.x509.serial_number",
      "email.from.address", "email.to.address", "email.cc.address", "email.bcc.address", "email.reply_to.address",
      "email.sender.address", "email.subject", "email.x_mailer", ATTACHMENTS, "user.email",
      "process.hash.md5", "process.hash.sha1", "process.hash.sha256", "process.hash.sha384", "process.hash.sha512",
      "process.hash.ssdeep", "process.hash.tlsh", "process.name",
      "process.parent.hash.md5", "process.parent.hash.sha1", "process.parent.hash.sha256", "process.parent.hash.sha384",
      "process.parent.hash.sha512", "process.parent.hash.ssdeep", "process.parent.hash.tlsh", "process.parent.name",
      "dll.hash.md5", "dll.hash.sha1", "dll.hash.sha256", "dll.hash.sha384", "dll.hash.sha512", "dll.hash.ssdeep",
      "dll.hash.tlsh", "dll.name");

  /** Top-level members whose events {@link EcsScreen} does not judge (by a member's first part). */
  private static final List<String> NOT_JUDGED = List.of("url", "http", "user_agent", "file", "tls", "email");

  private static final Map<String, Integer> SLOT = new HashMap<>();
  private static final int ANSWERS_SLOT = PATHS.indexOf(ANSWERS);
  private static final int ATTACHMENTS_SLOT = PATHS.indexOf(ATTACHMENTS);
  /** Levels of nesting told apart in a form's rank; deeper forms (never a path's) are not read. */
  private static final int LEVELS = 8;

  /**
   * A member's key, read at some level of the paths (the top, or under a prefix of a path): where it
   * leads. {@code slot} is the path it names whole (else -1), {@code next} the steps under it when it
   * names a prefix (else null); {@code digit} is its part of a form's rank: 0 for the whole
   * remaining name, else 1 + the dots in the key (the dot it was cut at).
   */
  private record Step(int slot, Map<String, Step> next, long digit) {}

  /** The steps from the top: a key of every form a path can take there (its first part, its first two parts, ...). */
  private static final Map<String, Step> TOP = steps("");

  static {
    for (int i = 0; i < PATHS.size(); i++) SLOT.put(PATHS.get(i), i);
  }

  /** The steps under {@code prefix} ("" at the top): every key that, after it, names a path or a path's prefix. */
  private static Map<String, Step> steps(String prefix) {
    Map<String, Step> out = new HashMap<>();
    for (String path : PATHS) {
      if (!path.startsWith(prefix)) continue;
      String rest = path.substring(prefix.length());
      for (int dot = rest.indexOf('.'); ; dot = rest.indexOf('.', dot + 1)) {
        String key = dot < 0 ? rest : rest.substring(0, dot);
        if (!out.containsKey(key)) {
          String name = prefix + key;
          int slot = PATHS.indexOf(name);
          boolean isPrefix = PATHS.stream().anyMatch(q -> q.startsWith(name + "."));
          if (slot >= 0 && isPrefix) throw new IllegalStateException("a path under a path: " + name);
          long digit = slot >= 0 ? 0 : 1 + key.chars().filter(c -> c == '.').count();
          out.put(key, new Step(slot, isPrefix ? steps(name + ".") : null, digit));
        }
        if (dot < 0) break;
      }
    }
    return Map.copyOf(out);
  }

  /** An array's first element's text (null unless a value) and its value elements' texts. */
  private record Array(String first, List<String> values) {}

  /** An object where a text is read: neither a text nor a list. */
  private static final Object OBJECT = new Object();

  /** One form of a path found in the event: its rank (lower is found first), the value. */
  private record Form(long rank, Object value) {}

  private final JsonTrees trees;
  @SuppressWarnings("unchecked")
  private final List<Form>[] forms = new List[PATHS.size()];
  /** The members seen on the ways to paths, by step and rank so far: one given again makes the line malformed. */
  private Step[] seenSteps = new Step[32];
  private long[] seenRanks = new long[32];
  private int seen;
  private boolean judged;

  EcsEvent(JsonTrees trees) {
    this.trees = trees;
  }

  /**
   * Reads the object at the parser's current token ({@code START_OBJECT}) to its end.
   *
   * @throws IOException when the JSON is malformed (a read float out of reach included)
   */
  void read(JsonParser p) throws IOException {
    for (List<Form> f : forms) if (f != null) f.clear();
    seen = 0;
    judged = true;
    members(p, TOP, 0, 0);
  }

  /** Whether {@link EcsScreen} judges the event: no top-level member of URLs, HTTP, files, TLS or e-mail. */
  boolean judged() {
    return judged;
  }

  private void members(JsonParser p, Map<String, Step> steps, long rank, int level) throws IOException {
    for (String key = p.nextFieldName(); key != null; key = p.nextFieldName()) {
      JsonToken token = p.nextToken();
      if (level == 0 && judged) judged = !notJudged(key);
      Step step = steps.get(key); // Jackson's field names are canonical strings: their hashes are kept
      if (step == null || level >= LEVELS) {
        p.skipChildren();
        continue;
      }
      long here = rank | step.digit() << 3 * (LEVELS - 1 - level);
      if (seen(step, here)) throw JsonTrees.duplicate(p, key);
      if (step.slot() >= 0) {
        Object value = token == JsonToken.VALUE_NULL ? null : step.slot() == ANSWERS_SLOT || step.slot() == ATTACHMENTS_SLOT
            ? trees.value(p, null) : value(p);
        if (value != null) {
          if (forms[step.slot()] == null) forms[step.slot()] = new ArrayList<>(2);
          forms[step.slot()].add(new Form(here, value));
        }
      } else if (token == JsonToken.START_OBJECT) {
        members(p, step.next(), here, level + 1);
      } else {
        p.skipChildren();
      }
    }
  }

  private static boolean notJudged(String key) {
    for (String n : NOT_JUDGED) {
      if (key.startsWith(n) && (key.length() == n.length() || key.charAt(n.length()) == '.')) return true;
    }
    return false;
  }

  /** Whether the member at {@code step} and {@code rank} was given before in this event; else it is noted as seen. */
  private boolean seen(Step step, long rank) {
    for (int i = 0; i < seen; i++) {
      if (seenSteps[i] == step && seenRanks[i] == rank) return true;
    }
    if (seen == seenSteps.length) {
      seenSteps = Arrays.copyOf(seenSteps, seen * 2);
      seenRanks = Arrays.copyOf(seenRanks, seen * 2);
    }
    seenSteps[seen] = step;
    seenRanks[seen++] = rank;
    return false;
  }

  /** The value of the form found first, or null. */
  private Object found(String path) {
    Integer slot = SLOT.get(path);
    if (slot == null) throw new IllegalArgumentException("not a path read: " + path);
    List<Form> f = forms[slot];
    if (f == null || f.isEmpty()) return null;
    Form best = f.get(0);
    for (int i = 1; i < f.size(); i++) if (f.get(i).rank() < best.rank()) best = f.get(i);
    return best.value();
  }

  /** The text at a path; the first element of an array; null when absent or not a value. */
  String text(String path) {
    Object v = found(path);
    if (v instanceof String s) return s;
    return v instanceof Array a ? a.first() : null;
  }

  /**
   * The texts at a path: a value's, or an array's values', of every form the event gives it (nested,
   * flat or mixed), the form {@link #text} reads first: a value given flat and nested is two values,
   * as a search engine indexes both (hostile run 12af: the nested address was never matched).
   */
  List<String> texts(String path) {
    Integer slot = SLOT.get(path);
    if (slot == null) throw new IllegalArgumentException("not a path read: " + path);
    List<Form> f = forms[slot];
    if (f == null || f.isEmpty()) return List.of();
    Object first = found(path);
    if (f.size() == 1) return textsOf(first);
    List<String> out = new ArrayList<>(textsOf(first));
    for (Form form : f) {
      if (form.value() == first) continue;
      for (String t : textsOf(form.value())) if (!out.contains(t)) out.add(t);
    }
    return out;
  }

  private static List<String> textsOf(Object v) {
    if (v instanceof String s) return List.of(s);
    return v instanceof Array a ? a.values() : List.of();
  }

  /** The DNS answers' tree, or null. */
  JsonNode answers() {
    return (JsonNode) found(ANSWERS);
  }

  /** The e-mail attachments' tree, or null. */
  JsonNode attachments() {
    return (JsonNode) found(ATTACHMENTS);
  }

  /** The value at the current token (not null): its text, {@link #OBJECT} or an {@link Array}. */
  private static Object value(JsonParser p) throws IOException {
    JsonToken token = p.currentToken();
    if (token == JsonToken.START_OBJECT) {
      p.skipChildren();
      return OBJECT;
    }
    if (token != JsonToken.START_ARRAY) return JsonTrees.text(p);
    String first = null;
    boolean empty = true;
    List<String> values = new ArrayList<>(2);
    for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
      if (t == null) throw new JsonParseException(p, "unexpected end-of-input in an array");
      String text = null;
      if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) p.skipChildren();
      else if (t != JsonToken.VALUE_NULL) values.add(text = JsonTrees.text(p));
      if (empty) first = text;
      empty = false;
    }
    return new Array(first, values);
  }
}
