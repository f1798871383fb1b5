package dev.parley.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a shell command line into words and operators as a POSIX shell would, for the checks of
 * the examples that help texts and the README show: quotes, backslash escapes and line
 * continuations, {@code $(...)} kept as one word, comments, and the operators {@code | > < ; &&}
 * as words of their own. An unterminated quote or substitution is an error.
 */
final class ShellWords {
  private ShellWords() {}

  /** A command line that a shell would not accept as complete. */
  static final class Incomplete extends RuntimeException {
    Incomplete(String message) {
      super(message);
    }
  }

  static List<String> split(String text) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    boolean inWord = false;
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == '\\') {
        if (i + 1 >= text.length()) throw new Incomplete("a backslash ends the text: " + text);
        if (text.charAt(i + 1) != '\n') {
          word.append(text.charAt(i + 1));
          inWord = true;
        }
        i += 2;
      } else if (c == '\'') {
        int end = text.indexOf('\'', i + 1);
        if (end < 0) throw new Incomplete("unterminated single quote: " + text);
        word.append(text, i + 1, end);
        inWord = true;
        i = end + 1;
      } else if (c == '"') {
        i = doubleQuoted(text, i + 1, word);
        inWord = true;
      } else if (c == '$' && i + 1 < text.length() && text.charAt(i + 1) == '(') {
        int end = substitutionEnd(text, i + 2);
        word.append(text, i, end);
        inWord = true;
        i = end;
      } else if (Character.isWhitespace(c)) {
        if (inWord) words.add(word.toString());
        word.setLength(0);
        inWord = false;
        i++;
      } else if (c == '#' && !inWord) {
        int end = text.indexOf('\n', i);
        i = end < 0 ? text.length() : end;
      } else if (c == '|' || c == '>' || c == '<' || c == ';' || (c == '&' && i + 1 < text.length() && text.charAt(i + 1) == '&')) {
        if (inWord) words.add(word.toString());
        word.setLength(0);
        inWord = false;
        int length = c == '&' ? 2 : 1;
        words.add(text.substring(i, i + length));
        i += length;
      } else {
        word.append(c);
        inWord = true;
        i++;
      }
    }
    if (inWord) words.add(word.toString());
    return words;
  }

  /** The commands of a line: its words split at the operators, redirection targets dropped. */
  static List<List<String>> commands(String text) {
    List<List<String>> commands = new ArrayList<>();
    List<String> current = new ArrayList<>();
    boolean redirect = false;
    for (String word : split(text)) {
      switch (word) {
        case "|", ";", "&&" -> {
          if (!current.isEmpty()) commands.add(current);
          current = new ArrayList<>();
        }
        case ">", "<" -> redirect = true;
        default -> {
          if (redirect) redirect = false;
          else current.add(word);
        }
      }
    }
    if (!current.isEmpty()) commands.add(current);
    return commands;
  }

  private static int doubleQuoted(String text, int i, StringBuilder word) {
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == '"') return i + 1;
      if (c == '\\' && i + 1 < text.length()) {
        word.append(text.charAt(i + 1));
        i += 2;
      } else if (c == '$' && i + 1 < text.length() && text.charAt(i + 1) == '(') {
        int end = substitutionEnd(text, i + 2);
        word.append(text, i, end);
        i = end;
      } else {
        word.append(c);
        i++;
      }
    }
    throw new Incomplete("unterminated double quote: " + text);
  }

  /** The index after the ')' that closes a substitution whose body starts at {@code i}. */
  private static int substitutionEnd(String text, int i) {
    int depth = 1;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == '\'') {
        int end = text.indexOf('\'', i + 1);
        if (end < 0) break;
        i = end + 1;
        continue;
      }
      if (c == '(') depth++;
      if (c == ')' && --depth == 0) return i + 1;
      i++;
    }
    throw new Incomplete("unterminated $(...): " + text);
  }
}
