package dev.parley.stix;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.ContentReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * A TAXII 2.1 envelope (§3.7) read as text: where each entry of its {@code objects} list lies in the
 * body, with the entry's {@code id}, {@code modified} and {@code created} when they are strings, and
 * the envelope's {@code more} and {@code next}; no tree of the body is made. Each entry becomes a
 * tree when it is judged ({@link Entry#tree}), one at a time, so that the memory a request or a
 * pulled page costs is its size: the whole body as one tree cost 16 bytes of heap for every byte of
 * {@code [[],[],…]}, and a body of the 100 MiB an API root accepts could end the node.
 *
 * <p>Reading walks every token once: malformed JSON, a member name repeated in an object and a
 * number no decimal holds are found anywhere in the body, with their place, as reading it whole
 * found them. An entry of more than {@link #DENSE_FROM} JSON values holding more than one value in
 * {@link #BYTES_PER_VALUE} bytes is marked ({@link Entry#problem}) and never made a tree: STIX
 * objects that large are mostly identifiers and text (a report's {@code object_refs} is one value
 * in 45 bytes).
 */
public final class Envelope {
  /** The JSON values an entry may hold at any density. */
  public static final int DENSE_FROM = 16_384;
  /** Past {@link #DENSE_FROM} values, the bytes an entry has for each of its values at least. */
  public static final int BYTES_PER_VALUE = 16;

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /**
   * One entry of the objects list: its place in the list and in the body, the kind of JSON value it
   * is, its {@code id} and version text ({@code modified}, else {@code created}) when it is an object
   * that has them as strings, and why it is not made a tree (null when it may be).
   */
  public record Entry(int index, int offset, int length, JsonToken start, String id, String version, String problem) {
    /** Whether the entry is a JSON object. */
    public boolean isObject() {
      return start == JsonToken.START_OBJECT;
    }

    /** What kind of JSON value the entry is, as {@link Json#kind} says it. */
    public String kind() {
      return Json.kind(start);
    }

    /** The entry read as a tree from the body it was found in (it was read once already: it is well-formed). */
    public JsonNode tree(byte[] body) throws IOException {
      try (JsonParser p = Json.mapper().createParser(body, offset, length)) {
        return Json.readTree(p);
      }
    }
  }

  private final byte[] body;
  private final JsonToken root;
  private final JsonToken objectsStart;
  private final List<Entry> entries;
  private final JsonNode more;
  private final JsonNode next;

  private Envelope(byte[] body, JsonToken root, JsonToken objectsStart, List<Entry> entries, JsonNode more, JsonNode next) {
    this.body = body;
    this.root = root;
    this.objectsStart = objectsStart;
    this.entries = entries;
    this.more = more;
    this.next = next;
  }

  /**
   * Reads the first JSON value of {@code body} (what follows it is not read, as {@link
   * Json#readTree(byte[])} does). Throws a {@link com.fasterxml.jackson.core.JsonProcessingException}
   * with its location where the JSON is malformed.
   */
  public static Envelope read(byte[] body) throws IOException {
    byte[] utf8 = utf8(body);
    try (JsonParser p = Json.mapper().createParser(utf8)) {
      JsonToken first = p.nextToken();
      if (first == null) return new Envelope(utf8, null, null, List.of(), null, null);
      if (first != JsonToken.START_OBJECT) {
        walk(p, first);
        end(p);
        return new Envelope(utf8, first, null, List.of(), null, null);
      }
      JsonToken objectsStart = null;
      List<Entry> entries = List.of();
      JsonNode more = null;
      JsonNode next = null;
      for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
        String name = p.currentName();
        JsonToken value = p.nextToken();
        switch (name) {
          case "objects" -> {
            objectsStart = value;
            if (value == JsonToken.START_ARRAY) entries = entries(p);
            else walk(p, value);
          }
          case "more" -> more = member(p, value);
          case "next" -> next = member(p, value);
          default -> walk(p, value);
        }
      }
      end(p);
      return new Envelope(utf8, first, objectsStart, entries, more, next);
    }
  }

  /**
   * Nothing but white space may follow the envelope (RFC 8259 §2: a JSON text is one value): a body
   * of an envelope and more text was stored as the envelope, where {@code validate} refused the
   * same text (hostile run 12ba D2).
   */
  private static void end(JsonParser p) throws IOException {
    if (p.nextToken() != null) throw new JsonParseException(p, "text after the envelope (a JSON text is one value)", p.currentTokenLocation());
  }

  /** Entries an envelope of {@code bytes} may hold at most: any number up to 1,000, past it one in {@link #BYTES_PER_ENTRY} bytes. */
  public static long entriesAllowed(long bytes) {
    return Math.max(1_000, bytes / BYTES_PER_ENTRY);
  }

  /**
   * The bytes an envelope has for each of its entries at least, past 1,000: no STIX object is
   * smaller (an identifier alone is 40 bytes, a minimal SCO about 80), while each entry costs a
   * status line of about 150 bytes (hostile run 12ba D1: an envelope of 1,000,000 {@code []} in 3 MB
   * made a status of a million failures and ran a 256 MB node out of memory).
   */
  public static final int BYTES_PER_ENTRY = 64;

  /**
   * Why the envelope holds more entries than its size allows ({@link #entriesAllowed}), or null
   * when it does not.
   */
  public String tooManyEntries() {
    if (entries.size() <= entriesAllowed(body.length)) return null;
    return String.format(Locale.ROOT, "the envelope holds %,d entries in %,d bytes, more than one in %d bytes past 1,000: no STIX object"
        + " is that small (an identifier alone is 40 bytes)", entries.size(), body.length, BYTES_PER_ENTRY);
  }

  /**
   * The bytes the entries lie in ({@link Entry#tree}): the body read, or its UTF-8 form when it was
   * UTF-16 or UTF-32 (RFC 8259 §8.1 asks for UTF-8; a reader that took the others goes on taking them).
   */
  public byte[] body() {
    return body;
  }

  /**
   * The body in UTF-8: itself, or its text re-encoded when its first bytes show UTF-16 or UTF-32 as
   * RFC 4627 §3 tells them (zero bytes among the first four; a byte order mark).
   */
  private static byte[] utf8(byte[] body) throws JsonParseException {
    if (body.length < 2) return body;
    int b0 = body[0] & 0xff;
    int b1 = body[1] & 0xff;
    int b2 = body.length > 2 ? body[2] & 0xff : -1;
    int b3 = body.length > 3 ? body[3] & 0xff : -1;
    String charset;
    if (b0 == 0 && b1 == 0) charset = "UTF-32BE";
    else if (b0 == 0xFF && b1 == 0xFE && b2 == 0 && b3 == 0) charset = "UTF-32LE";
    else if (b0 == 0xFE && b1 == 0xFF || b0 == 0) charset = "UTF-16BE";
    else if (b0 == 0xFF && b1 == 0xFE) charset = "UTF-16LE";
    else if (b1 == 0 && b2 == 0 && b3 == 0) charset = "UTF-32LE";
    else if (b1 == 0) charset = "UTF-16LE";
    else return body;
    String text = decoded(body, Charset.forName(charset));
    if (!text.isEmpty() && text.charAt(0) == '\uFEFF') text = text.substring(1);
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * The text of a body in a Unicode form other than UTF-8, or a parse error at the first code unit
   * that is not of that form (a lone surrogate, a code point past U+10FFFF), with its line and
   * column: a decoder that replaced it stored U+FFFD in the sender's object and answered success,
   * where invalid UTF-8 is refused with its place (hostile run bb D6).
   */
  private static String decoded(byte[] body, Charset charset) throws JsonParseException {
    ByteBuffer in = ByteBuffer.wrap(body);
    try {
      return charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(in).toString();
    } catch (CharacterCodingException e) {
      int at = in.position();
      String before = new String(body, 0, at, charset);
      int line = 1;
      int lineStart = 0;
      for (int i = 0; i < before.length(); i++) {
        if (before.charAt(i) == '\n') {
          line++;
          lineStart = i + 1;
        }
      }
      String message = String.format(Locale.ROOT, "the body is not valid %s at byte %,d: a lone surrogate or a code point past U+10FFFF",
          charset.name(), at);
      throw new JsonParseException(null, message, new JsonLocation(ContentReference.unknown(), at, -1, line, before.length() - lineStart + 1));
    }
  }

  /** Whether the body's first value is a JSON object; false for an empty body. */
  public boolean isObject() {
    return root == JsonToken.START_OBJECT;
  }

  /** Whether the body holds no JSON value at all. */
  public boolean isEmpty() {
    return root == null;
  }

  /**
   * The kind of value the envelope's {@code objects} member is ({@link Json#kind}'s words), or null
   * when it has none.
   */
  public String objectsKind() {
    return objectsStart == null ? null : Json.kind(objectsStart);
  }

  /** The entries of the {@code objects} list, in order; empty when it has none or is no list. */
  public List<Entry> entries() {
    return entries;
  }

  /**
   * The envelope's {@code more}, or null when it has none; a list or an object is given empty (only
   * its kind is kept).
   */
  public JsonNode more() {
    return more;
  }

  /** The envelope's {@code next}, or null when it has none; as {@link #more} for a list or an object. */
  public JsonNode next() {
    return next;
  }

  private static List<Entry> entries(JsonParser p) throws IOException {
    List<Entry> out = new ArrayList<>();
    for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
      int offset = (int) p.currentTokenLocation().getByteOffset();
      String id = null;
      String modified = null;
      String created = null;
      long values = 1;
      if (t == JsonToken.START_OBJECT) {
        for (JsonToken m = p.nextToken(); m == JsonToken.FIELD_NAME; m = p.nextToken()) {
          String name = p.currentName();
          JsonToken value = p.nextToken();
          if (value == JsonToken.VALUE_STRING && (name.equals("id") || name.equals("modified") || name.equals("created"))) {
            String text = p.getText();
            if (name.equals("id")) id = text;
            else if (name.equals("modified")) modified = text;
            else created = text;
            values++;
          } else {
            values += walk(p, value);
          }
        }
      } else {
        values = walk(p, t);
      }
      p.finishToken();
      int length = (int) (p.currentLocation().getByteOffset() - offset);
      String problem = values > DENSE_FROM && values * BYTES_PER_VALUE > length
          ? String.format(Locale.ROOT, "%,d JSON values in %,d bytes, more than one in %d bytes past %,d values: not read (a STIX object"
              + " that large is mostly identifiers and text)", values, length, BYTES_PER_VALUE, DENSE_FROM)
          : null;
      out.add(new Entry(out.size(), offset, length, t, id, modified != null ? modified : created, problem));
    }
    return Collections.unmodifiableList(out);
  }

  /**
   * Reads the value that begins with {@code first} to its end, checking each number as a tree would
   * read it; returns the JSON values it holds.
   */
  private static long walk(JsonParser p, JsonToken first) throws IOException {
    long values = 0;
    int depth = 0;
    JsonToken t = first;
    while (true) {
      switch (t) {
        case START_OBJECT, START_ARRAY -> {
          values++;
          depth++;
        }
        case END_OBJECT, END_ARRAY -> depth--;
        case FIELD_NAME -> { }
        case VALUE_NUMBER_FLOAT -> {
          values++;
          decimal(p);
        }
        default -> values++;
      }
      if (depth == 0) return values;
      t = p.nextToken();
    }
  }

  /** A scalar member as a tree; a list or an object read through and given empty. */
  private static JsonNode member(JsonParser p, JsonToken value) throws IOException {
    return switch (value) {
      case START_OBJECT -> {
        walk(p, value);
        yield NODES.objectNode();
      }
      case START_ARRAY -> {
        walk(p, value);
        yield NODES.arrayNode();
      }
      case VALUE_STRING -> NODES.textNode(p.getText());
      case VALUE_TRUE, VALUE_FALSE -> NODES.booleanNode(value == JsonToken.VALUE_TRUE);
      case VALUE_NULL -> NODES.nullNode();
      case VALUE_NUMBER_INT -> NODES.numberNode(p.getBigIntegerValue());
      default -> NODES.numberNode(decimal(p));
    };
  }

  private static java.math.BigDecimal decimal(JsonParser p) throws IOException {
    try {
      return p.getDecimalValue();
    } catch (NumberFormatException | ArithmeticException e) {
      throw Json.outOfRange(p);
    }
  }
}
