package dev.parley.pattern.regex;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Finds literals that every match must contain, so a substring search can rule inputs out. A part
 * that matches one string only ({@code a{3}} is {@code aaa}) joins the literal run around it, and a
 * repeat of such a string at least n times begins and ends with n copies of it: {@code (a{1000}){39}b}
 * requires 64 a's and then {@code a...ab}, not a lone {@code a} that every ordinary domain name holds
 * (a hostile run's expressions of that shape were searched on every {@code .example} name).
 */
final class Literals {
  /** The longest literal kept: longer runs give their first {@value} symbols, as selective. */
  static final int LONGEST = 64;
  /** The most literals kept of one expression: the longest. */
  static final int KEPT = 64;

  private Literals() {}

  /** The longest required literal, or "". */
  static String required(Node node) {
    return all(node).stream().max(Comparator.comparingInt(String::length)).orElse("");
  }

  /** Every maximal run of literal symbols that each match must contain (at most {@link #LONGEST} symbols each). */
  static List<String> all(Node node) {
    List<String> out = new ArrayList<>();
    collect(node, out);
    // a literal inside another is implied by it, and less selective: the screen, which picks the
    // literal fewest expressions share, took a lone "a" that each of a flood's expressions had alone
    // over the 64 a's they all had (a hostile run)
    if (out.size() > KEPT) {
      // every one is required, so any of them rules inputs out: the longest few are kept, and the
      // comparison below stays small whatever the expression
      out.sort(Comparator.comparingInt(String::length).reversed());
      out = new ArrayList<>(out.subList(0, KEPT));
    }
    List<String> kept = new ArrayList<>();
    for (int i = 0; i < out.size(); i++) {
      String l = out.get(i);
      boolean implied = false;
      for (int j = 0; j < out.size() && !implied; j++) {
        String other = out.get(j);
        implied = j != i && (other.length() > l.length() ? other.contains(l) : other.equals(l) && j < i);
      }
      if (!implied) kept.add(l);
    }
    return kept;
  }

  private static void collect(Node node, List<String> out) {
    if (node instanceof Node.Concat c) {
      runs(c.parts(), out);
    } else if (node instanceof Node.Symbol || node instanceof Node.Repeat) {
      runs(List.of(node), out);
    }
    // assertions and alternations promise no literal
  }

  /** The literal runs of a sequence of parts, and those inside the parts that end one. */
  private static void runs(List<Node> parts, List<String> out) {
    StringBuilder run = new StringBuilder();
    for (Node part : parts) {
      if (part instanceof Node.Assertion) continue; // zero width: the run goes on
      String exact = exact(part);
      if (exact != null) {
        run.append(exact);
        continue;
      }
      if (part instanceof Node.Repeat r && r.min() >= 1) {
        String body = exact(r.body());
        if (body != null) {
          // body repeated min times or more: the run goes on with min copies, and the next run begins with min copies
          String least = body.repeat(Math.min(r.min(), LONGEST));
          run.append(least);
          flush(run, out);
          run.append(least);
          continue;
        }
      }
      flush(run, out);
      if (part instanceof Node.Repeat r) {
        if (r.min() >= 1) collect(r.body(), out);
      } else if (part instanceof Node.Concat c) {
        runs(c.parts(), out);
      }
      // a class of several symbols, an alternation: no literal
    }
    flush(run, out);
  }

  private static void flush(StringBuilder run, List<String> out) {
    if (!run.isEmpty()) out.add(run.length() <= LONGEST ? run.toString() : run.substring(0, run.offsetByCodePoints(0, LONGEST)));
    run.setLength(0);
  }

  /** The one string {@code node} matches, or null when it may match several (or none is known). */
  private static String exact(Node node) {
    if (node instanceof Node.Symbol s) {
      int single = s.chars().singleSymbol();
      return single >= 0 ? Character.toString(single) : null;
    }
    if (node instanceof Node.Concat c) {
      StringBuilder out = new StringBuilder();
      for (Node part : c.parts()) {
        if (part instanceof Node.Assertion) return null; // an assertion inside may fail: not one string for sure
        String e = exact(part);
        if (e == null) return null;
        out.append(e);
        if (out.length() > 4 * LONGEST) return null; // long enough: the caller's own runs say the rest
      }
      return out.toString();
    }
    if (node instanceof Node.Repeat r && r.min() == r.max()) {
      String body = exact(r.body());
      if (body == null) return null;
      if ((long) body.length() * r.min() > 4L * LONGEST) {
        // longer than any literal kept: as many copies as a literal holds stand for it, and the run ends there
        return null;
      }
      return body.repeat(r.min());
    }
    return null;
  }
}
