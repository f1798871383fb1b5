package dev.parley.detect.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.stix.Json;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The cutter in front of the STIX reader. A hostile run (issue 12, finding 8): a bundle whose
 * artifact held a 21.5 MB {@code payload_bin} stopped the parser at its 20,000,000-character limit,
 * and every object after it was lost. Cut strings keep the parser in step with the text.
 */
class LongStringCutterTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static String cut(String text, int valueLimit, int nameLimit) throws IOException {
    try (InputStream in = new LongStringCutter(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), valueLimit, nameLimit)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void read_valuePastTheBound_keepsTheBoundThenTheMarkAndTheRestOfTheText() throws IOException {
    assertThat(cut("{\"a\":\"0123456789ABC\",\"b\":\"x\"}", 10, 10)).isEqualTo("{\"a\":\"0123456789..1\",\"b\":\"x\"}");
    assertThat(cut("[\"0123456789\",\"0123456789A\"]", 10, 10)).isEqualTo("[\"0123456789\",\"0123456789..1\"]");
  }

  /**
   * Two member names cut alike stay two names: the parser refuses a repeated name (STIX is read with
   * duplicate detection), which in a bundle would end the reading.
   */
  @Test
  void read_twoNamesCutAlike_stayTwoNames() throws IOException {
    String out = cut("{\"abcdefgh1\":1,\"abcdefgh2\":2,\"c\":3}", 100, 4);
    assertThat(out).isEqualTo("{\"abcd..1\":1,\"abcd..2\":2,\"c\":3}");
    assertThat(Json.readTree(out.getBytes(StandardCharsets.UTF_8)).get("c").asInt()).isEqualTo(3);
  }

  @Test
  void read_memberNamePastItsBound_cutAtTheNameBound() throws IOException {
    assertThat(cut("{\"abcdefgh\":\"abcdefgh\",\"x\":{\"abcdefgh\":[\"abcdefgh\"]}}", 100, 4))
        .isEqualTo("{\"abcd..1\":\"abcdefgh\",\"x\":{\"abcd..2\":[\"abcdefgh\"]}}");
  }

  /** Characters are counted as the parser counts them: an escape is one, a four-byte character two. */
  @Test
  void read_escapesAndWideCharacters_countedAsTheParserCounts() throws IOException {
    assertThat(cut("[\"\\u00e9\\n€x\"]", 3, 3)).isEqualTo("[\"\\u00e9\\n€..1\"]");
    assertThat(cut("[\"a\uD83D\uDE00\"]", 3, 3)).isEqualTo("[\"a\uD83D\uDE00\"]");
    assertThat(cut("[\"ab\uD83D\uDE00\"]", 3, 3)).isEqualTo("[\"ab..1\"]");
    assertThat(cut("[\"a\\\"bc\"]", 2, 2)).isEqualTo("[\"a\\\"..1\"]");
  }

  /** The parser refuses a broken pair of escaped surrogates (in a member name): a cut keeps both or neither. */
  @Test
  void read_escapedSurrogatePairAtTheBound_neverSplit() throws IOException {
    String pair = "\\ud83d\\ude00";
    assertThat(cut("{\"a" + pair + "b\":1}", 9, 2)).isEqualTo("{\"a..1\":1}");
    assertThat(cut("{\"a" + pair + "b\":1}", 9, 3)).isEqualTo("{\"a" + pair + "..1\":1}");
    assertThat(cut("{\"a" + pair + "\":1}", 9, 3)).isEqualTo("{\"a" + pair + "\":1}");
    assertThat(cut("{\"a" + pair + "\\u00e9\":1}", 9, 3)).isEqualTo("{\"a" + pair + "..1\":1}");
    assertThat(JSON.readTree(cut("{\"a" + pair + "b\":1}", 9, 2)).fieldNames().next()).isEqualTo("a..1");
  }

  @Test
  void read_escapedQuotesInTheDroppedPart_parserStaysInStep() throws IOException {
    String out = cut("{\"a\":\"01234\\\"5\\\\\\\"6\\u0022\",\"b\":\"x\"}", 3, 3);
    assertThat(JSON.readTree(out).get("a").asText()).isEqualTo("012..1");
    assertThat(JSON.readTree(out).get("b").asText()).isEqualTo("x");
  }

  /** A raw line break inside a string is not JSON; the next line of JSON Lines is scanned afresh. */
  @Test
  void read_lineBrokenInsideAString_nextLineScannedAfresh() throws IOException {
    assertThat(cut("{\"a\":\"abc\n{\"abcdefgh\":\"abcdefgh\"}\n", 5, 3)).isEqualTo("{\"a\":\"abc\n{\"abc..1\":\"abcde..2\"}\n");
  }

  @Test
  void read_textThatIsNotJson_passesUnchanged() throws IOException {
    String text = "#fields\tts\n1.0\tC1\n\u00ff\u0000]]]}}},,,::\n";
    assertThat(cut(text, 2, 2)).isEqualTo(text);
  }

