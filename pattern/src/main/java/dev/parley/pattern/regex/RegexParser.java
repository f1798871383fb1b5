package dev.parley.pattern.regex;

import dev.parley.pattern.regex.Node.Anchor;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses the PCRE syntax that an automaton can run in linear time. Constructs that need
 * backtracking (backreferences, lookaround, atomic groups, possessive quantifiers, recursion) are
 * rejected with a {@link RegexSyntaxException} that says so.
 */
final class RegexParser {
  static final int MAX_REPEAT = 1000;

  private final int[] text;
  private int pos;
  private boolean fold;
  private boolean multiline;
  private boolean extended;

  private RegexParser(String source) {
    this.text = source.codePoints().toArray();
  }

  static Node parse(String source) {
    RegexParser parser = new RegexParser(source);
    Node node = parser.alternation();
    if (parser.pos < parser.text.length) throw parser.error("unbalanced ')'");
    return node;
  }

  private Node alternation() {
    List<Node> choices = new ArrayList<>();
    boolean savedFold = fold;
    boolean savedMultiline = multiline;
    boolean savedExtended = extended;
    choices.add(concat());
    while (more() && peek() == '|') {
      pos++;
      choices.add(concat());
    }
    fold = savedFold;
    multiline = savedMultiline;
    extended = savedExtended;
    return choices.size() == 1 ? choices.get(0) : new Node.Alternation(choices);
  }

  private Node concat() {
    List<Node> parts = new ArrayList<>();
    while (more() && peek() != '|' && peek() != ')') {
      if (extended && skipExtendedSpace()) continue;
      Node atom = atom();
      if (atom != null) parts.add(quantified(atom));
    }
    return parts.size() == 1 ? parts.get(0) : new Node.Concat(parts);
  }

  private boolean skipExtendedSpace() {
    int c = peek();
    if (c == '#') {
      while (more() && peek() != '\n') pos++;
      return true;
    }
    if (Character.isWhitespace(c)) {
      pos++;
      return true;
    }
    return false;
  }

  private Node quantified(Node atom) {
    while (more()) {
      int c = peek();
      int min;
      int max;
      if (c == '*') {
        min = 0;
        max = -1;
        pos++;
      } else if (c == '+') {
        min = 1;
        max = -1;
        pos++;
      } else if (c == '?') {
        min = 0;
        max = 1;
        pos++;
      } else if (c == '{' && isCountedRepeat()) {
        pos++;
        min = number();
        max = min;
        if (peek() == ',') {
          pos++;
          max = peek() == '}' ? -1 : number();
        }
        pos++; // '}'
        if (max >= 0 && max < min) throw error("repeat range {" + min + "," + max + "} is backwards");
        if (min > MAX_REPEAT || max > MAX_REPEAT) throw error("repeat counts above " + MAX_REPEAT);
      } else {
        return atom;
      }
      if (more() && peek() == '+') throw error("possessive quantifiers need backtracking control; not supported");
      if (more() && peek() == '?') pos++; // lazy: same verdict for a yes/no search
      atom = new Node.Repeat(atom, min, max);
    }
    return atom;
  }

  private boolean isCountedRepeat() {
    int i = pos + 1;
    int digits = 0;
    while (i < text.length && Character.isDigit(text[i])) {
      i++;
      digits++;
    }
    if (digits == 0) return false;
    if (i < text.length && text[i] == ',') {
      i++;
      while (i < text.length && Character.isDigit(text[i])) i++;
    }
    return i < text.length && text[i] == '}';
  }

  private int number() {
    long n = 0;
    while (more() && Character.isDigit(peek())) {
      n = Math.min(n * 10 + (next() - '0'), Integer.MAX_VALUE);
    }
    return (int) n;
  }

  private Node atom() {
    int c = next();
    return switch (c) {
      case '(' -> group();
      case '[' -> new Node.Symbol(ClassParser.parse(this));
      case '.' -> new Node.Symbol(CharClass.ANY); // STIX 2.1 §9.6.1: DOTALL is on
      case '^' -> new Node.Assertion(multiline ? Anchor.LINE_BEGIN : Anchor.BEGIN);
      case '$' -> new Node.Assertion(multiline ? Anchor.LINE_END : Anchor.END_OR_FINAL_NEWLINE);
      case '\\' -> escape();
      case '*', '+', '?' -> throw error("nothing to repeat before '" + Character.toString(c) + "'");
      default -> new Node.Symbol(CharClass.literal(c, fold));
    };
  }

