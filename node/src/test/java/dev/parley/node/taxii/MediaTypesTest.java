package dev.parley.node.taxii;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Content negotiation: TAXII 2.1 §1.6.8 (the media type and its version parameter), §3.1 (a TAXII
 * media range is required; a type defined for the endpoint must not get 406), RFC 9110 §12.5.1
 * (media ranges, precedence of the most specific) and §12.4.2 (q values).
 */
class MediaTypesTest {

  @ParameterizedTest(name = "[{index}] Accept: {0} -> {1}")
  @CsvSource(delimiter = '|', nullValues = "NULL", value = {
      "NULL | true",                                              // no Accept: any type (RFC 9110 §12.5.1)
      "'' | true",
      "' , ,' | true",                                            // only empty list elements (RFC 9110 §5.6.1)
      "application/taxii+json;version=2.1 | true",                // §1.6.8.2
      "application/taxii+json | true",                            // §1.6.8.2: the latest version
      "APPLICATION/TAXII+JSON; VERSION=2.1 | true",               // type and parameter names are case-insensitive
      "application/taxii+json;version=\"2.1\" | true",            // a quoted-string value
      "application/taxii+json ; version=2.1 ; q=0.5 | true",
      "application/taxii+json;version=2.0 | false",
      "application/taxii+json;version=2.1;version=2.0 | false",   // which version was meant is unknowable
      "application/json | false",
      "*/* | true",
      "application/* | true",
      "text/* | false",
      "application/taxii+json;q=0 | false",
      "application/taxii+json;q=0.000 | false",
      "application/taxii+json;q=0.001 | true",
      "application/taxii+json;q=1.000 | true",
      "application/taxii+json;q=1.001 | false",                   // not a qvalue: the range is ignored
      "application/taxii+json;q=abc | false",
      "application/taxii+json;q=0.5000 | false",                  // four digits are not a qvalue
      "'application/taxii+json;q=0, */*' | false",                // the most specific range decides
      "'*/*;q=0, application/taxii+json' | true",
      "'application/taxii+json;version=2.1;q=0, application/taxii+json' | false",
      "'application/taxii+json;q=0, application/taxii+json;version=2.1' | true",
      "'application/json, application/taxii+json;version=2.1' | true",
      "'garbage, application/taxii+json' | true",                 // a malformed range is ignored
      ";;;,,,=;q=abc | false",                                    // the bug: an index out of bounds, a 500
      "';;;' | false",
      "/ | false",
      "*/taxii+json | false",
      "application/taxii+json;version | false",
      "'application/taxii+json;version=\"2.1' | false",           // an unterminated quoted string
      "'application/taxii+json;foo=\"a,b\";version=2.1' | true",  // a comma inside a quoted string splits nothing
      "'application/taxii+json;;version=2.1' | true",             // an empty parameter (RFC 9110 §5.6.6)
  })
  void accepts_table(String accept, boolean expected) {
    assertThat(MediaTypes.accepts(accept)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "[{index}] manifest Accept: {0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      "application/stix+json;version=2.1 | true",                 // §5.3 lists it for the manifest; §3.1 forbids 406
      "application/stix+json | true",
      "application/stix+json;version=2.0 | false",
      "'application/taxii+json;q=0, application/stix+json' | true",
      "application/stix+json;q=0 | false",
      ";;;,,,=;q=abc | false",
  })
  void acceptsManifest_table(String accept, boolean expected) {
    assertThat(MediaTypes.acceptsManifest(accept)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "[{index}] Content-Type: {0} -> {1}")
  @CsvSource(delimiter = '|', nullValues = "NULL", value = {
      "application/taxii+json;version=2.1 | true",
      "application/taxii+json | true",
      "application/taxii+json; charset=utf-8 | true",
      "application/taxii+json;version=2.0 | false",
      "application/json | false",
      "application/* | false",
      "'application/taxii+json, application/json' | false",
      "NULL | false",
      "';;;' | false",
  })
  void isTaxiiContent_table(String contentType, boolean expected) {
    assertThat(MediaTypes.isTaxiiContent(contentType)).isEqualTo(expected);
  }

  /**
   * Random headers built from the characters that matter to the grammar, and random edits of valid
   * ones: no exception, ever, and empty list elements change nothing. The seed is fixed and printed
   * (change it locally to explore further).
   */
  @Test
  void accepts_randomHeaders_neverThrowAndIgnoreEmptyElements() {
    long seed = 0x9110_1268L;
    System.out.println("MediaTypesTest seed " + seed);
    Random random = new Random(seed);
    String[] pieces = {"application", "taxii+json", "stix+json", "*", "/", ";", ",", "=", "\"", "\\", " ", "\t", "q", "0", "1", ".",
        "version", "2.1", "2.0", "é", "\u0000", "\u007f", "\r\n", "+", "-", "a"};
    String[] valid = {MediaTypes.TAXII, MediaTypes.STIX, "*/*;q=0.5", "application/taxii+json;q=0", "application/json"};
    for (int i = 0; i < 50_000; i++) {
      String header;
      if (random.nextBoolean()) {
        StringBuilder b = new StringBuilder();
        for (int n = random.nextInt(12); n > 0; n--) b.append(pieces[random.nextInt(pieces.length)]);
        header = b.toString();
      } else {
        StringBuilder b = new StringBuilder(valid[random.nextInt(valid.length)] + "," + valid[random.nextInt(valid.length)]);
        for (int n = random.nextInt(4); n > 0; n--) {
          int at = random.nextInt(b.length() + 1);
          if (random.nextBoolean() && at < b.length()) b.deleteCharAt(at);
          else b.insert(at, pieces[random.nextInt(pieces.length)]);
        }
        header = b.toString();
      }
      try {
        boolean accepted = MediaTypes.accepts(header);
        MediaTypes.acceptsManifest(header);
        MediaTypes.isTaxiiContent(header);
        assertThat(MediaTypes.accepts(header + ",")).as("seed %d, header %s", seed, header).isEqualTo(accepted);
        assertThat(MediaTypes.accepts(", ," + header)).as("seed %d, header %s", seed, header).isEqualTo(accepted);
      } catch (RuntimeException e) {
        throw new AssertionError("seed " + seed + ", header " + header, e);
      }
    }
  }

  @Test
  void accepts_longHeaderWithUnterminatedQuote_false() {
    String header = "application/json;a=b,".repeat(10_000) + "application/taxii+json;a=\"" + "x".repeat(100_000);
    assertThat(MediaTypes.accepts(header)).isFalse();
  }
}
