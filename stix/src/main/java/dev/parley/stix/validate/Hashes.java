package dev.parley.stix.validate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.stix.Rules;
import java.util.Iterator;
import java.util.Map;
import java.util.regex.Pattern;

/** STIX 2.1 §2.7 hashes, with the value formats of the hash-algorithm-ov vocabulary (§10.10). */
final class Hashes {
  private Hashes() {}

  private static final Map<String, Pattern> FORMATS = Map.of(
      "MD5", Pattern.compile("[0-9a-fA-F]{32}"),
      "SHA-1", Pattern.compile("[0-9a-fA-F]{40}"),
      "SHA-256", Pattern.compile("[0-9a-fA-F]{64}"),
      "SHA-512", Pattern.compile("[0-9a-fA-F]{128}"),
      "SHA3-256", Pattern.compile("[0-9a-fA-F]{64}"),
      "SHA3-512", Pattern.compile("[0-9a-fA-F]{128}"),
      "SSDEEP", Pattern.compile("\\d+:[A-Za-z0-9/+]+:[A-Za-z0-9/+]+(?:,\"[^\"]*\")?"),
      "TLSH", Pattern.compile("(?:T1)?[0-9a-fA-F]{70}"));
  private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_-]{3,250}");

  static void check(JsonNode v, String p, Context ctx) {
    if (!v.isObject()) {
      ctx.error(Rules.PROPERTY_TYPE, p, "must be a hashes dictionary, found " + Types.kind(v));
      return;
    }
    if (v.isEmpty()) ctx.error(Rules.DICTIONARY, p, "hashes must hold at least one hash");
    for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String name = e.getKey();
      String at = Context.child(p, name);
      if (!KEY.matcher(name).matches()) {
        ctx.error(Rules.HASH_ALGORITHM, at, "hash names must have 3 to 250 of the characters a-z, A-Z, 0-9, '-' and '_' (STIX 2.1 §2.7)");
      }
      if (!e.getValue().isTextual()) {
        ctx.error(Rules.PROPERTY_TYPE, at, "a hash value must be a string, found " + Types.kind(e.getValue()));
        continue;
      }
      Pattern format = FORMATS.get(name);
      if (format == null) {
        String known = knownSpelling(name);
        if (known != null) {
          ctx.warning(Rules.HASH_ALGORITHM, at, "'" + name + "' should be written '" + known + "' (hash-algorithm-ov)");
          format = FORMATS.get(known);
        } else if (!name.startsWith("x_")) {
          ctx.warning(Rules.HASH_ALGORITHM, at, "'" + name + "' is not in the hash-algorithm-ov vocabulary");
        }
      }
      if (format != null && !format.matcher(e.getValue().textValue()).matches()) {
        ctx.error(Rules.HASH_VALUE, at, "is not a valid " + name + " value");
      }
    }
  }

  private static String knownSpelling(String name) {
    String n = name.toUpperCase().replace("_", "").replace("-", "");
    for (String k : FORMATS.keySet()) if (k.replace("-", "").equals(n)) return k;
    return null;
  }
}
