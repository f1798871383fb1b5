package dev.parley.pattern.parse;

import dev.parley.pattern.ParseResult;
import dev.parley.pattern.PatternError;
import org.antlr.v4.runtime.BailErrorStrategy;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.DefaultErrorStrategy;
import org.antlr.v4.runtime.ListTokenSource;
import org.antlr.v4.runtime.atn.PredictionMode;
import org.antlr.v4.runtime.misc.ParseCancellationException;

/**
 * Text to checked syntax tree: the limits, the ANTLR grammar, then the semantic checks of STIX 2.1
 * §9. Every step is linear in the text: the length is checked before lexing, nesting and the
 * number of comparisons while lexing, the grammar needs no left recursion, and the tree builder
 * reads each parse-tree node once.
 */
public final class PatternParser {
  private PatternParser() {}

  /** Parses one pattern; every failure becomes an {@link ParseResult.Invalid} with a position. */
  public static ParseResult parse(String text) {
    return parse(text, Limits.DEFAULT);
  }

  static ParseResult parse(String text, Limits limits) {
    if (text == null) return invalid(new Rejection(1, 1, "no pattern given"));
    FirstErrorListener lexing = new FirstErrorListener();
    FirstErrorListener errors = new FirstErrorListener();
    try {
      limits.checkLength(text);
      StixPatternLexer lexer = new StixPatternLexer(CharStreams.fromString(text));
      lexer.removeErrorListeners();
      lexer.addErrorListener(lexing);
      CommonTokenStream tokens = new CommonTokenStream(new ListTokenSource(limits.lex(lexer)));
      StixPatternParser parser = new StixPatternParser(tokens);
      parser.removeErrorListeners();
      // two-stage parsing: fast SLL prediction first; on failure, full LL with error reporting
      parser.getInterpreter().setPredictionMode(PredictionMode.SLL);
      parser.setErrorHandler(new BailErrorStrategy());
      StixPatternParser.PatternContext tree;
      try {
        tree = parser.pattern();
      } catch (ParseCancellationException retry) {
        tokens.seek(0);
        parser.reset();
        parser.addErrorListener(errors);
        parser.setErrorHandler(new DefaultErrorStrategy());
        parser.getInterpreter().setPredictionMode(PredictionMode.LL);
        tree = parser.pattern();
      }
      Rejection first = Rejection.earliest(lexing.first, errors.first);
      if (first != null) return invalid(first);
      return new ParseResult.Valid(new TreeBuilder().pattern(tree));
    } catch (Rejection r) {
      return invalid(Rejection.earliest(lexing.first, r));
    } catch (StackOverflowError deep) {
      // unreachable within the nesting limit; kept so that no input can become an exception
      return invalid(new Rejection(1, 1, "the pattern nests too deeply"));
    }
  }

  private static ParseResult invalid(Rejection r) {
    return new ParseResult.Invalid(new PatternError(r.line, Math.max(1, r.column), r.getMessage()));
  }
}
