package dev.parley.stix;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NumericNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.databind.node.ValueNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
          .nodeFactory(new CountingNodes())
          .build();

  /**
   * The JSON values one tree that {@link #readTree(JsonParser)} reads may hold, for this thread
   * ({@link #limitValues}); null: no bound.
   */
  private static final ThreadLocal<long[]> VALUES_LEFT = new ThreadLocal<>();
  private static final ThreadLocal<Long> VALUE_LIMIT = new ThreadLocal<>();

  /** A tree past its thread's bound of values. */
  private static final class TooManyValues extends RuntimeException {
    TooManyValues() {
      super(null, null, false, false);
    }
  }

  /**
   * The node factory of the mapper (exact decimals, as the mapper reads floats), counting the
   * values a tree makes against its thread's bound: a tree of a megabyte of {@code {}} is 350,000
   * nodes and tens of megabytes of heap, whatever reads it.
   */
  private static final class CountingNodes extends JsonNodeFactory {
    CountingNodes() {
      super(true);
    }

    private static void count() {
      long[] left = VALUES_LEFT.get();
      if (left != null && --left[0] < 0) throw new TooManyValues();
    }

    @Override
    public ObjectNode objectNode() {
      count();
      return super.objectNode();
    }

    @Override
    public ArrayNode arrayNode() {
      count();
      return super.arrayNode();
    }

    @Override
    public ArrayNode arrayNode(int capacity) {
      count();
      return super.arrayNode(capacity);
    }

    @Override
    public TextNode textNode(String text) {
      count();
      return super.textNode(text);
    }

    @Override
    public ValueNode numberNode(BigDecimal v) {
      count();
      return super.numberNode(v);
    }

    @Override
    public ValueNode numberNode(BigInteger v) {
      count();
      return super.numberNode(v);
    }

    @Override
    public NumericNode numberNode(long v) {
      count();
      return super.numberNode(v);
    }

    @Override
    public NumericNode numberNode(int v) {
      count();
      return super.numberNode(v);
    }

    @Override
    public NumericNode numberNode(double v) {
      count();
      return super.numberNode(v);
    }
  }

  /**
   * Bounds, for this thread, the JSON values of each tree {@link #readTree(JsonParser)} reads from
   * then on (one STIX object of a stream; 0 lifts the bound): past it the read fails as malformed
   * JSON at that point, before the tree costs more memory (hostile run 12as D5: one observed-data
   * of 3,000,000 {@code {}} ran a 128 MB heap out).
   */
  public static void limitValues(long perTree) {
    if (perTree <= 0) VALUE_LIMIT.remove();
    else VALUE_LIMIT.set(perTree);
  }

  private Json() {}

  /** The shared, thread-safe mapper. */
  /**
   * What a JSON parser found wrong, for a person, in the project's words: a bound passed says which
   * and how far ("nested deeper than 1,000 levels", "a string longer than 20,000,000 characters"),
   * NaN and Infinity are no JSON numbers; any other message is the parser's first sentence without
   * the names of the library's settings ("from `StreamReadConstraints.getMaxNestingDepth()`"), its
   * advice to enable one ("enable `JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS` to allow": no one
   * who reads this can), the echo of the input ("[Source: ...", the character or token it quotes)
   * or a parenthesis left open.
   */
  public static String problem(com.fasterxml.jackson.core.JsonProcessingException e) {
    String m = e.getOriginalMessage() == null ? "malformed JSON" : e.getOriginalMessage();
    Matcher bound = BOUND.matcher(m);
    if (bound.find()) return bound(bound.group(1), Long.parseLong(bound.group(2)));
    Matcher number = NOT_A_NUMBER.matcher(m);
    if (number.find()) return number.group(1) + " is not a JSON number (JSON has no NaN or Infinity)";
    m = m.replaceAll("(?s)\\s*\\((?:start marker at|for \\w+ starting at) \\[Source: .*$", "")
        .replaceAll("(?s)\\s*\\[Source: .*$", "")
        .replaceAll(",? ?from `[^`]*`", "")
        .replaceAll(":? *(?:enable|use) `[^`]*` to allow", "")
        .replaceAll(" *\\([^()]*Feature '[^']*' not enabled[^()]*\\)", "")
        // no piece of the input: a character or a token of it is where the message says, not what it is
        .replaceAll("^Unexpected character \\('(?:[^']|'')*' \\(code \\d+[^)]*\\)\\)", "Unexpected character")
        .replaceAll("^Unrecognized token '(?:[^']|'')*'", "Unrecognized token");
    int line = m.indexOf('\n');
    if (line >= 0) m = m.substring(0, line);
    return closed(m).strip();
  }

  /** A parser's limit passed: "Document nesting depth (1001) exceeds the maximum allowed (1000, ...)". */
  private static final Pattern BOUND = Pattern.compile(
      "^(.+?) \\(\\d+\\) exceeds the maximum allowed \\((\\d+)");
  /** A token JSON has no number for: "Non-standard token 'Infinity'". */
  private static final Pattern NOT_A_NUMBER = Pattern.compile(
      "^Non-standard token '([+-]?(?:NaN|Infinity|INF))'");

  /** The words for a limit passed, by what the parser counted. */
  private static String bound(String what, long max) {
    String n = String.format(Locale.ROOT, "%,d", max);
    return switch (what) {
      case "Document nesting depth" -> "nested deeper than " + n + " levels";
      case "String value length" -> "a string longer than " + n + " characters";
      case "Number value length" -> "a number longer than " + n + " characters";
      case "Name length" -> "a member name longer than " + n + " characters";
      case "Document length" -> "a document longer than " + n + " bytes";
      case "Token count" -> "more than " + n + " tokens";
      default -> what.substring(0, 1).toLowerCase(Locale.ROOT) + what.substring(1) + " past its limit of " + n;
    };
  }

  /** The text up to its first parenthesis left open, if any (a message cut short), without the punctuation before it. */
  private static String closed(String m) {
    int depth = 0;
    int open = -1;
    for (int i = 0; i < m.length(); i++) {
      char c = m.charAt(i);
      if (c == '(' && depth++ == 0) open = i;
      else if (c == ')' && depth > 0) depth--;
    }
    return depth == 0 ? m : m.substring(0, open).replaceAll("[\\s:,;]+$", "");
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
    return readTree(parser, VALUE_LIMIT.get(), "an object");
  }

  /**
   * Reads one JSON value from {@code body} as {@link #readTree(byte[])} does, of at most the JSON
   * values its size allows: any number up to {@link Envelope#DENSE_FROM}, past it one in {@link
   * Envelope#BYTES_PER_VALUE} bytes; denser, the read fails as malformed JSON where it passes the
   * bound. A tree costs tens of bytes of heap a value, so that a body read from another party
   * ({@code [[],[],…]}: a value in three bytes) costs a few times its size at most, not sixteen.
   */
  public static JsonNode readSized(byte[] body) throws IOException {
    try (JsonParser parser = MAPPER.createParser(body)) {
      return readTree(parser, Math.max((long) Envelope.DENSE_FROM, (long) body.length / Envelope.BYTES_PER_VALUE), "a body");
    }
  }

  private static JsonNode readTree(JsonParser parser, Long limit, String what) throws IOException {
    if (limit != null) VALUES_LEFT.set(new long[] {limit});
    try {
      return parser.readValueAsTree();
    } catch (NumberFormatException | ArithmeticException e) {
      throw outOfRange(parser);
    } catch (TooManyValues e) {
      throw tooMany(parser, limit, what);
    } catch (JsonMappingException e) {
      if (e.getCause() instanceof TooManyValues) throw tooMany(parser, limit, what);
      throw e;
    } finally {
      if (limit != null) VALUES_LEFT.remove();
    }
  }

  /** The parse error of the number {@code parser} is at, which no decimal holds ({@code 1e2147483648}). */
  static JsonParseException outOfRange(JsonParser parser) throws IOException {
    return new JsonParseException(parser,
        "number " + abbreviated(parser.getText()) + " is out of range (its exponent overflows)", parser.currentTokenLocation());
  }

  private static JsonParseException tooMany(JsonParser parser, long limit, String what) {
    return new JsonParseException(parser, what + " of more than " + String.format(Locale.ROOT, "%,d", limit) + " JSON values",
        parser.currentTokenLocation());
  }

  /** Reads one JSON value from {@code body}, as {@link #readTree(JsonParser)} does. */
  public static JsonNode readTree(byte[] body) throws IOException {
    try (JsonParser parser = MAPPER.createParser(body)) {
      return readTree(parser);
    }
  }

  /**
   * Reads the one JSON value {@code body} holds, as {@link #readTree(byte[])} does, and refuses text
   * after it with its place (RFC 8259 §2: a JSON text is one value); null for an empty body.
   */
  public static JsonNode readOne(byte[] body) throws IOException {
    try (JsonParser parser = MAPPER.createParser(body)) {
      if (parser.nextToken() == null) return null;
      JsonNode tree = readTree(parser);
      if (parser.nextToken() != null) {
        throw new JsonParseException(parser, "text after the JSON value (a JSON text is one value)", parser.currentTokenLocation());
      }
      return tree;
    }
  }

  /** What kind of JSON value {@code v} is, for messages: "a list", "an object", "a string", "a number", "a boolean", "null". */
  public static String kind(JsonNode v) {
    return kind(v.asToken());
  }

  /** {@link #kind(JsonNode)}'s words for the value a token begins. */
  public static String kind(JsonToken start) {
    return switch (start) {
      case START_ARRAY -> "a list";
      case START_OBJECT -> "an object";
      case VALUE_STRING -> "a string";
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
      case VALUE_TRUE, VALUE_FALSE -> "a boolean";
      case VALUE_NULL -> "null";
      default -> start.name().toLowerCase();
    };
  }

  /** A value as a message quotes it: whole up to 40 characters, else its first 20 and last 17 around "...". */
  public static String abbreviated(String text) {
    if (text == null) return "";
    return text.length() <= 40 ? text : text.substring(0, 20) + "..." + text.substring(text.length() - 17);
  }
}
