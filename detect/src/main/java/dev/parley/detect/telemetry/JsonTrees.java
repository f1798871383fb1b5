package dev.parley.detect.telemetry;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.stix.Json;
import java.io.IOException;
import java.util.function.BiPredicate;

/**
 * Builds the tree of one value at a streaming parser's current token, with the node types Jackson's
 * tree reader makes (numbers other than integers by Jackson itself), on small insertion-ordered
 * maps; an object that is a top-level member keeps only the children a mapping reads, and a child
 * given twice makes the line malformed ({@link #duplicate}). Shared by
 * the JSON lines readers, so that a member reads the same, and a bad number fails the same, in each.
 */
final class JsonTrees {
  private final ObjectMapper json;
  private final JsonNodeFactory nodes;
  private final BiPredicate<String, String> keepWithin;

  /**
   * The malformed item for a line whose parse failed: Jackson's message, or a number beyond reach (an
   * exponent no BigDecimal holds, 1e2147483648, throws NumberFormatException or ArithmeticException:
   * malformed input, as ARCHITECTURE.md says of numbers out of reach).
   */
  static TelemetryItem.Malformed notJson(long number, Exception e) {
    if (e instanceof TooManyValues t) {
      return new TelemetryItem.Malformed(number, t.getOriginalMessage() + " (column " + t.getLocation().getColumnNr() + ")");
    }
    return new TelemetryItem.Malformed(number,
        e instanceof JsonProcessingException j ? "not JSON: " + Json.problem(j) : "not JSON: number out of range");
  }

  /**
   * The JSON values a line's trees hold at most: eight for each value a record gives
   * ({@link ObservationBuilder#RECORD_VALUES}), more than a DNS answer of that many records, each
   * an object of a few members, needs. A line of a megabyte of {@code [{},{},...]} in DNS answers
   * built 350,000 nodes, 50 to 80 MB of heap for one line (hostile run 12ar D4); now such a line
   * is malformed once its trees reach this many, at a few megabytes.
   */
  static final int MAX_NODES = 8 * ObservationBuilder.RECORD_VALUES;

  /** A line whose trees would hold more than {@link #MAX_NODES} values. */
  static final class TooManyValues extends JsonParseException {
    TooManyValues(JsonParser p) {
      super(p, "the line's members read as trees (DNS answers, attachments, e-mail lists) hold more than " + MAX_NODES + " JSON values");
    }
  }

  /** Values the current line's trees may still build. */
  private int nodesLeft = MAX_NODES;

  /** A new line: its trees may build {@link #MAX_NODES} values. */
  void newLine() {
    nodesLeft = MAX_NODES;
  }

  /** Reads the members of the object at a parser's {@code START_OBJECT}, to its {@code END_OBJECT}. */
  @FunctionalInterface
  interface Members {
    void read(JsonParser p) throws IOException;
  }

  /**
   * Parses one line as one JSON object whose members {@code members} reads: null when it was one,
   * else the line's malformed item (not an object, content after it, not JSON, a number out of
   * reach where it is read). The same for every JSON lines format, so a line is malformed alike in each.
   */
  static TelemetryItem.Malformed object(ObjectMapper json, byte[] buffer, int offset, int length, long number, Members members)
      throws IOException {
    try (JsonParser p = json.getFactory().createParser(buffer, offset, length)) {
      if (p.nextToken() != JsonToken.START_OBJECT) return new TelemetryItem.Malformed(number, "not a JSON object");
      members.read(p);
      if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
        return new TelemetryItem.Malformed(number, "not one JSON object");
      }
      return null;
    } catch (JsonProcessingException | NumberFormatException | ArithmeticException e) {
      return notJson(number, e);
    }
  }

  /**
   * A member given twice where a mapping reads it: the line is malformed, as a STIX object with a
   * repeated key is (the last value read, the first one, an address maybe, was silently lost: hostile
   * run 12ah). Members no mapping reads are skipped unchecked.
   */
  static JsonParseException duplicate(JsonParser p, String name) {
    return new JsonParseException(p, "Duplicate field '" + name + "'");
  }

  /** {@code keepWithin} tells, for a top-level member, which of its children to build. */
  JsonTrees(ObjectMapper json, BiPredicate<String, String> keepWithin) {
    this.json = json;
    this.nodes = json.getNodeFactory();
    this.keepWithin = keepWithin;
  }

  /** An empty object node on a small map, as the values' objects are. */
  ObjectNode object(int capacity) {
    return new ObjectNode(nodes, new SmallMap<>(capacity));
  }

  /**
   * The tree of the value at the parser's current token; an object that is the top-level member
   * {@code member} (null below the top level) keeps only the children {@link #keepWithin} allows.
   */
  JsonNode value(JsonParser p, String member) throws IOException {
    if (--nodesLeft < 0) throw new TooManyValues(p);
    JsonToken token = p.currentToken();
    if (token == JsonToken.START_OBJECT) {
      ObjectNode object = object(member != null ? 8 : 4); // below the top level: an answer's or an attachment's few members
      for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
        p.nextToken();
        if (member != null && !keepWithin.test(member, name)) p.skipChildren();
        else if (object.replace(name, value(p, null)) != null) throw duplicate(p, name);
      }
      return object;
    }
    if (token == JsonToken.START_ARRAY) {
      ArrayNode array = nodes.arrayNode();
      for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
        if (t == null) throw new JsonParseException(p, "unexpected end-of-input in an array");
        array.add(value(p, null));
      }
      return array;
    }
    return switch (token) {
      case VALUE_STRING -> nodes.textNode(p.getText());
      case VALUE_TRUE -> nodes.booleanNode(true);
      case VALUE_FALSE -> nodes.booleanNode(false);
      case VALUE_NULL -> nodes.nullNode();
      case VALUE_NUMBER_INT -> switch (p.getNumberType()) {
        case INT -> nodes.numberNode(p.getIntValue());
        case LONG -> nodes.numberNode(p.getLongValue());
        default -> nodes.numberNode(p.getBigIntegerValue());
      };
      default -> json.readTree(p); // floats (exact decimals, as the mapper is set) and the rest: Jackson's own
    };
  }

  /**
   * A scalar's text as its tree node gives it ({@link JsonNode#asText}) without making the node: an
   * integer in decimal, a float as its exact decimal (decoded only when its text is not already
   * that), a string, a boolean. A float out of reach throws NumberFormatException or
   * ArithmeticException, as its node would ({@link #notJson}).
   */
  static String text(JsonParser p) throws IOException {
    String text = p.getText();
    return switch (p.currentToken()) {
      case VALUE_NUMBER_INT -> text.equals("-0") ? "0" : text; // JSON integers have no other leading zero or sign
      case VALUE_NUMBER_FLOAT -> plainDecimal(text) ? text : p.getDecimalValue().toString();
      default -> text;
    };
  }

  /**
   * Whether a float's text is its exact decimal's own text: digits, a point and digits, without an
   * exponent, the first digit not zero (BigDecimal writes a number under 10^-6 with an exponent).
   */
  private static boolean plainDecimal(String t) {
    int i = t.startsWith("-") ? 1 : 0;
    if (i >= t.length() || t.charAt(i) < '1' || t.charAt(i) > '9') return false;
    boolean point = false;
    for (; i < t.length(); i++) {
      char c = t.charAt(i);
      if (c == '.' && !point) point = true;
      else if (c < '0' || c > '9') return false;
    }
    return point && t.charAt(t.length() - 1) != '.';
  }
}
