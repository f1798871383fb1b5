package dev.parley.detect.telemetry;

import static dev.parley.detect.telemetry.Items.readText;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * An ECS event is read without a tree of the line ({@link EcsEvent}) and must read as the look-up
 * in Jackson's whole tree of it did ({@link #node}, the reader's former form: the whole remaining
 * name first, then the name cut at each of its dots in turn): seeded random events whose paths are
 * written flat, nested and mixed, several forms of one path at once, members given twice (objects
 * included), JSON nulls, values of every kind, compared path by path. The paths here are written
 * from the ECS field reference as {@link EcsRecords} reads them, independently of
 * {@link EcsEvent#PATHS}: a path the mapping reads and the event does not keep fails here.
 */
class EcsEventTest {
  private static final ObjectMapper JSON = JsonMapper.builder(new JsonFactory())
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
      .build();

  private static final List<String> READ = List.of("@timestamp", "event.start", "source.ip", "source.port", "source.domain",
      "destination.ip", "destination.port", "destination.domain", "client.ip", "client.port", "server.ip", "server.port", "host.ip",
      "source.address", "destination.address", "source.nat.ip", "destination.nat.ip", "client.domain", "server.domain",
      "related.ip", "related.hosts", "network.transport", "network.protocol", "dns.question.name", "dns.resolved_ip", "url.full",
      "url.original", "url.domain", "url.scheme", "url.path", "url.query", "url.port", "http.request.method", "http.request.referrer",
      "http.version", "user_agent.original", "file.hash.md5", "file.hash.sha1", "file.hash.sha256", "file.hash.sha384",
      "file.hash.sha512", "file.hash.ssdeep", "file.hash.tlsh", "file.size", "file.name", "file.mime_type", "tls.client.server_name",
      "tls.server.hash.md5", "tls.server.hash.sha1", "tls.server.hash.sha256", "tls.server.subject", "tls.server.issuer",
      "tls.server.x509.subject.distinguished_name", "tls.server.x509.issuer.distinguished_name", "tls.server.x509.serial_number",
      "tls.server.x509.alternative_names", "tls.version", "email.from.address", "email.to.address", "email.cc.address",
      "email.reply_to.address", "email.subject");
  private static final List<String> OTHER = List.of("event.kind", "source.bytes", "dns.question.type", "dns.id", "network.direction",
      "zeek.connection.state", "tls.server.x509.version", "source", "dns.question", "host", "url.fragment", "email", "source.nat.port",
      "related.user", "email.reply_to");
  private static final Set<String> NOT_JUDGED = Set.of("url", "http", "user_agent", "file", "tls", "email");
  private static final List<String> SCALARS = List.of("\"10.0.0.1\"", "\"Evil.Example.\"", "\"\"", "\"2026-11-30T10:00:00Z\"",
      "0", "-0", "53", "65536", "99999999999999999999999", "1.5", "12.50", "-0.0", "0.000001", "0.0000001", "1e3", "1E+2",
      "-2.5e-7", "true", "false");
  private static final HostileJsonValues VALUES = new HostileJsonValues(SCALARS, "ip");

  /** An object as members in order (a key may come twice): a value is raw JSON text or another object. */
  private static final class Obj {
    final List<String> keys = new ArrayList<>();
    final List<Object> values = new ArrayList<>();

    String json() {
      StringBuilder b = new StringBuilder("{");
      for (int i = 0; i < keys.size(); i++) {
        if (i > 0) b.append(',');
        b.append('"').append(keys.get(i)).append("\":");
        b.append(values.get(i) instanceof Obj o ? o.json() : values.get(i));
      }
      return b.append('}').toString();
    }
  }

  @Test
  void randomEvents_readAsTheirWholeTree() throws Exception {
    Random random = new Random(20261204);
    EcsEvent event = new EcsEvent(new JsonTrees(JSON, (m, c) -> true));
    int malformed = 0;
    int nested = 0;
    int twice = 0;
    for (int round = 0; round < 4000; round++) {
      String line = event(random).json();
      JsonNode tree;
      try {
        tree = JSON.readTree(line);
      } catch (NumberFormatException | ArithmeticException e) {
        // the generator puts numbers out of reach only where a path is read
        // or, reached first, a read member given twice
        assertThatThrownBy(() -> read(event, line)).as(line).satisfiesAnyOf(
            t -> assertThat(t).isInstanceOfAny(NumberFormatException.class, ArithmeticException.class),
            t -> assertThat(t).hasMessageStartingWith("Duplicate field"));
        malformed++;
        continue;
      }
      // a member on the way to a read path given twice makes the line malformed (hostile run 12ah: its first value was lost)
      if (!Items.readUnlessAMemberTwice(line, () -> read(event, line))) {
        twice++;
        continue;
      }
      boolean judged = true;
      for (Iterator<String> names = tree.fieldNames(); names.hasNext(); ) {
        String name = names.next();
        int dot = name.indexOf('.');
        if (NOT_JUDGED.contains(dot < 0 ? name : name.substring(0, dot))) judged = false;
      }
      assertThat(event.judged()).as(line).isEqualTo(judged);
      for (String path : READ) {
        assertThat(event.text(path)).as("%s in %s", path, line).isEqualTo(text(tree, path));
        // every form's values, the found form's first (hostile run 12af: a flat member hid the nested value)
        List<String> texts = event.texts(path);
        List<String> found = texts(tree, path);
        if (!found.isEmpty()) assertThat(texts).as("%s in %s", path, line).startsWith(found.toArray(String[]::new));
        assertThat(new HashSet<>(texts)).as("%s in %s", path, line).isEqualTo(allTexts(tree, path));
        if (tree.get(path) == null && node(tree, path) != null) nested++;
      }
      assertThat(event.answers()).as(line).isEqualTo(node(tree, "dns.answers"));
    }
    assertThat(malformed).as("lines with a read number out of reach").isBetween(20, 1000);
    assertThat(twice).as("lines giving a read member twice").isBetween(20, 2000);
    assertThat(nested).as("paths found nested").isGreaterThan(1000);
  }

  private static void read(EcsEvent event, String line) throws Exception {
    try (JsonParser p = JSON.getFactory().createParser(line)) {
      assertThat(p.nextToken()).isEqualTo(JsonToken.START_OBJECT);
      event.read(p);
      assertThat(p.currentToken()).isEqualTo(JsonToken.END_OBJECT);
    }
  }

  /** A random event: paths read and not, each cut at some of its dots, into members old or new. */
  private static Obj event(Random r) {
    Obj top = new Obj();
    int members = 1 + r.nextInt(10);
    for (int i = 0; i < members; i++) {
      int kind = r.nextInt(10);
      String path = kind == 0 ? "dns.answers" : kind <= 6 ? READ.get(r.nextInt(READ.size())) : OTHER.get(r.nextInt(OTHER.size()));
      List<String> keys = new ArrayList<>();
      int from = 0;
      for (int dot = path.indexOf('.'); dot > 0; dot = path.indexOf('.', dot + 1)) {
        if (r.nextBoolean()) {
          keys.add(path.substring(from, dot));
          from = dot + 1;
        }
      }
      keys.add(path.substring(from));
      Obj at = top;
      for (int k = 0; k < keys.size() - 1; k++) {
        String key = keys.get(k);
        int existing = at.keys.lastIndexOf(key);
        if (existing >= 0 && at.values.get(existing) instanceof Obj o && r.nextInt(4) > 0) {
          at = o;
        } else {
          Obj child = new Obj();
          at.keys.add(key);
          at.values.add(child);
          at = child;
        }
      }
      at.keys.add(keys.get(keys.size() - 1));
      at.values.add(path.equals("dns.answers") ? answers(r) : VALUES.value(r, READ.contains(path)));
    }
    return top;
  }

  private static String answers(Random r) {
    return switch (r.nextInt(4)) {
      case 0 -> "null";
      case 1 -> "\"198.51.100.7\"";
      default -> "[{\"name\":\"q.example\",\"type\":\"A\",\"data\":\"198.51.100.8\"},null,7,{\"data\":[\"a.example\"],\"name\":null}]";
    };
  }

  /** The node at a dotted path as the reader found it in a tree: the whole name, else each cut in turn. */
  private static JsonNode node(JsonNode at, String path) {
    JsonNode whole = at.get(path);
    if (whole != null && !whole.isNull()) return whole;
    for (int dot = path.indexOf('.'); dot > 0; dot = path.indexOf('.', dot + 1)) {
      JsonNode child = at.get(path.substring(0, dot));
      if (child == null || !child.isObject()) continue;
      JsonNode found = node(child, path.substring(dot + 1));
      if (found != null) return found;
    }
    return null;
  }

  private static String text(JsonNode e, String path) {
    JsonNode n = node(e, path);
    if (n == null) return null;
    if (n.isArray()) n = n.isEmpty() ? null : n.get(0);
    return n != null && n.isValueNode() && !n.isNull() ? n.asText() : null;
  }

  private static List<String> texts(JsonNode e, String path) {
    JsonNode n = node(e, path);
    if (n == null) return List.of();
    if (!n.isArray()) return n.isValueNode() ? List.of(n.asText()) : List.of();
    List<String> out = new ArrayList<>(n.size());
    for (JsonNode v : n) if (v.isValueNode() && !v.isNull()) out.add(v.asText());
    return out;
  }

  /** The values of every node at a dotted path, in every form (the whole name, each cut), once each. */
  private static Set<String> allTexts(JsonNode at, String path) {
    Set<String> out = new LinkedHashSet<>();
    JsonNode whole = at.get(path);
    if (whole != null && whole.isArray()) {
      for (JsonNode v : whole) if (v.isValueNode() && !v.isNull()) out.add(v.asText());
    } else if (whole != null && whole.isValueNode() && !whole.isNull()) {
      out.add(whole.asText());
    }
    for (int dot = path.indexOf('.'); dot > 0; dot = path.indexOf('.', dot + 1)) {
      JsonNode child = at.get(path.substring(0, dot));
      if (child != null && child.isObject()) out.addAll(allTexts(child, path.substring(dot + 1)));
    }
    return out;
  }

  /** A value given flat and nested is two: both read, the flat (found first) before the nested. */
  @Test
  void flatAndNested_bothValuesRead() throws Exception {
    EcsEvent event = new EcsEvent(new JsonTrees(JSON, (m, c) -> true));
    read(event, "{\"source\":{\"ip\":\"203.0.113.10\"},\"source.ip\":\"10.1.1.1\",\"dns\":{\"question\":{\"name\":\"evil.example\"}},"
        + "\"dns.question.name\":\"benign.test\"}");
    assertThat(event.text("source.ip")).isEqualTo("10.1.1.1");
    assertThat(event.texts("source.ip")).containsExactly("10.1.1.1", "203.0.113.10");
    assertThat(event.texts("dns.question.name")).containsExactly("benign.test", "evil.example");
  }

  @Test
  void numberOutOfReach_onAPathRead_malformedLine_elsewhere_skipped() {
    String text = "{\"@timestamp\":\"2026-11-30T10:00:00Z\",\"source\":{\"port\":1e2147483648}}\n"
        + "{\"@timestamp\":\"2026-11-30T10:00:00Z\",\"source\":{\"ip\":\"10.0.0.1\",\"bytes\":1e2147483648},"
        + "\"zeek\":{\"x\":[1.5e-2147483648]}}\n";
    List<TelemetryItem> items = readText(TelemetryFormat.ECS, text, "ecs.ndjson");
    assertThat(items).hasSize(2);
    assertThat(((TelemetryItem.Malformed) items.get(0)).reason()).isEqualTo("not JSON: number out of range");
    assertThat(items.get(1)).isInstanceOf(TelemetryItem.Record.class);
  }
}
