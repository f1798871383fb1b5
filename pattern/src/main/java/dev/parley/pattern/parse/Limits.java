package dev.parley.pattern.parse;

import dev.parley.pattern.Patterns;
import java.util.ArrayList;
import java.util.List;
import org.antlr.v4.runtime.Lexer;
import org.antlr.v4.runtime.Token;

/**
 * The size a pattern may have (see {@link Patterns#MAX_BYTES}): text length, comparisons and
 * nesting. They are checked before anything is built whose size could outgrow the input's: the
 * length before lexing, the rest in one pass over the tokens as they are lexed, so that the work
 * a refused pattern costs is bounded by the limits and not by the text.
 */
record Limits(int maxBytes, int maxComparisons, int maxNesting) {
  static final Limits DEFAULT = new Limits(Patterns.MAX_BYTES, Patterns.MAX_COMPARISONS, Patterns.MAX_NESTING);

  /** Refuses text longer than {@code maxBytes} in UTF-8, at the first character past the limit. */
  void checkLength(String text) {
    if (text.length() <= maxBytes / 3) return; // at most 3 UTF-8 bytes per UTF-16 unit
    long bytes = 0;
    int line = 1;
    int column = 1;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      bytes += c < 0x80 ? 1 : c < 0x800 || Character.isSurrogate(c) ? 2 : 3; // a pair: 4
      if (bytes > maxBytes) {
        throw new Rejection(line, column, "the pattern is longer than " + maxBytes
            + " bytes (UTF-8); no real pattern comes near that, so it is refused unread");
      }
      if (c == '\n') {
        line++;
        column = 1;
      } else if (!Character.isHighSurrogate(c)) {
        column++; // positions count code points, as the lexer does
      }
    }
  }

  /**
   * Every token of the text, refusing at the first that takes nesting of parentheses and brackets
   * past {@code maxNesting} or the comparisons past {@code maxComparisons}.
   */
  List<Token> lex(Lexer lexer) {
    List<Token> tokens = new ArrayList<>();
    int depth = 0;
    int comparisons = 0;
    int previous = Token.INVALID_TYPE;
    for (Token token = lexer.nextToken(); ; token = lexer.nextToken()) {
      tokens.add(token);
      int type = token.getType();
      if (type == Token.EOF) return tokens;
      if (type == StixPatternLexer.LPAREN || type == StixPatternLexer.LBRACK) {
        if (++depth > maxNesting) {
          throw Rejection.at(token, "the pattern nests deeper than " + maxNesting
              + " parentheses and brackets");
        }
      } else if (type == StixPatternLexer.RPAREN || type == StixPatternLexer.RBRACK) {
        depth = Math.max(0, depth - 1);
      } else if (isComparison(type) && previous != StixPatternLexer.DOT && previous != StixPatternLexer.COLON) {
        // after '.' or ':' a keyword is a property name, not an operator
        if (++comparisons > maxComparisons) {
          throw Rejection.at(token, "the pattern has more than " + maxComparisons + " comparisons");
        }
      }
      previous = type;
    }
  }

  private static boolean isComparison(int type) {
    return switch (type) {
      case StixPatternLexer.EQ, StixPatternLexer.NEQ, StixPatternLexer.LT, StixPatternLexer.LE,
          StixPatternLexer.GT, StixPatternLexer.GE, StixPatternLexer.IN, StixPatternLexer.LIKE,
          StixPatternLexer.MATCHES, StixPatternLexer.ISSUBSET, StixPatternLexer.ISSUPERSET,
          StixPatternLexer.EXISTS -> true;
      default -> false;
    };
  }
}
