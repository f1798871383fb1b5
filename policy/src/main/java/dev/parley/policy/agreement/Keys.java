package dev.parley.policy.agreement;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.stix.Spelling;
import java.util.Iterator;
import java.util.List;

/**
 * Refuses the keys an agreement does not define: a misspelt key must not silently widen or narrow
 * sharing. The message suggests the key meant when one is within an edit or two.
 */
final class Keys {
  private Keys() {}

  /** Notes a problem at every member of {@code o} not in {@code known}. */
  static void check(ObjectNode o, String at, List<String> known, String what, List<Problem> problems) {
    for (Iterator<String> names = o.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (known.contains(name)) continue;
      String meant = nearest(name, known);
      problems.add(new Problem(at + "/" + escape(name), "unknown key '" + name + "'"
          + (meant == null ? "" : " (did you mean '" + meant + "'?)") + "; " + what + " has " + Words.join(known, "and")));
    }
  }

  /** RFC 6901 §3: '~' is written "~0" and '/' "~1" in a reference token. */
  static String escape(String name) {
    return name.replace("~", "~0").replace("/", "~1");
  }

  /**
   * The known key within two edits (a transposition is one: {@code Spelling#distance}), the nearest,
   * or null. AGREEMENT-FORMAT.md promises two edits for every key; the short ones went without a
   * suggestion past one (hostile run 10ap: {@code relya}, {@code psuh}, {@code rly}).
   */
  private static String nearest(String name, List<String> known) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String k : known) {
      if (Math.abs(name.length() - k.length()) > 2) continue; // too far apart; and a long key costs nothing
      int d = Spelling.distance(name, k);
      if (d <= 2 && d < bestDistance) {
        best = k;
        bestDistance = d;
      }
    }
    return best;
  }
}
