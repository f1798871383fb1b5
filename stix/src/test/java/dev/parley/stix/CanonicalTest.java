package dev.parley.stix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class CanonicalTest {

  private static String resource(String name) throws IOException {
    try (InputStream in = CanonicalTest.class.getResourceAsStream("/canonical/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void string_rfc8785Section322Example_matchesExpectedOutput() throws IOException {
    JsonNode input = Json.mapper().readTree(resource("rfc8785-3.2.2-input.json"));
    assertThat(Canonical.string(input)).isEqualTo(resource("rfc8785-3.2.2-output.json"));
  }

  @Test
  void string_rfc8785Section323SortingExample_ordersByUtf16CodeUnits() throws IOException {
    JsonNode output = Json.mapper().readTree(Canonical.string(Json.mapper().readTree(resource("rfc8785-3.2.3-input.json"))));
    List<String> names = new ArrayList<>();
    for (Iterator<String> it = output.fieldNames(); it.hasNext(); ) names.add(it.next());
    assertThat(names).containsExactly("\r", "1", "\u0080", "\u00f6", "\u20ac", "\ud83d\ude00", "\ufb33");
  }

  /** RFC 8785 §3.2.2.3 text examples and Appendix B, as IEEE 754 bit patterns. */
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "0000000000000000, 0",
      "8000000000000000, 0",
      "0000000000000001, 5e-324",
      "8000000000000001, -5e-324",
      "7fefffffffffffff, 1.7976931348623157e+308",
      "ffefffffffffffff, -1.7976931348623157e+308",
      "4340000000000000, 9007199254740992",
      "c340000000000000, -9007199254740992",
      "4430000000000000, 295147905179352830000",
      "44b52d02c7e14af5, 9.999999999999997e+22",
      "44b52d02c7e14af6, 1e+23",
      "44b52d02c7e14af7, 1.0000000000000001e+23",
      "444b1ae4d6e2ef4e, 999999999999999700000",
      "444b1ae4d6e2ef4f, 999999999999999900000",
      "444b1ae4d6e2ef50, 1e+21",
      "3eb0c6f7a0b5ed8c, 9.999999999999997e-7",
      "3eb0c6f7a0b5ed8d, 0.000001",
      "41b3de4355555553, 333333333.3333332",
      "41b3de4355555554, 333333333.33333325",
      "41b3de4355555555, 333333333.3333333",
      "41b3de4355555556, 333333333.3333334",
      "41b3de4355555557, 333333333.33333343",
      "becbf647612f3696, -0.0000033333333333333333",
      "43143ff3c1cb0959, 1424953923781206.2"
  })
  void number_appendixBBitPattern_printsAsEcmascript(String bits, String expected) {
    double d = Double.longBitsToDouble(Long.parseUnsignedLong(bits, 16));
    assertThat(Canonical.number(d)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({"1e+30, 1e+30", "1E30, 1e+30", "4.50, 4.5", "2e-3, 0.002", "0.000001, 0.000001", "1e-7, 1e-7",
      "-0, 0", "-0.0, 0", "100, 100", "1e21, 1e+21", "123456789012345680000, 123456789012345680000"})
  void string_numberText_printsAsEcmascript(String text, String expected) throws IOException {
    assertThat(Canonical.string(Json.mapper().readTree(text))).isEqualTo(expected);
  }

  @Test
  void number_nan_throws() {
    assertThatThrownBy(() -> Canonical.number(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void string_loneSurrogate_throws() {
    assertThatThrownBy(() -> Canonical.string(Json.mapper().getNodeFactory().textNode("\ud800")))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
