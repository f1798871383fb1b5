package dev.parley.tlog.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.tlog.MalformedInputException;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The receipts' small JSON reader: strings with and without escapes (RFC 8259 §7), read alike however they are cut. */
class JsonTest {
  @Test
  void parseObject_stringsWithEscapesAnywhere_decoded() {
    Map<String, Object> o = Json.parseObject(
        "{\"plain\":\"entry text\",\"empty\":\"\",\"first\":\"\\\"x\",\"last\":\"x\\\\\",\"mid\":\"a\\nb\\u00e9c\\/d\",\"only\":\"\\t\"}");
    assertThat(o).containsEntry("plain", "entry text").containsEntry("empty", "").containsEntry("first", "\"x")
        .containsEntry("last", "x\\").containsEntry("mid", "a\nb\u00e9c/d").containsEntry("only", "\t");
  }

  @Test
  void parseObject_unterminatedOrBadEscape_refused() {
    assertThatThrownBy(() -> Json.parseObject("{\"a\":\"abc")).isInstanceOf(MalformedInputException.class);
    assertThatThrownBy(() -> Json.parseObject("{\"a\":\"ab\\")).isInstanceOf(MalformedInputException.class);
    assertThatThrownBy(() -> Json.parseObject("{\"a\":\"ab\\q\"}")).isInstanceOf(MalformedInputException.class);
    assertThatThrownBy(() -> Json.parseObject("{\"a\":\"ab\\u12\"}")).isInstanceOf(MalformedInputException.class);
  }

  /**
   * RFC 8259 §3 and §6: true, false, null and numbers with a sign, a fraction or an exponent are
   * values (hostile run 10at D1: a receipt with a member {@code true} or a negative number was "not
   * JSON"); integers stay integers, other numbers are no string or integer a receipt could take;
   * text that is no JSON value is still refused.
   */
  @Test
  void parseObject_everyKindOfValue_read_badNumbersRefused() {
    Map<String, Object> o = Json.parseObject("{\"t\":true,\"f\":false,\"n\":null,\"i\":42,\"neg\":-3,\"frac\":0.5,"
        + "\"exp\":1e400,\"all\":-12.5E-3,\"list\":[true,null,-0]}");
    assertThat(o).containsEntry("t", true).containsEntry("f", false).containsEntry("i", 42L).containsEntry("n", Json.NULL);
    assertThat(o.get("neg")).isNotInstanceOf(Long.class).isNotInstanceOf(String.class);
    assertThat(o.get("frac")).isNotInstanceOf(Long.class).isNotInstanceOf(String.class);
    assertThat(o).containsKeys("exp", "all", "list");
    for (String bad : new String[] {"-", "-a", "01", "1.", "1.e2", "1e", "1e+", "tru", "nul", "+1", ".5", "-01"}) {
      assertThatThrownBy(() -> Json.parseObject("{\"v\":" + bad + "}")).as(bad).isInstanceOf(MalformedInputException.class);
    }
  }

  /** Seeded: a random string written with Json.quote, and with every character escaped as \\uXXXX, reads back as itself. */
  @Test
  void parseObject_quotedRandomStrings_readBack() {
    Random r = new Random(8259);
    String alphabet = "ab \"\\/\n\t\u00e9\u2603{}[],:";
    for (int round = 0; round < 5_000; round++) {
      StringBuilder s = new StringBuilder();
      for (int i = r.nextInt(40); i > 0; i--) s.append(alphabet.charAt(r.nextInt(alphabet.length())));
      String value = s.toString();
      StringBuilder escaped = new StringBuilder("\"");
      for (char c : value.toCharArray()) escaped.append(String.format("\\u%04x", (int) c));
      escaped.append('"');
      assertThat(Json.parseObject("{\"v\":" + Json.quote(value) + "}")).as(value).containsEntry("v", value);
      assertThat(Json.parseObject("{\"v\":" + escaped + "}")).as(value).containsEntry("v", value);
    }
  }
}
