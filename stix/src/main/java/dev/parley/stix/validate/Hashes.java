package dev.parley.stix.validate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.stix.Rules;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * STIX 2.1 §2.7 hashes, with the value formats of the hash-algorithm-ov vocabulary (§10.7).
 *
 * <p>Every hashes property of the specification (external-reference §2.5.1, artifact §6.1.1, file
 * §6.7.1, alternate data stream §6.7.3, Windows PE file header, optional header and section
 * §6.7.6, X.509 certificate §6.18.1) says "Dictionary keys MUST come from the hash-algorithm-ov
 * open vocabulary", while §2.7 says a name "SHOULD come from" it and shows a user-defined
 * {@code x_foo_hash}. Read together: an open vocabulary admits names it does not list (§2.14), so
 * another algorithm's name is a warning (none for {@code x_} names, the form §2.7's example
 * uses); but a key that is a vocabulary name written otherwise ({@code sha256}, {@code Sha-256})
 * names a listed algorithm without its listed name, which §3.1 ("string literals MUST be exactly
 * the same, including case") and the MUST above forbid: an error that names the right spelling.
 * Its value is then judged in that algorithm's format.
 */
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
      String algorithm = FORMATS.containsKey(name) ? name : knownSpelling(name);
      if (algorithm == null) {
        if (!name.startsWith("x_")) {
          ctx.warning(Rules.HASH_ALGORITHM, at, "'" + name + "' is not in the hash-algorithm-ov vocabulary (STIX 2.1 §2.7)");
        }
        continue;
      }
      if (!algorithm.equals(name)) {
        ctx.error(Rules.HASH_ALGORITHM, at, "'" + name + "' names a hash-algorithm-ov algorithm: use '" + algorithm
            + "', exactly (STIX 2.1 §2.7, §3.1, §10.7)");
      }
      if (!FORMATS.get(algorithm).matcher(e.getValue().textValue()).matches()) {
        ctx.error(Rules.HASH_VALUE, at, "is not a valid " + algorithm + " value (STIX 2.1 §10.7)");
      }
    }
  }

  private static String knownSpelling(String name) {
    String n = name.toUpperCase(Locale.ROOT).replace("_", "").replace("-", "");
    for (String k : FORMATS.keySet()) if (k.replace("-", "").equals(n)) return k;
    return null;
  }
}