  /**
   * Random JSON through random bounds: the parser reads the same tokens, a string within its bound
   * unchanged, one past it as a prefix of itself followed by the mark, longer than the bound.
   */
  @Test
  void read_randomJson_sameTokensAndEveryStringWithinOrCut() throws IOException {
    long seed = new Random().nextLong();
    Random random = new Random(seed);
    for (int round = 0; round < 1000; round++) {
      String text = JsonText.random(random);
      int valueLimit = 1 + random.nextInt(12);
      int nameLimit = 1 + random.nextInt(12);
      // half the rounds trickle: a few bytes a read in and out, so escapes and pairs straddle reads
      boolean trickle = random.nextBoolean();
      InputStream source = new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
      LongStringCutter cutter = new LongStringCutter(trickle ? new Trickle(source, new Random(random.nextLong())) : source, valueLimit, nameLimit);
      byte[] out = trickle ? readInSmallPieces(cutter, random) : cutter.readAllBytes();
      List<String[]> before = tokens(text.getBytes(StandardCharsets.UTF_8));
      List<String[]> after = tokens(out);
      assertThat(after).as("seed %d: %s", seed, text).hasSameSizeAs(before);
      long cuts = 0;
      for (int i = 0; i < before.size(); i++) {
        String[] b = before.get(i);
        String[] a = after.get(i);
        assertThat(a[0]).as("seed %d", seed).isEqualTo(b[0]);
        if (!b[0].equals("FIELD_NAME") && !b[0].equals("VALUE_STRING")) continue;
        boolean name = b[0].equals("FIELD_NAME");
        int limit = name ? nameLimit : valueLimit;
        if (b[1].length() <= limit) {
          assertThat(a[1]).as("seed %d", seed).isEqualTo(b[1]);
          assertThat(cutter.isCut(a[1], name)).isFalse();
        } else {
          cuts++;
          String mark = LongStringCutter.MARK + cuts;
          assertThat(a[1]).as("seed %d", seed).endsWith(mark);
          String kept = a[1].substring(0, a[1].length() - mark.length());
          assertThat(b[1]).as("seed %d", seed).startsWith(kept);
          assertThat(kept.length()).as("seed %d", seed).isBetween(limit - 1, limit);
          assertThat(cutter.isCut(a[1], name)).isTrue();
        }
      }
      assertThat(cutter.cuts()).as("seed %d", seed).isEqualTo(cuts);
    }
  }

  private static byte[] readInSmallPieces(InputStream in, Random random) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[5];
    for (int n = in.read(buffer, 0, 1 + random.nextInt(5)); n >= 0; n = in.read(buffer, 0, 1 + random.nextInt(5))) out.write(buffer, 0, n);
    return out.toByteArray();
  }

  /** A stream that gives one to three bytes a read, as a slow pipe does. */
  private static final class Trickle extends FilterInputStream {
    private final Random random;

    Trickle(InputStream in, Random random) {
      super(in);
      this.random = random;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      return super.read(b, off, Math.min(len, 1 + random.nextInt(3)));
    }
  }

  private static List<String[]> tokens(byte[] text) throws IOException {
    List<String[]> out = new ArrayList<>();
    try (JsonParser p = JSON.getFactory().createParser(text)) {
      for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) out.add(new String[] {t.name(), p.getText()});
    }
    return out;
  }

  /** Random JSON text with escapes, wide characters and nesting. */
  private static final class JsonText {
    private static final String[] PIECES = {"a", "b", "é", "€", "\uD83D\uDE00", "\\n", "\\\"", "\\\\", "\\u00e9", "\\ud83d\\ude00", "\\/", " "};

    static String random(Random r) {
      StringBuilder b = new StringBuilder();
      value(r, b, 0);
      return b.toString();
    }

    private static void value(Random r, StringBuilder b, int depth) {
      int kind = depth > 3 ? 2 + r.nextInt(2) : r.nextInt(4);
      switch (kind) {
        case 0 -> {
          b.append('{');
          int n = r.nextInt(4);
          for (int i = 0; i < n; i++) {
            if (i > 0) b.append(',');
            string(r, b);
            b.append(':');
            value(r, b, depth + 1);
          }
          b.append('}');
        }
        case 1 -> {
          b.append('[');
          int n = r.nextInt(4);
          for (int i = 0; i < n; i++) {
            if (i > 0) b.append(", ");
            value(r, b, depth + 1);
          }
          b.append(']');
        }
        case 2 -> string(r, b);
        default -> b.append(r.nextBoolean() ? "12.5" : "true");
      }
    }

    /** A string of random pieces (names may repeat: tokens are compared, not trees). */
    private static void string(Random r, StringBuilder b) {
      b.append('"');
      int n = r.nextInt(20);
      for (int i = 0; i < n; i++) b.append(PIECES[r.nextInt(PIECES.length)]);
      b.append('"');
    }
  }
}
