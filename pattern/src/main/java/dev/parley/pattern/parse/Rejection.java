package dev.parley.pattern.parse;

import org.antlr.v4.runtime.Token;

/** Unwinds the tree builder at the first semantic error; never leaves this package. */
final class Rejection extends RuntimeException {
  final int line;
  final int column;

  Rejection(int line, int column, String reason) {
    super(reason, null, false, false);
    this.line = line;
    this.column = column;
  }

  /** The one nearer the start of the text; either may be null. */
  static Rejection earliest(Rejection a, Rejection b) {
    if (a == null) return b;
    if (b == null) return a;
    return b.line < a.line || b.line == a.line && b.column < a.column ? b : a;
  }

  static Rejection at(Token token, String reason) {
    return new Rejection(token.getLine(), token.getCharPositionInLine() + 1, reason);
  }
}
