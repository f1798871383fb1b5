package dev.parley.pattern.parse;

import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;

/** Keeps the first lexer or parser error, which is the one a person can act on. */
final class FirstErrorListener extends BaseErrorListener {
  Rejection first;

  @Override
  public void syntaxError(
      Recognizer<?, ?> recognizer, Object symbol, int line, int column, String msg,
      RecognitionException e) {
    if (first == null) first = new Rejection(line, column + 1, msg);
  }
}
