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
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A Zeek JSON record is read without a tree of the line ({@link ZeekJsonRecord}) and must read as
 * Jackson's whole tree of it did ({@link TreeFields}, the reader's former form): seeded random
 * records, bent as a distrustful sender would (members given twice, JSON nulls, values of every
 * kind where a text, a list or a nested object is read, the flat and nested forms of dotted names,
 * floats whose exact decimal has an exponent), compared field by field over every field Zeek's
 * mappings read. The field list here is written from Zeek's log reference ({@code conn}, {@code dns},
 * {@code http}, {@code ssl}, {@code files}, {@code x509}, {@code smtp} Info records) as
 * {@link ZeekRecords} reads them, independently of {@link ZeekJsonRecord#FIELDS}: a field the
 * mapping reads and the record does not keep fails here.
 */
class ZeekJsonRecordTest {
  private static final ObjectMapper JSON = JsonMapper.builder(new JsonFactory())
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
      .build();

  private static final List<String> READ = List.of("ts", "id.orig_h", "id.orig_p", "id.resp_h", "id.resp_p", "proto", "service",
      "query", "qtype_name", "answers", "host", "uri", "method", "version", "user_agent", "referrer", "server_name", "cipher",
      "subject", "issuer", "cert_chain_fps", "client_cert_chain_fps", "fuid", "tx_hosts", "rx_hosts", "md5", "sha1", "sha256",
      "filename", "mime_type", "total_bytes", "seen_bytes", "fingerprint", "certificate.serial", "certificate.subject",
      "certificate.issuer", "san.dns", "san.ip", "san.email", "san.uri", "mailfrom", "rcptto", "from", "to", "cc",
      "reply_to", "x_originating_ip", "path", "helo", "conn_state", "history", "orig_bytes");
  private static final List<String> OTHER = List.of("uid", "duration", "resp_bytes", "missed_bytes", "local_orig", "id.vlan",
      "certificate.version", "san", "id", "certificate", "trans_id", "TTLs");
  private static final List<String> CHILDREN = List.of("orig_h", "orig_p", "resp_h", "resp_p", "serial", "subject", "issuer",
      "dns", "ip", "email", "uri", "version", "vlan");
  private static final List<String> SCALARS = List.of("\"10.0.0.1\"", "\"Evil.Example.\"", "\"a\\\\x2cb\"", "\"\"", "\"-\"",
      "\"1300475167.096535\"", "\"2026-11-30T10:00:00Z\"", "0", "-0", "7", "-12", "80", "65536", "2147483648", "99999999999999999999999",
      "1.5", "12.50", "-0.0", "0.5", "0.000001", "0.0000001", "1e3", "1E+2", "-2.5e-7", "1300475167.096535", "1.0", "true", "false");
  private static final HostileJsonValues VALUES = new HostileJsonValues(SCALARS, "orig_h");

  /** The fields as the reader read them from Jackson's whole tree of the line, before it streamed them. */
  private record TreeFields(ObjectNode object) {
    JsonNode node(String name) {
      JsonNode n = object.get(name);
      if (n != null) return n.isNull() ? null : n;
      int dot = name.indexOf('.');
      if (dot < 0) return null;
      JsonNode parent = object.get(name.substring(0, dot));
      JsonNode child = parent == null ? null : parent.get(name.substring(dot + 1));
      return child == null || child.isNull() ? null : child;
    }

    String text(String name) {
      JsonNode n = node(name);
      if (n == null) return null;
      if (n.isArray()) return n.isEmpty() ? "" : ZeekTsvHeader.unescape(n.get(0).asText());
      return n.isValueNode() ? ZeekTsvHeader.unescape(n.asText()) : null;
    }

    /** The values of the node read, then those of the nested form of a field given flat too that are not among them. */
    List<String> texts(String name) {
      List<String> out = new ArrayList<>(values(node(name)));
      int dot = name.indexOf('.');
      JsonNode flat = object.get(name);
      if (dot > 0 && flat != null && !flat.isNull() && object.get(name.substring(0, dot)) instanceof ObjectNode parent) {
        for (String v : values(parent.get(name.substring(dot + 1)))) if (!out.contains(v)) out.add(v);
      }
      return out;
    }

    private static List<String> values(JsonNode n) {
      if (n == null || n.isNull()) return List.of();
      if (!n.isArray()) return n.isValueNode() ? List.of(ZeekTsvHeader.unescape(n.asText())) : List.of();
      List<String> out = new ArrayList<>(n.size());
      for (JsonNode e : n) if (e.isValueNode() && !e.isNull()) out.add(ZeekTsvHeader.unescape(e.asText()));
      return out;
    }
  }

  @Test
  void randomRecords_readAsTheirWholeTree() throws Exception {
    Random random = new Random(20261203);
    ZeekJsonRecord record = new ZeekJsonRecord(() -> { });
    int malformed = 0;
    int twice = 0;
    for (int round = 0; round < 4000; round++) {
      String line = line(random);
      ObjectNode tree;
      try {
        tree = (ObjectNode) JSON.readTree(line);
      } catch (NumberFormatException | ArithmeticException e) {
        // or, reached first, a read member given twice
        assertThatThrownBy(() -> read(record, line)).as(line).satisfiesAnyOf(
            t -> assertThat(t).isInstanceOfAny(NumberFormatException.class, ArithmeticException.class),
            t -> assertThat(t).hasMessageStartingWith("Duplicate field"));
        // (the generator puts numbers out of reach only where a field is read)
        malformed++;
        continue;
      }
      // a member read given twice makes the line malformed (hostile run 12ah: its first value was lost)
      if (!Items.readUnlessAMemberTwice(line, () -> read(record, line))) {
        twice++;
        continue;
      }
      TreeFields expected = new TreeFields(tree);
      assertThat(record.path()).as(line).isEqualTo(tree.path("_path").textValue());
      for (String name : READ) {
        assertThat(record.has(name)).as("%s in %s", name, line).isEqualTo(expected.node(name) != null);
        assertThat(record.text(name)).as("%s in %s", name, line).isEqualTo(expected.text(name));
        assertThat(record.texts(name)).as("%s in %s", name, line).isEqualTo(expected.texts(name));
      }
    }
    assertThat(malformed).as("lines with a read number out of reach").isBetween(20, 1000);
    assertThat(twice).as("lines giving a read member twice").isBetween(20, 2000);
  }

  private static void read(ZeekJsonRecord record, String line) throws Exception {
    try (JsonParser p = JSON.getFactory().createParser(line)) {
      assertThat(p.nextToken()).isEqualTo(JsonToken.START_OBJECT);
      record.read(p);
      assertThat(p.currentToken()).isEqualTo(JsonToken.END_OBJECT);
    }
  }

  /** A random record: members read and not, flat and nested, some given twice. */
  private static String line(Random r) {
    StringBuilder b = new StringBuilder("{");
    int members = 1 + r.nextInt(12);
    for (int i = 0; i < members; i++) {
      if (i > 0) b.append(',');
      int kind = r.nextInt(10);
      if (kind == 0) {
        b.append("\"_path\":").append(r.nextBoolean() ? "\"conn\"" : VALUES.scalar(r, false));
      } else if (kind <= 2) { // a parent object, its children read or not
        String parent = List.of("id", "certificate", "san").get(r.nextInt(3));
        b.append('"').append(parent).append("\":");
        if (r.nextInt(5) == 0) {
          b.append(VALUES.value(r, false));
        } else {
          b.append('{');
          int children = r.nextInt(4);
          for (int c = 0; c < children; c++) {
            if (c > 0) b.append(',');
            String child = CHILDREN.get(r.nextInt(CHILDREN.size()));
            b.append('"').append(child).append("\":").append(VALUES.value(r, READ.contains(parent + "." + child)));
          }
          b.append('}');
        }
      } else if (kind <= 7) {
        b.append('"').append(READ.get(r.nextInt(READ.size()))).append("\":").append(VALUES.value(r, true));
      } else {
        b.append('"').append(OTHER.get(r.nextInt(OTHER.size()))).append("\":").append(VALUES.value(r, false));
      }
    }
    return b.append('}').toString();
  }

  @Test
  void numberOutOfReach_inAReadField_malformedLine_elsewhere_skipped() {
    String text = "{\"_path\":\"conn\",\"ts\":1e2147483648,\"id.orig_h\":\"10.0.0.1\"}\n"
        + "{\"_path\":\"dns\",\"ts\":1764496800.5,\"answers\":[\"10.0.0.2\",1.5e-2147483648]}\n"
        + "{\"_path\":\"conn\",\"ts\":1764496800.5,\"id.orig_h\":\"10.0.0.1\",\"duration\":1e2147483648,\"id.resp_h\":\"10.0.0.2\"}\n";
    List<TelemetryItem> items = readText(TelemetryFormat.ZEEK, text, "zeek.json");
    assertThat(items).hasSize(3);
    assertThat(items.subList(0, 2)).allSatisfy(item -> assertThat(((TelemetryItem.Malformed) item).reason())
        .isEqualTo("not JSON: number out of range"));
    assertThat(items.get(2)).isInstanceOf(TelemetryItem.Record.class);
  }

  @Test
  void trailingContentOrNotAnObject_malformed() {
    String text = "{\"_path\":\"conn\",\"ts\":1764496800.5,\"id.orig_h\":\"10.0.0.1\"} {\"x\":1}\n"
        + "{\"_path\":\"conn\",\"ts\":1764496800.5,\"id\":{\"orig_h\":\"10.0.0.1\"}\n"
        + "{\"_path\":\"conn\",\"ts\":1764496800.5,\"id.orig_h\":\"10.0.0.1\"}\n";
    List<TelemetryItem> items = readText(TelemetryFormat.ZEEK, text, "zeek.json");
    assertThat(items).hasSize(3);
    assertThat(((TelemetryItem.Malformed) items.get(0)).reason()).isEqualTo("not one JSON object");
    assertThat(((TelemetryItem.Malformed) items.get(1)).reason()).startsWith("not JSON: Unexpected end-of-input");
    assertThat(items.get(2)).isInstanceOf(TelemetryItem.Record.class);
  }
}
