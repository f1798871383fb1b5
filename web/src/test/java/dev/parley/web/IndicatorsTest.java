package dev.parley.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Issue 13, bulk search: indicators pasted as analysts paste them, defanged too, matched as whole values. */
class IndicatorsTest {
  @Test
  void parse_defangedForms_refanged() {
    List<Indicators.Value> values = Indicators.parse("hxxp://evil[.]example[.]com/a, 10[.]0[.]0[.]1;  hxxps://x(.)org\n"
        + "user[@]example[.]com  EXAMPLE[dot]NET \"d41d8cd98f00b204e9800998ecf8427e\" fxp://files[.]example[:]21");
    assertThat(values).extracting(Indicators.Value::normalized).containsExactly("http://evil.example.com/a", "10.0.0.1",
        "https://x.org", "user@example.com", "example.net", "d41d8cd98f00b204e9800998ecf8427e", "ftp://files.example:21");
    assertThat(values.get(0).pasted()).isEqualTo("hxxp://evil[.]example[.]com/a");
  }

  @Test
  void parse_repeatedAndBlank_once() {
    assertThat(Indicators.parse("a.com\na[.]com\n\n   \nA.COM")).hasSize(1);
    assertThat(Indicators.parse("  \n,,;")).isEmpty();
  }

  @Test
  void holds_wholeValuesOnly() {
    String body = "{\"pattern\":\"[ipv4-addr:value = '10.0.0.10'] OR [domain-name:value = 'www.example.com']\"}";
    assertThat(Indicators.holds(body, "10.0.0.10")).isTrue();
    assertThat(Indicators.holds(body, "10.0.0.1")).isFalse();
    assertThat(Indicators.holds(body, "0.0.0.10")).isFalse();
    assertThat(Indicators.holds(body, "www.example.com")).isTrue();
    assertThat(Indicators.holds(body, "example.com")).isFalse();
    assertThat(Indicators.holds(body, "www.example")).isFalse();
    assertThat(Indicators.holds("{\"value\":\"Example.COM\"}", "example.com")).isTrue();
    assertThat(Indicators.holds("{\"value\":\"example.com.\"}", "example.com")).isTrue();
  }
}
