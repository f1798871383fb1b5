package dev.parley.store.objects;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * What the web interface's search index keeps of a body, computed in the JVM when the body is
 * written, so that the indexer (which follows the write path) no longer parses each body as
 * {@code jsonb} in SQL: that was most of the database's CPU per object stored (BENCHMARKS.md,
 * {@code POST /telemetry}). It is the same as the SQL functions {@code parley_search_text} and
 * {@code parley_marking_refs} of migrations V40, V42 and V44 give, before {@code lower}, which the
 * indexer still applies in SQL so that the database's own case mapping decides as before.
 *
 * <p>Where the JVM cannot be sure to give the same as SQL (a member that is a number or an object
 * where text is expected, a NUL or an unpaired surrogate, which PostgreSQL's text cannot hold or
 * spells differently) {@link #of} gives null, and the indexer falls back to the SQL functions.
 *
 * @param text the searchable members joined by spaces, not yet lower case
 * @param sourceRef a relationship's {@code source_ref}, else null
 * @param targetRef a relationship's {@code target_ref}, else null
 * @param markings the entries of {@code object_marking_refs}
 */
public record Searchable(String text, String sourceRef, String targetRef, List<String> markings) {
  /** The members searched, in the order {@code parley_search_text} joins them; {@code hashes} last. */
  private static final List<String> MEMBERS = List.of("name", "description", "pattern", "value", "display_name", "path");

  public Searchable {
    markings = List.copyOf(markings);
  }

  /** What the index keeps of {@code object}, or null when only the SQL functions can tell. */
  public static Searchable of(String type, ObjectNode object) {
    StringBuilder text = new StringBuilder();
    boolean first = true;
    for (String member : MEMBERS) {
      JsonNode value = object.get(member);
      if (value == null || value.isNull()) continue; // concat_ws leaves out nulls
      if (!value.isTextual() || !plain(value.textValue())) return null;
      if (!first) text.append(' ');
      text.append(value.textValue());
      first = false;
    }
    JsonNode hashes = object.get("hashes");
    if (hashes != null && hashes.isObject() && !hashes.isEmpty()) {
      String joined = hashValues((ObjectNode) hashes);
      if (joined == null) return null;
      if (!first) text.append(' ');
      text.append(joined);
      first = false;
    }
    // V44: the external ids, then aliases and x_mitre_aliases, each list joined by spaces (string_agg)
    List<List<String>> lists = Arrays.asList(externalIds(object.get("external_references")), texts(object.get("aliases")),
        texts(object.get("x_mitre_aliases")));
    for (List<String> list : lists) {
      if (list == null) return null;
      if (list.isEmpty()) continue; // string_agg of no rows is null, which concat_ws leaves out
      if (!first) text.append(' ');
      text.append(String.join(" ", list));
      first = false;
    }
    String source = null;
    String target = null;
    if ("relationship".equals(type)) {
      JsonNode s = object.get("source_ref");
      JsonNode t = object.get("target_ref");
      if (!textOrAbsent(s) || !textOrAbsent(t)) return null;
      source = s == null || s.isNull() ? null : s.textValue();
      target = t == null || t.isNull() ? null : t.textValue();
    }
    List<String> markings = List.of();
    JsonNode refs = object.get("object_marking_refs");
    if (refs != null && refs.isArray()) {
      markings = new ArrayList<>(refs.size());
      for (JsonNode r : refs) {
        if (!r.isTextual() || !plain(r.textValue())) return null;
        markings.add(r.textValue());
      }
    }
    return new Searchable(text.toString(), source, target, markings);
  }

  /**
   * The texts {@code e ->> 'external_id'} gives over the objects of an {@code external_references}
   * array (anything else there is skipped, as are absent ids), or null when only SQL can tell.
   */
  private static List<String> externalIds(JsonNode refs) {
    if (refs == null || !refs.isArray()) return List.of();
    List<String> out = new ArrayList<>();
    for (JsonNode e : refs) {
      if (!e.isObject()) continue;
      JsonNode id = e.get("external_id");
      if (id == null || id.isNull()) continue;
      if (!id.isTextual() || !plain(id.textValue())) return null;
      out.add(id.textValue());
    }
    return out;
  }

  /** The texts {@code jsonb_array_elements_text} gives of an array (JSON nulls skipped), or null when only SQL can tell. */
  private static List<String> texts(JsonNode array) {
    if (array == null || !array.isArray()) return List.of();
    List<String> out = new ArrayList<>();
    for (JsonNode a : array) {
      if (a.isNull()) continue;
      if (!a.isTextual() || !plain(a.textValue())) return null;
      out.add(a.textValue());
    }
    return out;
  }

  /** True when {@code ->>} gives the same as Java for {@code value}: absent, JSON null, or plain text. */
  private static boolean textOrAbsent(JsonNode value) {
    return value == null || value.isNull() || value.isTextual() && plain(value.textValue());
  }

  /**
   * The values of {@code hashes} joined by spaces, in the order {@code jsonb_each_text} gives them:
   * {@code jsonb} keeps an object's keys sorted by their length in UTF-8 bytes, then byte by byte.
   * Null when a value is not text.
   */
  private static String hashValues(ObjectNode hashes) {
    List<Map.Entry<byte[], String>> entries = new ArrayList<>(hashes.size());
    for (Iterator<Map.Entry<String, JsonNode>> it = hashes.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode v = e.getValue();
      if (!v.isTextual() || !plain(v.textValue()) || !plain(e.getKey())) return null;
      entries.add(Map.entry(e.getKey().getBytes(StandardCharsets.UTF_8), v.textValue()));
    }
    entries.sort((a, b) -> a.getKey().length != b.getKey().length
        ? Integer.compare(a.getKey().length, b.getKey().length) : Arrays.compareUnsigned(a.getKey(), b.getKey()));
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < entries.size(); i++) {
      if (i > 0) out.append(' ');
      out.append(entries.get(i).getValue());
    }
    return out.toString();
  }

  /** True when PostgreSQL's text holds {@code s} as Java has it: no NUL, no unpaired surrogate. */
  private static boolean plain(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == 0) return false;
      if (Character.isHighSurrogate(c)) {
        if (i + 1 == s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) return false;
        i++;
      } else if (Character.isLowSurrogate(c)) {
        return false;
      }
    }
    return true;
  }
}
