package dev.parley.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Every identifier an object names: what it would reveal to a peer that receives it. Fail closed,
 * the set is larger than the embedded relationships of STIX 2.1 §3.1 (properties ending in
 * {@code _ref} and {@code _refs}):
 *
 * <ul>
 *   <li>every value of a property ending in {@code _ref} or {@code _refs}, at any depth (relationship
 *       and sighting refs, {@code object_refs}, {@code created_by_ref}, {@code object_marking_refs},
 *       granular {@code marking_ref}, SCO refs in extensions and in custom properties), and inside
 *       such a value whatever its shape;
 *   <li>any other string value, and any member name, that is a whole identifier: a custom
 *       {@code x_related: "indicator--..."} reveals the id as surely as a {@code _ref}, and the
 *       keys of {@code extensions} name extension definitions (§7.3);
 *   <li>an identifier inside any other string, among other text: {@code "see indicator--..."}, a URL
 *       ending in one, an id with a space before it. Such text reveals the id to a reader as surely
 *       (a hostile run counted them as leaks); its type is the run of a-z, 0-9 and '-' before the
 *       {@code --}, so text that only looks like one (a word run into it) names an id no one holds,
 *       which withholds the object as a dangling reference does: fail closed;
 *   <li>an identifier with upper-case letters also in lower case, the form a reader that takes
 *       UUIDs case-insensitively (RFC 4122 §3) would look up; one whose type has upper-case letters
 *       is no object's id (§2.9), so it counts in lower case alone.
 * </ul>
 *
 * <p>An identifier is {@code type--uuid}: a type of a-z, 0-9 and '-' and a UUID of 8-4-4-4-12
 * hexadecimal digits, any case, any version (§2.9 judged loosely: a reference the validator would
 * refuse still names something). The object's own top-level {@code id} is left out. The walk visits
 * every value once, with its own stack: linear in the object's size, whatever its depth.
 */
public final class References {
  private References() {}

  /** The identifiers {@code object} names, in the order they occur, each once. */
  public static Set<String> of(ObjectNode object) {
    String self = object.path("id").textValue();
    Set<String> ids = new LinkedHashSet<>();
    Deque<JsonNode> pending = new ArrayDeque<>();
    pending.push(object);
    while (!pending.isEmpty()) {
      JsonNode node = pending.pop();
      if (node.isTextual()) {
        add(node.textValue(), self, ids);
      } else if (node.isObject()) {
        // members pushed in reverse so that they come off the stack in the order written
        Deque<JsonNode> members = new ArrayDeque<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> member = it.next();
          add(member.getKey(), self, ids);
          members.push(member.getValue());
        }
        members.forEach(pending::push);
      } else if (node.isArray()) {
        for (int i = node.size() - 1; i >= 0; i--) pending.push(node.get(i));
      }
    }
    return Collections.unmodifiableSet(ids);
  }

  private static void add(String text, String self, Set<String> ids) {
    if (identifier(text)) {
      named(text, self, ids);
      return;
    }
    // identifiers among other text: each "--" followed by a UUID's shape, with the type before it
    for (int at = text.indexOf("--"); at >= 0; at = text.indexOf("--", at + 2)) {
      if (at + 38 > text.length() || !uuid(text, at + 2)) continue;
      int start = at;
      while (start > 0 && typeChar(text.charAt(start - 1))) start--;
      while (start < at && text.charAt(start) == '-') start++; // a type does not begin with '-'
      if (start < at) named(text.substring(start, at + 38), self, ids);
    }
  }

  private static void named(String id, String self, Set<String> ids) {
    if (id.equals(self)) return;
    String lower = id.toLowerCase(Locale.ROOT);
    // the form as written only when an object could have it as its id (§2.9: a lower-case type; a UUID's
    // digits in either case): an upper-case type is no object's, and counted as one no one holds it
    // withheld an object whose text named a served id so written (a hostile run)
    if (lowerCaseType(id)) ids.add(id);
    if (!lower.equals(id) && !lower.equals(self)) ids.add(lower);
  }

  private static boolean lowerCaseType(String id) {
    for (int i = 0, end = id.length() - 38; i < end; i++) if (ascii(id.charAt(i), 'A', 'Z')) return false;
    return true;
  }

  private static boolean typeChar(char c) {
    return ascii(c, 'a', 'z') || ascii(c, 'A', 'Z') || ascii(c, '0', '9') || c == '-';
  }

  /** Whether the 36 characters of {@code s} from {@code from} have a UUID's shape: 8-4-4-4-12 hexadecimal digits. */
  private static boolean uuid(String s, int from) {
    for (int i = 0; i < 36; i++) {
      char c = s.charAt(from + i);
      boolean ok = i == 8 || i == 13 || i == 18 || i == 23 ? c == '-' : ascii(c, '0', '9') || ascii(c, 'a', 'f') || ascii(c, 'A', 'F');
      if (!ok) return false;
    }
    return true;
  }

  /** {@code type--8-4-4-4-12}: a type of a-z, 0-9 and '-' (either case), then a UUID's shape in hexadecimal digits. */
  static boolean identifier(String s) {
    int sep = s.length() - 38;
    if (sep < 1 || s.charAt(sep) != '-' || s.charAt(sep + 1) != '-') return false;
    for (int i = 0; i < sep; i++) if (!typeChar(s.charAt(i))) return false;
    return uuid(s, sep + 2);
  }

  private static boolean ascii(char c, char from, char to) {
    return c >= from && c <= to;
  }
}
