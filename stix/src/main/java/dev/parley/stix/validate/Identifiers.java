package dev.parley.stix.validate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.stix.Rules;
import java.util.Set;
import java.util.TreeSet;

/** STIX 2.1 §2.9 identifiers: {@code object-type--UUID} with an RFC 4122 UUID. */
final class Identifiers {
  private Identifiers() {}

  /** Why {@code id} is not a STIX identifier, or null when it is one. Hand-scanned: this runs for every reference. */
  static String problem(String id) {
    int sep = id.indexOf("--");
    if (sep < 2 || !typePart(id, sep) || id.length() != sep + 2 + 36 || !uuid(id, sep + 2)) {
      return "'" + id + "' is not of the form object-type--UUID (STIX 2.1 §2.9)";
    }
    char variant = Character.toLowerCase(id.charAt(sep + 2 + 19));
    if (variant != '8' && variant != '9' && variant != 'a' && variant != 'b') {
      return "'" + id + "' does not hold an RFC 4122 UUID (variant bits)";
    }
    char version = id.charAt(sep + 2 + 14);
    if (version < '1' || version > '8') return "'" + id + "' does not hold an RFC 4122 UUID (version " + version + ")";
    return null;
  }

  /** [a-z0-9] at both ends, [a-z0-9-] between. */
  private static boolean typePart(String s, int end) {
    for (int i = 0; i < end; i++) {
      char c = s.charAt(i);
      boolean alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
      if (!alnum && (c != '-' || i == 0 || i == end - 1)) return false;
    }
    return true;
  }

  /** 8-4-4-4-12 hexadecimal digits. */
  private static boolean uuid(String s, int from) {
    for (int i = 0; i < 36; i++) {
      char c = s.charAt(from + i);
      if (i == 8 || i == 13 || i == 18 || i == 23) {
        if (c != '-') return false;
      } else if (Character.digit(c, 16) < 0 || c > 'f') {
        return false;
      }
    }
    return true;
  }

  static String typeOf(String id) {
    int at = id.indexOf("--");
    return at < 0 ? "" : id.substring(0, at);
  }

  static int uuidVersion(String id) {
    return Character.digit(id.charAt(id.indexOf("--") + 2 + 14), 16);
  }

  static void checkReference(JsonNode v, String p, Context ctx, Set<String> allowed) {
    if (!v.isTextual()) {
      ctx.error(Rules.PROPERTY_TYPE, p, "must be an identifier string, found " + Types.kind(v));
      return;
    }
    String id = v.textValue();
    String why = problem(id);
    if (why != null) {
      ctx.error(Rules.ID_SYNTAX, p, why);
      return;
    }
    if (!allowed.isEmpty() && !allows(allowed, typeOf(id))) {
      ctx.error(Rules.REFERENCE_TYPE, p, "must refer to " + describe(allowed) + ", not to a " + typeOf(id));
    }
  }

  /** Whether a reference to {@code type} fits {@code allowed}; unknown (custom) types fit the wildcards. */
  static boolean allows(Set<String> allowed, String type) {
    if (allowed.contains(type) || allowed.contains("*")) return true;
    Category c = Specs.categoryOf(type);
    if (allowed.contains("*sco") && (c == Category.SCO || c == null)) return true;
    if (allowed.contains("*sdo") && (c == Category.SDO || c == null)) return true;
    if (allowed.contains("*sro") && (c == Category.SRO || c == null)) return true;
    return false;
  }

  static String describe(Set<String> allowed) {
    return String.join(" or ", new TreeSet<>(allowed)).replace("*sco", "a cyber-observable").replace("*sdo", "a domain object").replace("*sro", "a relationship object");
  }
}
