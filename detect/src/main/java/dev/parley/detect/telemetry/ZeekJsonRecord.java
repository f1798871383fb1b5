package dev.parley.detect.telemetry;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One record of Zeek's JSON form, streamed with Jackson's parser into the fields the mappings read
 * ({@link #FIELDS}), with no tree of the line: a {@code conn} record carries twenty members and the
 * mapping reads five, and the whole tree (and the exact decimal of every float in it) cost more than
 * reading and matching the rest of the record. A field reads as Jackson's tree of the line read it
 * before: Zeek writes dotted names flat ({@code "id.orig_h"}); a name absent at the top level is
 * looked for one level down ({@code {"id":{"orig_h":..}}}); a member read given twice makes the
 * line malformed ({@link JsonTrees#duplicate}); a JSON null is absent; a value reads as its node's text (a float as its exact decimal, whose
 * exponent, if out of reach, makes the line malformed). Members no mapping reads are skipped
 * unbuilt. Reused from line to line; not thread-safe.
 */
final class ZeekJsonRecord implements ZeekFields {
  /**
   * Every field {@link ZeekRecords#map}, {@link ZeekJsonScreen} and {@link ZeekPaths#infer} read. A
   * field read there and missing here would read as absent.
   */
  static final List<String> FIELDS = List.of("ts", "id.orig_h", "id.orig_p", "id.resp_h", "id.resp_p", "proto",
      "service", "conn_state", "history", "orig_bytes",
      "query", "qtype_name", "answers",
      "host", "uri", "method", "version", "user_agent", "referrer", "origin", "proxied",
      "server_name", "cipher", "subject", "issuer", "cert_chain_fps", "client_cert_chain_fps",
      "fuid", "tx_hosts", "rx_hosts", "md5", "sha1", "sha256", "filename", "mime_type", "total_bytes", "seen_bytes",
      "fingerprint", "certificate.serial", "certificate.subject", "certificate.issuer", "san.dns", "san.ip", "san.email", "san.uri",
      "mailfrom", "rcptto", "from", "to", "cc", "reply_to", "x_originating_ip", "path", "helo");

  private static final Set<String> WHOLE = new HashSet<>(FIELDS);
  /** A dotted field's first part → the rests under it. */
  private static final Map<String, Set<String>> NESTED = new HashMap<>();

  static {
    for (String f : FIELDS) {
      int dot = f.indexOf('.');
      if (dot > 0) NESTED.computeIfAbsent(f.substring(0, dot), k -> new HashSet<>()).add(f.substring(dot + 1));
    }
  }

  /** A JSON null: absent, and (at the top level) hiding a nested value of the same name. */
  private static final Object NULL = new Object();
  /** An object where a field is read: present (for {@link #has}), but neither a text nor a list. */
  private static final Object OBJECT = new Object();

  /** An array: its first element's text (as {@link #text} reads it) and its value elements' texts. */
  private record Array(String first, List<String> values) {}

  private final SmallMap<Object> whole = new SmallMap<>(8);
  private final SmallMap<Object> nested = new SmallMap<>(4);
  /** The members read whose objects hold dotted fields ({@code id}, {@code certificate}, {@code san}), as met. */
  private final List<String> parents = new ArrayList<>(2);
  private final Runnable notUtf8;
  private String path;
  private boolean pathGiven;
  private boolean highEscape;

  /** A record whose values, when decoded, tell {@code notUtf8} of escapes that are not UTF-8 ({@link ZeekTsvHeader#unescape(String, Runnable)}). */
  ZeekJsonRecord(Runnable notUtf8) {
    this.notUtf8 = notUtf8;
  }

  /**
   * Reads the object at the parser's current token ({@code START_OBJECT}) to its end.
   *
   * @throws IOException when the JSON is malformed (a float out of reach included)
   */
  void read(JsonParser p) throws IOException {
    whole.clear();
    nested.clear();
    parents.clear();
    path = null;
    pathGiven = false;
    highEscape = false;
    for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
      JsonToken token = p.nextToken();
      if (name.equals("_path")) {
        if (pathGiven) throw JsonTrees.duplicate(p, name); // which log the record is of decides its mapping
        pathGiven = true;
        path = token == JsonToken.VALUE_STRING ? p.getText() : null;
      }
      Set<String> under = NESTED.get(name);
      if (under != null) {
        if (parents.contains(name)) throw JsonTrees.duplicate(p, name);
        parents.add(name);
        if (token == JsonToken.START_OBJECT) {
          for (String child = p.nextFieldName(); child != null; child = p.nextFieldName()) {
            p.nextToken();
            if (!under.contains(child)) p.skipChildren();
            else if (nested.put(name + "." + child, kept(value(p))) != null) throw JsonTrees.duplicate(p, name + "." + child);
          }
          continue;
        }
      }
      if (!WHOLE.contains(name)) p.skipChildren();
      else if (whole.put(name, kept(value(p))) != null) throw JsonTrees.duplicate(p, name);
    }
  }

  /** A value kept for the mappings, noting whether it holds an escape of a byte over 0x7f. */
  private Object kept(Object value) {
    if (value instanceof String s) {
      highEscape |= ZeekTsvHeader.highEscape(s, 0, s.length());
    } else if (value instanceof Array a) {
      for (String s : a.values()) highEscape |= ZeekTsvHeader.highEscape(s, 0, s.length());
    }
    return value;
  }

  /**
   * Whether a value kept for the mappings holds an escape of a byte over 0x7f, whose decoding may
   * meet bytes that are not UTF-8 (a value given twice: either of them).
   */
  boolean highEscape() {
    return highEscape;
  }

  /** The record's {@code _path} when it is a string, else null. */
  String path() {
    return path;
  }

  boolean has(String name) {
    return node(name) != null;
  }

  private Object node(String name) {
    Object v = whole.get(name);
    if (v == null) v = nested.get(name);
    return v == NULL ? null : v;
  }

  @Override
  public String text(String name) {
    Object v = node(name);
    if (v instanceof String s) return ZeekTsvHeader.unescape(s, notUtf8);
    if (v instanceof Array a) return ZeekTsvHeader.unescape(a.first(), notUtf8);
    return null;
  }

  @Override
  public List<String> texts(String name) {
    Object v = node(name);
    Object second = secondForm(name);
    if (second == null && v instanceof String s) return List.of(ZeekTsvHeader.unescape(s, notUtf8));
    List<String> out = new ArrayList<>();
    addTexts(v, out, false);
    addTexts(second, out, true); // a field given flat and nested: the values of both (hostile run 12af)
    return out;
  }

  /** Adds the texts of a value; {@code once}: only those not there already. */
  private void addTexts(Object v, List<String> out, boolean once) {
    if (v instanceof String s) {
      String t = ZeekTsvHeader.unescape(s, notUtf8);
      if (!once || !out.contains(t)) out.add(t);
    } else if (v instanceof Array a) {
      for (String s : a.values()) {
        String t = ZeekTsvHeader.unescape(s, notUtf8);
        if (!once || !out.contains(t)) out.add(t);
      }
    }
  }

  @Override
  public String otherForm(String name) {
    Object second = secondForm(name);
    String t = second instanceof String s ? ZeekTsvHeader.unescape(s, notUtf8)
        : second instanceof Array a ? ZeekTsvHeader.unescape(a.first(), notUtf8) : null;
    return t == null || t.equals(text(name)) ? null : t;
  }

  /** The nested form of a field that is given flat too (which {@link #node} reads), or null. */
  private Object secondForm(String name) {
    if (nested.size() == 0) return null;
    Object w = whole.get(name);
    if (w == null || w == NULL) return null;
    Object n = nested.get(name);
    return n == NULL ? null : n;
  }

  /** The value at the current token: its text, {@link #NULL}, {@link #OBJECT} or an {@link Array}. */
  private static Object value(JsonParser p) throws IOException {
    JsonToken token = p.currentToken();
    if (token == JsonToken.START_OBJECT) {
      p.skipChildren();
      return OBJECT;
    }
    if (token == JsonToken.START_ARRAY) {
      String first = null;
      List<String> values = new ArrayList<>(4);
      for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
        if (t == null) throw new JsonParseException(p, "unexpected end-of-input in an array");
        String text;
        if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
          p.skipChildren();
          text = ""; // a container's text
        } else if (t == JsonToken.VALUE_NULL) {
          text = "null"; // a null element's text, though never one of the values
        } else {
          text = JsonTrees.text(p);
          values.add(text);
        }
        if (first == null) first = text;
      }
      return new Array(first == null ? "" : first, values);
    }
    return token == JsonToken.VALUE_NULL ? NULL : JsonTrees.text(p);
  }
}
