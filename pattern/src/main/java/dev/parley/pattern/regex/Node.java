package dev.parley.pattern.regex;

import java.util.List;

/** The syntax tree of the linear regular-expression subset (no backreferences, no lookaround). */
sealed interface Node {
  /** One symbol from a class. */
  record Symbol(CharClass chars) implements Node {}

  /** Each part in order. */
  record Concat(List<Node> parts) implements Node {}

  /** Any one of the choices. */
  record Alternation(List<Node> choices) implements Node {}

  /** {@code min} to {@code max} copies; {@code max < 0} means unbounded. */
  record Repeat(Node body, int min, int max) implements Node {}

  /** A zero-width test of the position. */
  record Assertion(Anchor anchor) implements Node {}

  /** The zero-width tests of PCRE that an automaton can decide from the neighbouring symbols. */
  enum Anchor {
    BEGIN, // \A, or ^ without multiline
    END, // \z
    END_OR_FINAL_NEWLINE, // $ without multiline, \Z
    LINE_BEGIN, // ^ with multiline
    LINE_END, // $ with multiline
    WORD_BOUNDARY,
    NOT_WORD_BOUNDARY
  }
}
