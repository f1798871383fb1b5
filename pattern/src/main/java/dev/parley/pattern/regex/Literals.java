package dev.parley.pattern.regex;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Finds literals that every match must contain, so a substring search can rule inputs out. */
final class Literals {
  private Literals() {}

  /** The longest required literal, or "". */
  static String required(Node node) {
    return all(node).stream().max(Comparator.comparingInt(String::length)).orElse("");
  }

  /** Every maximal run of literal symbols that each match must contain. */
  static List<String> all(Node node) {
    List<String> out = new ArrayList<>();
    collect(node, out);
    return out;
  }

  private static void collect(Node node, List<String> out) {
    if (node instanceof Node.Symbol s) {
      if (s.chars().singleSymbol() >= 0) out.add(Character.toString(s.chars().singleSymbol()));
    } else if (node instanceof Node.Repeat r) {
      if (r.min() >= 1) collect(r.body(), out);
    } else if (node instanceof Node.Concat c) {
      StringBuilder run = new StringBuilder();
      for (Node part : c.parts()) {
        int single = part instanceof Node.Symbol s ? s.chars().singleSymbol() : -1;
        if (single >= 0) {
          run.appendCodePoint(single);
          continue;
        }
        if (part instanceof Node.Assertion) continue; // zero width: the run goes on
        if (!run.isEmpty()) out.add(run.toString());
        run.setLength(0);
        collect(part, out);
      }
      if (!run.isEmpty()) out.add(run.toString());
    }
    // assertions and alternations promise no literal
  }
}
