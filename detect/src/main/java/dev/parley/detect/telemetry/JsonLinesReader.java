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
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.function.BiPredicate;
import java.util.function.Predicate;

/**
 * Reads NDJSON telemetry (one JSON object a line) and maps each object with a format's mapping.
 * The line is streamed with Jackson's parser; only the top-level members the mapping reads become
 * a tree, and within them only the children it reads (EVE's {@code flow}: its {@code start}); the
 * rest (flow counters, TCP flags, alert metadata...) are skipped unbuilt: a whole {@code readTree}
 * of an EVE flow event cost more than matching it (BENCHMARKS.md). The trees are built here, with
 * the node types Jackson's tree reader makes (numbers other than integers by Jackson itself), on
 * small insertion-ordered maps.
 */
final class JsonLinesReader extends LineTelemetryReader {
  /** Maps one JSON record's observables into the builder; returns its time, or null when it has none. */
  @FunctionalInterface
  interface Mapping {
    Instant map(ObjectNode record, ObservationBuilder builder);
  }

  private final ObjectMapper json;
  private final JsonNodeFactory nodes;
  private final Mapping mapping;
  private final Predicate<String> keep;
  private final BiPredicate<String, String> keepWithin;

  JsonLinesReader(InputStream in, String source, ObjectMapper json, Mapping mapping, Predicate<String> keep) {
    this(in, source, json, mapping, keep, (member, child) -> true);
  }

  /** {@code keepWithin} tells, for a kept top-level member, which of its children the mapping reads. */
  JsonLinesReader(InputStream in, String source, ObjectMapper json, Mapping mapping, Predicate<String> keep,
      BiPredicate<String, String> keepWithin) {
    super(in, source);
    this.json = json;
    this.nodes = json.getNodeFactory();
    this.mapping = mapping;
    this.keep = keep;
    this.keepWithin = keepWithin;
  }

  @Override
  boolean tabsTrail() {
    return true;
  }

  @Override
  TelemetryItem line(byte[] buffer, int offset, int length, long number) throws IOException {
    ObjectNode object;
    try (JsonParser p = json.getFactory().createParser(buffer, offset, length)) {
      if (p.nextToken() != JsonToken.START_OBJECT) return new TelemetryItem.Malformed(number, "not a JSON object");
      object = new ObjectNode(nodes, new SmallMap<>(16));
      for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
        p.nextToken();
        if (keep.test(name)) object.set(name, value(p, name));
        else p.skipChildren();
      }
      if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
        return new TelemetryItem.Malformed(number, "not one JSON object");
      }
    } catch (JsonProcessingException e) {
      return new TelemetryItem.Malformed(number, "not JSON: " + e.getOriginalMessage());
    } catch (NumberFormatException | ArithmeticException e) {
      // an exponent no BigDecimal holds (1e2147483648): malformed input, as ARCHITECTURE.md says of numbers out of reach
      return new TelemetryItem.Malformed(number, "not JSON: number out of range");
    }
    return finish(mapping.map(object, builder), buffer, offset, length, number, "no valid timestamp");
  }

  /**
   * The tree of the value at the parser's current token; an object that is the top-level member
   * {@code member} (null below the top level) keeps only the children {@link #keepWithin} allows.
   */
  private JsonNode value(JsonParser p, String member) throws IOException {
    JsonToken token = p.currentToken();
    if (token == JsonToken.START_OBJECT) {
      ObjectNode object = new ObjectNode(nodes, new SmallMap<>(8));
      for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
        p.nextToken();
        if (member != null && !keepWithin.test(member, name)) p.skipChildren();
        else object.set(name, value(p, null));
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
}