  private Node group() {
    if (!more()) throw error("unbalanced '('");
    if (peek() == '?') {
      pos++;
      int kind = more() ? next() : -1;
      switch (kind) {
        case ':' -> {
          return closeGroup();
        }
        case '=', '!' -> throw error("lookahead cannot run in linear time; not supported");
        case '>' -> throw error("atomic groups need backtracking control; not supported");
        case '#' -> {
          while (more() && peek() != ')') pos++;
          expect(')');
          return null;
        }
        case '<' -> {
          if (more() && (peek() == '=' || peek() == '!')) {
            throw error("lookbehind is not supported");
          }
          skipName('>');
          return closeGroup();
        }
        case 'P' -> {
          if (more() && peek() == '<') {
            pos++;
            skipName('>');
            return closeGroup();
          }
          throw error("named backreferences and recursion are not supported");
        }
        case '\'' -> {
          skipName('\'');
          return closeGroup();
        }
        default -> {
          pos--;
          return flags();
        }
      }
    }
    return closeGroup();
  }

  private Node flags() {
    boolean on = true;
    boolean newFold = fold;
    boolean newMultiline = multiline;
    boolean newExtended = extended;
    while (more() && peek() != ')' && peek() != ':') {
      int f = next();
      switch (f) {
        case '-' -> on = false;
        case 'i' -> newFold = on;
        case 'm' -> newMultiline = on;
        case 'x' -> newExtended = on;
        case 's' -> {} // DOTALL is always on (§9.6.1)
        default -> throw error("unsupported group or flag '(?" + Character.toString(f) + "'");
      }
    }
    if (!more()) throw error("unbalanced '('");
    if (next() == ')') {
      fold = newFold;
      multiline = newMultiline;
      extended = newExtended;
      return null;
    }
    boolean savedFold = fold;
    boolean savedMultiline = multiline;
    boolean savedExtended = extended;
    fold = newFold;
    multiline = newMultiline;
    extended = newExtended;
    Node body = closeGroup();
    fold = savedFold;
    multiline = savedMultiline;
    extended = savedExtended;
    return body;
  }

  private Node closeGroup() {
    Node body = alternation();
    expect(')');
    return body;
  }

  private void skipName(int end) {
    while (more() && peek() != end) pos++;
    expect(end);
  }

  private void expect(int c) {
    if (!more() || next() != c) throw error("missing '" + Character.toString(c) + "'");
  }

  private Node escape() {
    if (!more()) throw error("trailing backslash");
    int c = next();
    switch (c) {
      case 'A':
        return new Node.Assertion(Anchor.BEGIN);
      case 'z':
        return new Node.Assertion(Anchor.END);
      case 'Z':
        return new Node.Assertion(Anchor.END_OR_FINAL_NEWLINE);
      case 'b':
        return new Node.Assertion(Anchor.WORD_BOUNDARY);
      case 'B':
        return new Node.Assertion(Anchor.NOT_WORD_BOUNDARY);
      case 'Q': {
        List<Node> parts = new ArrayList<>();
        while (more() && !(peek() == '\\' && pos + 1 < text.length && text[pos + 1] == 'E')) {
          parts.add(new Node.Symbol(CharClass.literal(next(), fold)));
        }
        if (more()) pos += 2;
        return new Node.Concat(parts);
      }
      case 'E':
        return null;
      default:
        pos -= 2; // back to the backslash
        CharClass chars = ClassParser.escape(this);
        return new Node.Symbol(fold ? chars.folded() : chars);
    }
  }

  // shared with ClassParser
  boolean more() {
    return pos < text.length;
  }

  int peek() {
    return text[pos];
  }

  int next() {
    return text[pos++];
  }

  void rewindOne() {
    pos--;
  }

  int position() {
    return pos;
  }

  boolean folding() {
    return fold;
  }

  RegexSyntaxException error(String reason) {
    return new RegexSyntaxException(reason + " at offset " + pos);
  }
}
