package dev.parley.pattern.parse;

import dev.parley.pattern.syntax.Constant;
import dev.parley.pattern.syntax.ObjectPath;
import dev.parley.pattern.syntax.PathStep;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.antlr.v4.runtime.Token;

/**
 * Hash values compared by = , != or IN must have the form of their algorithm. STIX 2.1 §2.7: a
 * hashes value "MUST be a string in the appropriate format defined by the hash type indicated in
 * the dictionary key"; the algorithms are those of hash-algorithm-ov (§10.3). A constant that no
 * such value can equal is a mistake in the pattern (a truncated or mislabelled hash), so it is
 * refused where it stands rather than matching nothing in silence.
 */
final class HashValues {
  private record Form(String name, Pattern pattern, String description) {}

  private static final Map<String, Form> FORMS = Map.of(
      "MD5", hex("MD5", 32),
      "SHA1", hex("SHA-1", 40),
      "SHA256", hex("SHA-256", 64),
      "SHA512", hex("SHA-512", 128),
      "SHA3256", hex("SHA3-256", 64),
      "SHA3512", hex("SHA3-512", 128),
      // the fuzzy hashes are checked loosely: their forms have variants (block sizes, versions)
      "SSDEEP", new Form("SSDEEP", Pattern.compile("[0-9]+:[A-Za-z0-9+/]*:[A-Za-z0-9+/]*"),
          "blocksize:hash:hash, base64 characters"),
      "TLSH", new Form("TLSH", Pattern.compile("(T1)?[0-9A-Fa-f]{70,}"), "70 or more hexadecimal digits"));

  private HashValues() {}

  private static Form hex(String name, int digits) {
    return new Form(name, Pattern.compile("[0-9A-Fa-f]{" + digits + "}"), digits + " hexadecimal digits");
  }

  /**
   * Refuses a string constant that cannot be a hash of the algorithm the path names, i.e. a path
   * ending in {@code hashes.<algorithm>}. Names are matched as the OASIS pattern validator does:
   * ignoring case, '-' and '_' ({@code SHA-256}, {@code sha256}).
   */
  static void check(ObjectPath path, Constant value, Token where) {
    if (!(value instanceof Constant.StringConstant s)) return;
    List<PathStep> steps = path.steps();
    int n = steps.size();
    if (n < 2 || !(steps.get(n - 1) instanceof PathStep.Key algorithm)
        || !(steps.get(n - 2) instanceof PathStep.Key parent) || !parent.name().equals("hashes")) {
      return;
    }
    Form form = FORMS.get(algorithm.name().toUpperCase(Locale.ROOT).replace("-", "").replace("_", ""));
    if (form != null && !form.pattern().matcher(s.value()).matches()) {
      throw Rejection.at(where, "'" + Constants.shown(s.value()) + "' is not a " + form.name() + " hash: expected "
          + form.description() + " (STIX 2.1 §2.7)");
    }
  }
}
