package dev.parley.cli;

import dev.parley.stix.Rules;
import dev.parley.stix.Spelling;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** The validator's rule ids, as {@link Rules} declares them, for options that name rules. */
final class RuleIds {
  /** Every rule id, sorted; read from {@link Rules} so that a rule added there is known here. */
  static final Set<String> ALL = read();

  private RuleIds() {}

  private static Set<String> read() {
    Set<String> ids = new TreeSet<>();
    for (Field field : Rules.class.getFields()) {
      int m = field.getModifiers();
      if (Modifier.isStatic(m) && Modifier.isFinal(m) && field.getType() == String.class) {
        try {
          ids.add((String) field.get(null));
        } catch (IllegalAccessException e) {
          throw new IllegalStateException(e); // public fields of a public class
        }
      }
    }
    return Set.copyOf(ids);
  }

  /** The rule ids a misspelt {@code id} may have meant. */
  static List<String> closeTo(String id) {
    return Spelling.closest(id, ALL);
  }
}
