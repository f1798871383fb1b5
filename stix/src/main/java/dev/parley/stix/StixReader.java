package dev.parley.stix;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Streams STIX records from a bundle, a single object, a JSON array of objects, or JSON Lines, in
 * constant memory (one object at a time; a bundle's {@code objects} are streamed when the bundle
 * names its {@code type} before them).
 *
 * <p>The form is detected from the text: if the first line holds one complete JSON object, the
 * input is read as JSON Lines, a record a line, and a malformed line is reported and skipped; a
 * record's object comes with its text; otherwise the input is one JSON document (or several
 * concatenated), and malformed text ends the reading after one {@link StixRecord.Malformed}
 * record. Malformed text includes a repeated member name and a number whose exponent no
 * {@link java.math.BigDecimal} holds. A bundle's own properties arrive as a
 * {@link StixRecord.BundleRecord} after its objects.
 *
 * <p>Not thread-safe. I/O failures surface as {@link UncheckedIOException}.
 */
public final class StixReader implements Iterator<StixRecord>, Closeable {
  private static final int PROBE_LIMIT = 1 << 20;

  private final BufferedReader in;
  private final String source;
  private final ArrayDeque<StixRecord> queue = new ArrayDeque<>();
  private long lineOffset;
  private boolean started;
  private boolean finished;
  private JsonLines lines;
  private Document document;

  private StixReader(BufferedReader in, String source) {
    this.in = in;
    this.source = source;
  }

  /** Reads a stream (UTF-8); {@code source} names it in records, e.g. {@code -} for stdin. */
  public static StixReader open(InputStream in, String source) {
    // bytes that are not UTF-8 fail the read (RFC 8259 §8.1: JSON exchanged is UTF-8); replaced, they stored a pattern of
    // 'caf\ufffd.example' that matched nothing, exit 0 (hostile run 12z)
    return new StixReader(new BufferedReader(new Utf8Text(in), 1 << 16), source);
  }

  @Override
  public boolean hasNext() {
    fill();
    return !queue.isEmpty();
  }

  @Override
  public StixRecord next() {
    if (!hasNext()) throw new NoSuchElementException();
    return queue.poll();
  }

  @Override
  public void close() throws IOException {
    finished = true;
    in.close();
  }

