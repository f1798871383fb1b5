package dev.parley.stix;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;

/** The one Jackson configuration that reads and writes STIX in this project. */
public final class Json {
  private static final ObjectMapper MAPPER =
      JsonMapper.builder(JsonFactory.builder()
              .enable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
              // A repeated member name is refused wherever STIX is read: the tree would keep the
              // last value while the text (stored or signed as received) says otherwise.
              .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
              .build())
          // Floats keep their decimal text (1.10 stays 1.10) so a round trip changes nothing.
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
          .build();

  private Json() {}

  /** The shared, thread-safe mapper. */
  /**
   * What a JSON parser found wrong, for a person: its own words without the names of the library's
   * settings ("from `StreamReadConstraints.getMaxNestingDepth()`") or the echo of the input.
   */
  public static String problem(com.fasterxml.jackson.core.JsonProcessingException e) {
    String m = e.getOriginalMessage() == null ? "malformed JSON" : e.getOriginalMessage();
    // "allowed (1000, from `X()`)" keeps its closing parenthesis: it closes "(1000"
    m = m.replaceAll(" ?\\(from `[A-Za-z.]+\\(\\)`\\)|,? from `[A-Za-z.]+\\(\\)`", "").replaceAll("(?s)\\s*\\(start marker at \\[Source: .*$", "")
        .replaceAll("(?s)\\s*\\[Source: .*$", "")
        .replaceAll(":? *\\(?(?:enable|use) `[A-Za-z.]+`[^)]*\\)?", "");
    return m.replace("\n", " ").strip();
  }

  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /**
   * Reads the next JSON value of {@code parser} as a tree (null at the end of the input). A number
   * that no {@link java.math.BigDecimal} holds ({@code 1e2147483648}: its exponent overflows) is a
   * {@link JsonParseException} at the number, like any other malformed input, and not the
   * {@link NumberFormatException} Jackson lets through.
   */
  public static JsonNode readTree(JsonParser parser) throws IOException {
    try {
      return parser.readValueAsTree();
    } catch (NumberFormatException | ArithmeticException e) {
      throw new JsonParseException(parser,
          "number " + abbreviated(parser.getText()) + " is out of range (its exponent overflows)", parser.currentTokenLocation());
    }
  }

  /** Reads one JSON value from {@code body}, as {@link #readTree(JsonParser)} does. */
  public static JsonNode readTree(byte[] body) throws IOException {
    try (JsonParser parser = MAPPER.createParser(body)) {
      return readTree(parser);
    }
  }

  /** What kind of JSON value {@code v} is, for messages: "a list", "an object", "a string", "a number", "a boolean", "null". */
  public static String kind(JsonNode v) {
    return switch (v.getNodeType()) {
      case ARRAY -> "a list";
      case OBJECT -> "an object";
      case STRING -> "a string";
      case NUMBER -> "a number";
      case BOOLEAN -> "a boolean";
      case NULL -> "null";
      default -> v.getNodeType().name().toLowerCase();
    };
  }

  private static String abbreviated(String text) {
    if (text == null) return "";
    return text.length() <= 40 ? text : text.substring(0, 20) + "..." + text.substring(text.length() - 17);
  }
}
