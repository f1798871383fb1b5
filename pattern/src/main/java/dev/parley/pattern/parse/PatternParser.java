package dev.parley.pattern.parse;

import dev.parley.pattern.ParseResult;
import dev.parley.pattern.PatternError;
import org.antlr.v4.runtime.BailErrorStrategy;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.DefaultErrorStrategy;
import org.antlr.v4.runtime.atn.PredictionMode;
import org.antlr.v4.runtime.misc.ParseCancellationException;

/** Text to checked syntax tree: the ANTLR grammar, then the semantic checks of STIX 2.1 §9. */
public final class PatternParser {
  private PatternParser() {}

  /** Parses one pattern; every failure becomes an {@link ParseResult.Invalid} with a position. */
  public static ParseResult parse(String text) {
    if (text == null) return invalid(new Rejection(1, 1, "no pattern given"));
    FirstErrorListener lexing = new FirstErrorListener();
    FirstErrorListener errors = new FirstErrorListener();
    StixPatternLexer lexer = new StixPatternLexer(CharStreams.fromString(text));
    lexer.removeErrorListeners();
    lexer.addErrorListener(lexing);
    CommonTokenStream tokens = new CommonTokenStream(lexer);
    StixPatternParser parser = new StixPatternParser(tokens);
    parser.removeErrorListeners();
    try {
      // two-stage parsing: fast SLL prediction first; on failure, full LL with error reporting
      parser.getInterpreter().setPredictionMode(PredictionMode.SLL);
      parser.setErrorHandler(new BailErrorStrategy());
      StixPatternParser.PatternContext tree;
      try {
        tree = parser.pattern();
      } catch (ParseCancellationException retry) {
        tokens.seek(0);
        errors.first = null;
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
      return invalid(r);
    } catch (StackOverflowError deep) {
      // hostile input such as ten thousand '(' must still be a result (the parser faces the network)
      return invalid(new Rejection(1, 1, "pattern nests too deeply"));
    }
  }

  private static ParseResult invalid(Rejection r) {
    return new ParseResult.Invalid(new PatternError(r.line, Math.max(1, r.column), r.getMessage()));
  }
}