  private void fill() {
    try {
      while (queue.isEmpty() && !finished) {
        if (!started) start();
        else if (lines != null) lines.step();
        else document.step();
      }
    } catch (Utf8Text.NotUtf8 e) {
      String why = source + " is not UTF-8 text: " + e.getMessage() + " (STIX is exchanged as UTF-8,"
          + " RFC 8259 §8.1: convert it, e.g. with iconv -t UTF-8); nothing after them was read";
      throw new UncheckedIOException(why, new IOException(why, e));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void start() throws IOException {
    started = true;
    long line = 1;
    while (true) {
      in.mark(1);
      int c = in.read();
      if (c < 0) {
        finished = true;
        return;
      }
      if (c == '\n') line++;
      else if (c == '\uFEFF' || !Character.isWhitespace(c)) {
        if (c != '\uFEFF') in.reset();
        else continue;
        break;
      }
    }
    lineOffset = line - 1;
    if (firstLineIsWholeObject()) lines = new JsonLines();
    else document = new Document(Json.mapper().createParser(in));
  }

  private boolean firstLineIsWholeObject() throws IOException {
    in.mark(PROBE_LIMIT + 1);
    StringBuilder first = new StringBuilder();
    boolean newline = false;
    for (int i = 0; i <= PROBE_LIMIT; i++) {
      int c = in.read();
      if (c < 0) break;
      if (c == '\n') {
        newline = true;
        break;
      }
      first.append((char) c);
    }
    in.reset();
    if (first.length() == 0 || first.charAt(0) != '{' || first.length() > PROBE_LIMIT) return false;
    if (!newline) return true; // a one-line input: both readings agree
    // tokens only: no value is built, so no number is converted and no member name compared
    try (JsonParser p = Json.mapper().createParser(first.toString())) {
      p.disable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
      if (p.nextToken() != JsonToken.START_OBJECT) return false;
      p.skipChildren();
      return p.nextToken() == null;
    } catch (JsonProcessingException e) {
      return false;
    }
  }

  private void emitObject(JsonNode node, long line, String bundleId) {
    emitObject(node, line, bundleId, null);
  }

  private void emitObject(JsonNode node, long line, String bundleId, String text) {
    if (node instanceof ObjectNode object) {
      if (bundleId.isEmpty() && "bundle".equals(object.path("type").asText(null))) {
        emitWholeBundle(object, line);
      } else {
        queue.add(new StixRecord.ObjectRecord(object, source, line, bundleId, text));
      }
    } else {
      queue.add(new StixRecord.Malformed("expected a JSON object, found " + describe(node), source, line, 0));
    }
  }

  private void emitWholeBundle(ObjectNode bundle, long line) {
    ObjectNode header = bundle.deepCopy();
    JsonNode objects = header.remove("objects");
    String id = header.path("id").asText("");
    if (objects instanceof ArrayNode array) {
      for (JsonNode element : array) emitObject(element, line, id.isEmpty() ? "bundle" : id);
    } else if (objects != null) {
      header.set("objects", objects); // not a list: the validator reports it
    }
    queue.add(new StixRecord.BundleRecord(header, source, line));
  }

  private static String describe(JsonNode node) {
    return node.isArray() ? "an array" : node.isTextual() ? "a string" : node.isNumber() ? "a number" : node.isBoolean() ? "a boolean" : "null";
  }

  /** JSON Lines: one value a line; a bad line is reported and skipped. */
  private final class JsonLines {
    private long lineNumber = lineOffset;

    void step() throws IOException {
      String text = in.readLine();
      if (text == null) {
        finished = true;
        return;
      }
      lineNumber++;
      if (text.isBlank()) return;
      try (JsonParser p = Json.mapper().createParser(text)) {
        // the record's own text is kept as the object's JSON; the shared mapper refuses a repeated
        // member name, which would let the tree keep only the last value while the text says otherwise
        JsonNode node = Json.readTree(p);
        if (p.nextToken() != null) {
          JsonLocation at = p.currentTokenLocation();
          queue.add(new StixRecord.Malformed("text after the JSON value", source, lineNumber, at.getColumnNr()));
          return;
        }
        emitObject(node, lineNumber, "", text.strip());
      } catch (JsonProcessingException e) {
        queue.add(malformed(e, lineNumber - 1));
      }
    }
  }

  private StixRecord.Malformed malformed(JsonProcessingException e, long lineBase) {
    JsonLocation at = e.getLocation();
    long line = at == null ? lineBase + 1 : lineBase + at.getLineNr();
    long column = at == null ? 0 : at.getColumnNr();
    return new StixRecord.Malformed(Json.problem(e), source, line, column);
  }

  /** One or more JSON documents, streamed token by token so that a bundle never sits in memory. */
  private final class Document {
    private final JsonParser parser;
    private State state = State.TOP;
    private ObjectNode header;
    private long headerLine;
    private List<JsonNode> heldObjects;

    private enum State { TOP, ARRAY, OBJECT_FIELDS, BUNDLE_OBJECTS }

    Document(JsonParser parser) {
      this.parser = parser;
    }

    private long line() {
      return lineOffset + parser.currentTokenLocation().getLineNr();
    }

    void step() throws IOException {
      try {
        switch (state) {
          case TOP -> top();
          case ARRAY -> arrayElement();
          case OBJECT_FIELDS -> objectField();
          case BUNDLE_OBJECTS -> bundleObject();
        }
      } catch (JsonProcessingException e) {
        queue.add(malformed(e, lineOffset));
        finished = true;
      }
    }

    private void top() throws IOException {
      JsonToken t = parser.nextToken();
      if (t == null) {
        finished = true;
      } else if (t == JsonToken.START_ARRAY) {
        state = State.ARRAY;
      } else if (t == JsonToken.START_OBJECT) {
        header = Json.mapper().createObjectNode();
        headerLine = line();
        heldObjects = null;
        state = State.OBJECT_FIELDS;
      } else {
        long line = line();
        JsonNode node = Json.readTree(parser);
        queue.add(new StixRecord.Malformed("expected a JSON object or array, found " + describe(node), source, line, 0));
      }
    }

    private void arrayElement() throws IOException {
      JsonToken t = parser.nextToken();
      if (t == JsonToken.END_ARRAY) {
        state = State.TOP;
        return;
      }
      long line = line();
      emitObject(Json.readTree(parser), line, "");
    }

    private void objectField() throws IOException {
      JsonToken t = parser.nextToken();
      if (t == JsonToken.END_OBJECT) {
        finishTopObject();
        return;
      }
      String name = parser.currentName();
      JsonToken value = parser.nextToken();
      if ("objects".equals(name) && value == JsonToken.START_ARRAY && !header.has("objects")) {
        if ("bundle".equals(header.path("type").asText(null))) {
          state = State.BUNDLE_OBJECTS;
        } else {
          heldObjects = new ArrayList<>(); // type unknown yet: hold them until the object ends
          while (parser.nextToken() != JsonToken.END_ARRAY) heldObjects.add(Json.readTree(parser));
          header.putArray("objects");
        }
        return;
      }
      header.set(name, Json.readTree(parser));
    }

    private void bundleObject() throws IOException {
      JsonToken t = parser.nextToken();
      if (t == JsonToken.END_ARRAY) {
        state = State.OBJECT_FIELDS;
        return;
      }
      long line = line();
      emitObject(Json.readTree(parser), line, bundleId());
    }

    private String bundleId() {
      String id = header.path("id").asText("");
      return id.isEmpty() ? "bundle" : id;
    }

    private void finishTopObject() {
      state = State.TOP;
      boolean bundle = "bundle".equals(header.path("type").asText(null));
      if (heldObjects != null) {
        header.remove("objects");
        if (bundle) {
          for (JsonNode o : heldObjects) emitObject(o, headerLine, bundleId());
        } else {
          header.putArray("objects").addAll(heldObjects);
        }
      }
      if (bundle) queue.add(new StixRecord.BundleRecord(header, source, headerLine));
      else queue.add(new StixRecord.ObjectRecord(header, source, headerLine, ""));
    }
  }
}
