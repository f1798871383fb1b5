package dev.parley.stix.validate;

import dev.parley.stix.Rules;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * RFC 5646 language tags, as STIX 2.1 requires of {@code lang} (§3.2), granular markings' {@code
 * lang} (§7.2.3), language-content {@code contents} keys (§7.1.1) and software {@code languages}
 * (§6.14.1). A tag must be well-formed (the ABNF of RFC 5646 §2.1, grandfathered and private-use
 * tags included) and valid (§2.2.9): its language, extlang, script, region and variant subtags
 * registered in the IANA Language Subtag Registry, no variant or extension singleton twice.
 *
 * <p>The registry's subtags come from {@code language-subtags.txt} beside this class, derived
 * from the registry by {@code stix/tools/LanguageSubtags.java} (its File-Date is in the file's
 * first line). It is read once, from the class path; a check is one pass over the tag and a
 * hash look-up per subtag.
 */
final class LanguageTags {
  private LanguageTags() {}

  private static final String RESOURCE = "language-subtags.txt";
  private static final Map<String, Set<String>> REGISTERED = new HashMap<>();
  private static final String FILE_DATE;

  static {
    String date = "";
    try (InputStream in = LanguageTags.class.getResourceAsStream(RESOURCE)) {
      if (in == null) throw new IllegalStateException(RESOURCE + " is missing from the class path");
      BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        if (line.startsWith("# IANA Language Subtag Registry, File-Date: ")) date = line.substring(line.lastIndexOf(' ') + 1);
        if (line.startsWith("#") || line.isBlank()) continue;
        int tab = line.indexOf('\t');
        REGISTERED.put(line.substring(0, tab), Set.of(line.substring(tab + 1).split(" ")));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    FILE_DATE = date;
  }

  /** A string that must be a valid RFC 5646 language tag; anything else is an error of rule {@code language}. */
  static ValueType type(String section) {
    return (v, p, ctx) -> {
      if (!v.isTextual()) {
        ctx.error(Rules.PROPERTY_TYPE, p, "must be a string, found " + Types.kind(v));
        return;
      }
      String why = problem(v.textValue());
      if (why != null) ctx.error(Rules.LANGUAGE, p, why + " (" + section + ")");
    };
  }

  /** Why {@code tag} is not a valid RFC 5646 language tag, or null when it is one. */
  static String problem(String tag) {
    for (int i = 0; i < tag.length(); i++) {
      char c = tag.charAt(i);
      if (!alphanumeric(c) && c != '-') return "'" + tag + "' is not an RFC 5646 language tag: only ASCII letters, digits and '-' may appear (RFC 5646 §2.1)";
    }
    String lower = tag.toLowerCase(Locale.ROOT);
    if (REGISTERED.get("grandfathered").contains(lower)) return null;
    String[] subtags = lower.split("-", -1);
    for (String s : subtags) {
      if (s.isEmpty() || s.length() > 8) return malformed(tag, "every subtag has 1 to 8 characters");
    }
    int i = 0;
    int n = subtags.length;
    if (subtags[0].equals("x")) return privateUse(tag, subtags, 0);
    String language = subtags[i++];
    if (!alpha(language) || language.length() < 2) return malformed(tag, "it must start with a language subtag of 2 to 8 letters, or 'x'");
    if (language.length() == 4) return "'" + tag + "' is not a valid RFC 5646 language tag: four-letter language subtags are reserved (RFC 5646 §2.2.1)";
    if (!registered("language", language)) return unregistered(tag, "language", language);
    for (int extlangs = 0; language.length() <= 3 && i < n && subtags[i].length() == 3 && alpha(subtags[i]); extlangs++, i++) {
      if (extlangs == 3) return malformed(tag, "a language subtag takes at most three extlang subtags");
      if (!registered("extlang", subtags[i])) return unregistered(tag, "extlang", subtags[i]);
    }
    if (i < n && subtags[i].length() == 4 && alpha(subtags[i])) {
      if (!registered("script", subtags[i])) return unregistered(tag, "script", subtags[i]);
      i++;
    }
    if (i < n && ((subtags[i].length() == 2 && alpha(subtags[i])) || (subtags[i].length() == 3 && digits(subtags[i])))) {
      if (!registered("region", subtags[i])) return unregistered(tag, "region", subtags[i]);
      i++;
    }
    Set<String> variants = new HashSet<>(2);
    for (; i < n && variant(subtags[i]); i++) {
      if (!registered("variant", subtags[i])) return unregistered(tag, "variant", subtags[i]);
      if (!variants.add(subtags[i])) return "'" + tag + "' repeats the variant '" + subtags[i] + "' (RFC 5646 §2.2.9)";
    }
    Set<Character> singletons = new HashSet<>(2);
    while (i < n && subtags[i].length() == 1 && !subtags[i].equals("x")) {
      if (!singletons.add(subtags[i].charAt(0))) return "'" + tag + "' repeats the extension '" + subtags[i] + "' (RFC 5646 §2.2.9)";
      int first = ++i;
      while (i < n && subtags[i].length() >= 2) i++;
      if (i == first) return malformed(tag, "the extension '" + subtags[first - 1] + "' needs at least one subtag of 2 to 8 characters");
    }
    if (i < n && subtags[i].equals("x")) return privateUse(tag, subtags, i);
    if (i < n) return malformed(tag, "the subtag '" + subtags[i] + "' is out of place");
    return null;
  }

  /** privateuse = "x" 1*("-" (1*8alphanum)): any subtags, at least one. */
  private static String privateUse(String tag, String[] subtags, int x) {
    return x + 1 < subtags.length ? null : malformed(tag, "'x' must be followed by at least one private-use subtag");
  }

  /** variant = 5*8alphanum / (DIGIT 3alphanum). */
  private static boolean variant(String s) {
    return s.length() >= 5 || (s.length() == 4 && s.charAt(0) >= '0' && s.charAt(0) <= '9');
  }

  private static boolean registered(String type, String subtag) {
    return REGISTERED.get(type).contains(subtag);
  }

  private static String malformed(String tag, String why) {
    return "'" + tag + "' is not a well-formed RFC 5646 language tag: " + why + " (RFC 5646 §2.1)";
  }

  private static String unregistered(String tag, String type, String subtag) {
    return "'" + tag + "' is not a valid RFC 5646 language tag: '" + subtag + "' is not a registered " + type
        + " subtag (IANA Language Subtag Registry, File-Date " + FILE_DATE + ")";
  }

  private static boolean alpha(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 'a' || c > 'z') return false;
    }
    return true;
  }

  private static boolean digits(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') return false;
    }
    return true;
  }

  private static boolean alphanumeric(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  }
}
