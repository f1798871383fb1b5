package dev.parley.pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.parley.pattern.syntax.ComparisonExpression;
import dev.parley.pattern.syntax.Constant;
import dev.parley.pattern.syntax.ObservationOperator;
import dev.parley.pattern.syntax.Pattern;
import dev.parley.pattern.syntax.PatternExpression;
import dev.parley.pattern.syntax.Qualifier;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class PatternsTest {

  /** Every example pattern of STIX 2.1 §9 (9.1 definitions, 9.3, 9.5, 9.6.1, 9.6.4, 9.8). */
  static Stream<String> specExamples() {
    return Stream.of(
        // §9.1
        "[ipv4-addr:value = '203.0.113.1' OR ipv4-addr:value = '203.0.113.2']",
        "([ipv4-addr:value = '198.51.100.5'] FOLLOWEDBY [ipv4-addr:value = '198.51.100.10'])",
        "([ipv4-addr:value = '198.51.100.5' ] AND [ipv4-addr:value = '198.51.100.10']) WITHIN 300 SECONDS",
        "[file:name = 'foo.dll'] START t'2016-06-01T00:00:00Z' STOP t'2016-07-01T00:00:00Z'",
        "[file:size = 25536]",
        // §9.3
        "[ipv4-addr:value = '198.51.100.1/32' OR ipv4-addr:value = '203.0.113.33/32' OR ipv6-addr:value = '2001:0db8:dead:beef:dead:beef:dead:0001/128'] REPEATS 5 TIMES",
        "([ipv4-addr:value = '198.51.100.1/32' OR ipv4-addr:value = '203.0.113.33/32'] FOLLOWEDBY [domain-name:value = 'example.com']) WITHIN 600 SECONDS",
        // §9.6.1
        "[file:size != 4112]", "[file:size > 256]", "[file:size < 1024]", "[file:size <= 25145]",
        "[file:size >= 33312]", "[process:name IN ('proccy', 'proximus', 'badproc')]",
        "[directory:path LIKE 'C:\\\\Windows\\\\%\\\\foo']",
        "[directory:path MATCHES '^C:\\\\\\\\Windows\\\\w+$']",
        "[ipv4-addr:value ISSUBSET '198.51.100.0/24']", "[ipv4-addr:value ISSUPERSET '198.51.100.0/24']",
        "[EXISTS windows-registry-key:values]",
        // §9.6.4
        "[artifact:payload_bin = b'dGhpcyBpcyBhIHRlc3Q=']", "[artifact:payload_bin = h'7468697320697320612074657374']",
        // §9.7
        "[file:extensions.'windows-pebinary-ext'.sections[*].entropy > 7.0]", "[network-traffic:protocols[0] = 'tcp']",
        "[file:hashes.ssdeep = '3:AXGBicFlgVNhBGcL6wCrFQEv:AXGHsNhxLsr2C']", "[file:extensions.'raster-image-ext'.image_height = 10]",
        "[email-message:from_ref.value = 'a@example.com']", "[directory:contains_refs[*].name = 'x']",
        // §9.8
        "[file:hashes.'SHA-256' = 'aec070645fe53ee3b3763059376134f058cc337247c978add178b6ccdfb0019f']",
        "[email-message:from_ref.value MATCHES '.+\\\\@example\\\\.com$' AND email-message:body_multipart[*].body_raw_ref.name MATCHES '^Final Report.+\\\\.exe$']",
        "[file:hashes.'SHA-256' = 'bf07a7fbb825fc0aae7bf4a1177b2b31fcf8a3feeaf7092761e18c859ee52a9c' OR file:hashes.MD5 = 'cead3f77f6cda6ec00f57d76c9a6879f']\nAND [file:hashes.'SHA-256' = 'aec070645fe53ee3b3763059376134f058cc337247c978add178b6ccdfb0019f']",
        "([file:hashes.MD5 = '79054025255fb1a26e4bc422aef54eb4'] FOLLOWEDBY [windows-registry-key:key = 'HKEY_LOCAL_MACHINE\\\\foo\\\\bar']) WITHIN 300 SECONDS",
        "[user-account:account_type = 'unix' AND user-account:user_id = '1007' AND user-account:account_login = 'Peter'] AND [user-account:account_type = 'unix' AND user-account:user_id = '1008' AND user-account:account_login = 'Paul']",
        "[artifact:mime_type = 'application/vnd.tcpdump.pcap' AND artifact:payload_bin MATCHES '\\\\xd4\\\\xc3\\\\xb2\\\\xa1\\\\x02\\\\x00\\\\x04\\\\x00']",
        "[file:name = 'foo.dll' AND file:parent_directory_ref.path = 'C:\\\\Windows\\\\System32']",
        "[file:mime_type = 'image/bmp' AND file:magic_number_hex = h'ffd8']",
        "[network-traffic:dst_ref.type = 'domain-name' AND network-traffic:dst_ref.value = 'example.com'] REPEATS 5 TIMES WITHIN 1800 SECONDS",
        "[domain-name:value = 'www.5z8.info' AND domain-name:resolves_to_refs[*].value = '198.51.100.1/32']",
        "[x509-certificate:issuer = 'CN=WEBMAIL' AND x509-certificate:serial_number = '4c:0b:1d:19:74:86:a7:66:b4:1a:bf:40:27:21:76:28']",
        "[(file:name = 'pdf.exe' OR file:size = 371712) AND file:created = t'2014-01-13T07:03:17Z']",
        "[x-usb-device:usbdrive.serial_number = '575833314133343231313937']",
        "[process:command_line MATCHES '^.+>-add GlobalSign.cer -c -s -r localMachine Root$'] FOLLOWEDBY [process:command_line MATCHES'^.+>-add GlobalSign.cer -c -s -r localMachineTrustedPublisher$'] WITHIN 300 SECONDS",
        "[network-traffic:dst_ref.value ISSUBSET '2001:0db8:dead:beef:0000:0000:0000:0000/64']",
        "([file:name = 'foo.dll'] AND [windows-registry-key:key = 'HKEY_LOCAL_MACHINE\\\\foo\\\\bar']) OR [process:image_ref.name = 'fooproc' OR process:image_ref.name = 'procfoo']",
        // NOT in front of each operator (§9.6.1)
        "[file:name NOT = 'a' AND file:size NOT > 3 AND file:name NOT IN ('b') AND file:name NOT LIKE 'c%' AND file:name NOT MATCHES 'd']",
        "[ipv4-addr:value NOT ISSUBSET '10.0.0.0/8' AND NOT EXISTS ipv4-addr:resolves_to_refs]");
  }

  @ParameterizedTest
  @MethodSource("specExamples")
  void parse_specExample_valid(String text) {
    assertThat(Patterns.parse(text)).isInstanceOf(ParseResult.Valid.class);
  }

  @ParameterizedTest
  @MethodSource("specExamples")
  void print_specExample_parsesBackToEqualTree(String text) {
    var pattern = Patterns.parse(text).orThrow();
    assertThat(Patterns.parse(Patterns.print(pattern)).orThrow()).isEqualTo(pattern);
  }

  /** Malformed patterns, the position of the first error and words of the reason. */
  static Stream<String[]> malformed() {
    return Stream.of(
        new String[] {"", "1:1", "mismatched input '<EOF>'"},
        new String[] {"[file:name = 'a'", "1:17", "missing ']'"},
        new String[] {"file:name = 'a'", "1:1", ""},
        new String[] {"[file:name = 'a' ANDD file:size = 1]", "1:18", ""},
        new String[] {"[file:name = 'a\\n']", "1:16", "invalid escape \\n"},
        new String[] {"[file:name = 'it''s']", "1:18", ""},
        new String[] {"[file:created = t'2014-13-13T07:03:17Z']", "1:17", "invalid timestamp"},
        new String[] {"[file:created = t'2014-01-13 07:03:17Z']", "1:17", "invalid timestamp"},
        new String[] {"[file:created = t'2014-01-13T07:03:17']", "1:17", "invalid timestamp"},
        new String[] {"[artifact:payload_bin = b'ab$=']", "1:25", "invalid base64"},
        new String[] {"[artifact:payload_bin = b'abcde']", "1:25", "invalid base64"},
        new String[] {"[file:magic_number_hex = h'ffd']", "1:26", "even number"},
        new String[] {"[file:magic_number_hex = h'zz']", "1:26", "even number"},
        new String[] {"[file:name = 'a'] REPEATS 0 TIMES", "1:27", "positive"},
        new String[] {"[file:name = 'a'] REPEATS -2 TIMES", "1:27", "positive"},
        new String[] {"[file:name = 'a'] WITHIN 0 SECONDS", "1:26", "positive"},
        new String[] {"[file:name = 'a'] WITHIN -1.5 SECONDS", "1:26", "positive"},
        new String[] {"[file:name = 'a'] START t'2016-07-01T00:00:00Z' STOP t'2016-06-01T00:00:00Z'", "1:25", "START must be earlier"},
        new String[] {"[file:name = 'a'] START t'2016-07-01T00:00:00Z' STOP t'2016-07-01T00:00:00Z'", "1:25", "START must be earlier"},
        new String[] {"[File:name = 'a']", "1:2", "invalid object type"},
        new String[] {"[ab:name = 'a']", "1:2", "invalid object type"},
        new String[] {"[file:hashes.SHA-256 = 'a']", "1:14", ""},
        new String[] {"[file:name = 'a' AND process:name = 'b']", "1:1", "different object types"},
        new String[] {"[file:size = 9007199254740992]", "1:14", "too large: at most 9007199254740991"},
        new String[] {"[file:name IN ('a', 1)]", "1:21", "IN mixes string and number"},
        new String[] {"[file:name MATCHES '(a)\\\\1']", "1:20", "backreferences"},
        new String[] {"[file:name MATCHES 'a(?=b)']", "1:20", "lookahead"},
        new String[] {"[file:name MATCHES 'a(']", "1:20", "MATCHES"},
        new String[] {"[ipv4-addr:value ISSUBSET '10.0.0.0/33']", "1:27", "CIDR"},
        new String[] {"[file:sections[-1].entropy > 1]", "1:16", "0 or more"},
        new String[] {"[file:name = true OR file:size > true]", "1:34", "no order"},
        new String[] {"[file:name = 'a']\n  FOLLOWEDBY\n  [file:name = 'b'] REPEATS x TIMES", "3:29", ""},
        new String[] {"[file:name = 'a'] and [file:name = 'b']", "1:19", ""},
        // integers past their bound are named with the bound, never wrapped (§2.10, §9.5.1)
        new String[] {"[file:name = 'a'] REPEATS 2147483648 TIMES", "1:27",
            "the REPEATS count 2147483648 is too large: at most 2147483647"},
        new String[] {"[file:name = 'a'] REPEATS 99999999999999999999999999 TIMES", "1:27", "is too large: at most 2147483647"},
        new String[] {"[file:sections[2147483648].entropy > 1]", "1:16", "the list index 2147483648 is too large"},
        new String[] {"[file:size = -9007199254740992]", "1:14", "too small: at least -9007199254740991"},
        new String[] {"[file:name = 'a'] WITHIN 9007199254740992 SECONDS", "1:26",
            "9007199254740992 is too large: at most 9007199254740991"},
        // floats are IEEE 754 doubles (§2.6): an exponent past the range is refused, not overflowed
        new String[] {"[x-thing:ratio = 1.0e9999999999]", "1:18", "out of the range of an IEEE 754 double"},
        new String[] {"[x-thing:ratio = 1.5e309]", "1:18", "out of the range of an IEEE 754 double"},
        new String[] {"[x-thing:ratio = -1.0e-999999999]", "1:18", "out of the range of an IEEE 754 double"},
        new String[] {"[file:name = 'a'] WITHIN 1.0e99999999999 SECONDS", "1:26", "out of the range of an IEEE 754 double"},
        // §2.7: a hashes value has the form of its algorithm (hash-algorithm-ov, §10.3)
        new String[] {"[file:hashes.'SHA-256' = 'f00']", "1:26", "'f00' is not a SHA-256 hash: expected 64 hexadecimal digits"},
        new String[] {"[file:hashes.MD5 != 'aec070645fe53ee3b3763059376134f058cc337247c978add178b6ccdfb0019f']", "1:21",
            "not a MD5 hash: expected 32"},
        new String[] {"[file:hashes.'SHA-1' = '79054025255fb1a26e4bc422aef54eb4']", "1:24", "not a SHA-1 hash: expected 40"},
        new String[] {"[file:hashes.'SHA-512' = 'xyz']", "1:26", "not a SHA-512 hash: expected 128"},
        new String[] {"[file:hashes.'SHA3-256' = 'xyz']", "1:27", "not a SHA3-256 hash"},
        new String[] {"[file:hashes.'SHA3-512' = 'xyz']", "1:27", "not a SHA3-512 hash"},
        new String[] {"[file:hashes.sha256 = ' aec070645fe53ee3b3763059376134f058cc337247c978add178b6ccdfb0019f']", "1:23",
            "not a SHA-256 hash"},
        new String[] {"[file:hashes.MD5 IN ('79054025255fb1a26e4bc422aef54eb4', 'abc')]", "1:58", "'abc' is not a MD5 hash"},
        new String[] {"[file:extensions.'windows-pebinary-ext'.sections[*].hashes.MD5 = 'abc']", "1:66", "not a MD5 hash"},
        new String[] {"[file:hashes.SSDEEP = 'not ssdeep']", "1:23", "not a SSDEEP hash"},
        new String[] {"[file:hashes.TLSH = 'f00d']", "1:21", "not a TLSH hash"});
  }

  @ParameterizedTest
  @MethodSource("malformed")
  void parse_malformed_invalidWithPosition(String text, String position, String reason) {
    ParseResult result = Patterns.parse(text);
    assertThat(result).isInstanceOf(ParseResult.Invalid.class);
    PatternError error = ((ParseResult.Invalid) result).error();
    assertThat(error.line() + ":" + error.column()).as(error.toString()).isEqualTo(position);
    assertThat(error.reason()).contains(reason);
  }

  /** What the published grammar and §9 accept that the prose-only grammar once refused, and its canonical text. */
  static Stream<String[]> publishedGrammar() {
    return Stream.of(
        new String[] {"[file:name == 'a']", "[file:name = 'a']"},
        new String[] {"[file:name <> 'a']", "[file:name != 'a']"},
        new String[] {"[file:size NOT == 1 AND file:size NOT <> 2]", "[file:size NOT = 1 AND file:size NOT != 2]"},
        new String[] {"[file:name IN ()]", "[file:name IN ()]"},
        new String[] {"[file:name NOT IN ( )]", "[file:name NOT IN ()]"},
        new String[] {"[file:name = 'a'] WITHIN 5 SECONDS WITHIN 6 SECONDS", "[file:name = 'a'] WITHIN 5 SECONDS WITHIN 6 SECONDS"},
        new String[] {"[file:name = 'a'] REPEATS 2 TIMES REPEATS 2 TIMES", "[file:name = 'a'] REPEATS 2 TIMES REPEATS 2 TIMES"},
        new String[] {"[file:name = 'a'] START t'2016-06-01T00:00:00Z' STOP t'2016-07-01T00:00:00Z'"
            + " START t'2016-06-10T00:00:00Z' STOP t'2016-08-01T00:00:00Z'",
            "[file:name = 'a'] START t'2016-06-01T00:00:00Z' STOP t'2016-07-01T00:00:00Z'"
            + " START t'2016-06-10T00:00:00Z' STOP t'2016-08-01T00:00:00Z'"},
        new String[] {"([file:name = 'a'] AND [file:name = 'b']) REPEATS 2 TIMES WITHIN 9 SECONDS REPEATS 3 TIMES",
            "([file:name = 'a'] AND [file:name = 'b']) REPEATS 2 TIMES WITHIN 9 SECONDS REPEATS 3 TIMES"},
        // chains print as written, not as nested pairs
        new String[] {"[file:size = 1] OR [file:size = 2] OR [file:size = 3] OR [file:size = 4] OR [file:size = 5]",
            "[file:size = 1] OR [file:size = 2] OR [file:size = 3] OR [file:size = 4] OR [file:size = 5]"},
        new String[] {"[file:size = 1 OR file:size = 2 OR file:size = 3 AND file:name = 'a' AND file:name != 'b']",
            "[file:size = 1 OR file:size = 2 OR (file:size = 3 AND file:name = 'a' AND file:name != 'b')]"},
        new String[] {"([file:size = 1] OR [file:size = 2]) OR [file:size = 3]", "([file:size = 1] OR [file:size = 2]) OR [file:size = 3]"},
        new String[] {"[file:size = 1] OR ([file:size = 2] OR [file:size = 3])", "[file:size = 1] OR [file:size = 2] OR [file:size = 3]"},
        new String[] {"[file:hashes.SHA256 = 'AEC070645FE53EE3B3763059376134F058CC337247C978ADD178B6CCDFB0019F']",
            "[file:hashes.SHA256 = 'AEC070645FE53EE3B3763059376134F058CC337247C978ADD178B6CCDFB0019F']"},
        new String[] {"[file:hashes.TLSH = 'T1A2F0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF012345']",
            "[file:hashes.TLSH = 'T1A2F0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF012345']"},
        new String[] {"[file:hashes.'x-custom' = 'f00' AND file:hashes.MD5 LIKE 'abc%']",
            "[file:hashes.'x-custom' = 'f00' AND file:hashes.MD5 LIKE 'abc%']"},
        new String[] {"[x-thing:ratio = 1.5e300 OR x-thing:ratio = -2.5e-300 OR x-thing:ratio = 0.0e-999999999]",
            "[x-thing:ratio = 1.5e300 OR x-thing:ratio = -2.5e-300 OR x-thing:ratio = 0.0]"},
        new String[] {"[file:name = 'a'] REPEATS 2147483647 TIMES", "[file:name = 'a'] REPEATS 2147483647 TIMES"});
  }

  @ParameterizedTest
  @MethodSource("publishedGrammar")
  void parse_publishedGrammarForm_validAndPrintedCanonically(String text, String canonical) {
    var pattern = Patterns.parse(text).orThrow();
    assertThat(Patterns.print(pattern)).isEqualTo(canonical);
    assertThat(Patterns.parse(canonical).orThrow()).isEqualTo(pattern);
  }

  @Test
  void parse_stackedQualifiers_nestLikeParentheses() {
    // §9.5.1 "a MUST be an Observation Expression or a preceding Qualifier": left to right
    assertThat(Patterns.parse("[file:name = 'a'] WITHIN 5 SECONDS REPEATS 2 TIMES WITHIN 6 SECONDS").orThrow())
        .isEqualTo(Patterns.parse("(([file:name = 'a'] WITHIN 5 SECONDS) REPEATS 2 TIMES) WITHIN 6 SECONDS").orThrow());
  }

  @Test
  void parse_observationChain_balancedTreeOfTheSameOperands() {
    // the tree of a chain is balanced; every operator of a chain is associative (§9.5.2)
    var e = Patterns.parse("[x-a:v = 1] FOLLOWEDBY [x-a:v = 2] FOLLOWEDBY [x-a:v = 3] FOLLOWEDBY [x-a:v = 4]")
        .orThrow().expression();
    var root = (PatternExpression.Combined) e;
    assertThat(root.left()).isInstanceOf(PatternExpression.Combined.class);
    assertThat(root.right()).isInstanceOf(PatternExpression.Combined.class);
    assertThat(Patterns.print(Patterns.parse(Patterns.print(new Pattern(e))).orThrow()))
        .isEqualTo("[x-a:v = 1] FOLLOWEDBY [x-a:v = 2] FOLLOWEDBY [x-a:v = 3] FOLLOWEDBY [x-a:v = 4]");
  }

  @ParameterizedTest
  @ValueSource(strings = {" [file:size = 1] ", "\t[\nfile:size\r\n=\u00a01\u3000]", "[file:size=1]"})
  void parse_anyUnicodeWhitespace_valid(String text) {
    assertThat(Patterns.parse(text)).isInstanceOf(ParseResult.Valid.class);
  }

  @Test
  void parse_andWithOr_andBindsTighter() {
    // §9.5: "[a AND b OR c]" is "(a AND b) OR c"
    var e = (PatternExpression.Observation) Patterns.parse(
        "[file:name = 'j' AND file:size = 1 OR file:name = 'l']").orThrow().expression();
    assertThat(e.comparisons()).isInstanceOf(ComparisonExpression.Or.class);
    assertThat(((ComparisonExpression.Or) e.comparisons()).left()).isInstanceOf(ComparisonExpression.And.class);
  }

  @Test
  void parse_observationOperators_precedenceAndThenOrThenFollowedBy() {
    // §9.5.3: AND over OR over FOLLOWEDBY
    var e = (PatternExpression.Combined) Patterns.parse(
        "[file:size = 1] FOLLOWEDBY [file:size = 2] OR [file:size = 3] AND [file:size = 4]").orThrow().expression();
    assertThat(e.operator()).isEqualTo(ObservationOperator.FOLLOWEDBY);
    var right = (PatternExpression.Combined) e.right();
    assertThat(right.operator()).isEqualTo(ObservationOperator.OR);
    assertThat(((PatternExpression.Combined) right.right()).operator()).isEqualTo(ObservationOperator.AND);
  }

  @Test
  void parse_qualifierAfterFollowedBy_bindsToNearestExpression() {
    // §9.5.2: "[b] FOLLOWEDBY [c] REPEATS 5 TIMES" is "[b] FOLLOWEDBY ([c] REPEATS 5 TIMES)"
    var e = (PatternExpression.Combined) Patterns.parse(
        "[file:size = 1] FOLLOWEDBY [file:size = 2] REPEATS 5 TIMES").orThrow().expression();
    assertThat(e.right()).isInstanceOf(PatternExpression.Qualified.class);
    assertThat(((PatternExpression.Qualified) e.right()).qualifier()).isEqualTo(new Qualifier.Repeats(5));
  }

  @Test
  void parse_escapedString_keepsApostropheAndBackslash() {
    var e = (PatternExpression.Observation) Patterns.parse("[file:name = 'it\\'s a \\\\ b']").orThrow().expression();
    var c = (ComparisonExpression.Comparison) e.comparisons();
    assertThat(c.value()).isEqualTo(new Constant.StringConstant("it's a \\ b"));
  }

  @Test
  void parse_deepNesting_invalidNotCrash() {
    String deep = "(".repeat(50_000) + "[file:size = 1]" + ")".repeat(50_000);
    assertThat(Patterns.parse(deep)).isInstanceOf(ParseResult.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"[file:size = 1.0e2147483648]", "[file:size = 100.0e2147483647]", "[file:size = 1.0e-2147483649]",
      "[file:size = 1] WITHIN 100.0e2147483647 SECONDS"})
  void parse_floatBeyondBigDecimal_invalidNotThrown(String text) {
    // regression: the NumberFormatException or ArithmeticException left parse, and the STIX validator with it
    assertThat(Patterns.parse(text)).isInstanceOfSatisfying(ParseResult.Invalid.class,
        r -> assertThat(r.error().toString()).contains("out of the range of an IEEE 754 double"));
  }

  @Test
  void print_hugeExponent_shortTextThatParsesBack() {
    // regression: toPlainString printed large exponents digit by digit (1.0e99999999 as a hundred million
    // digits, before such a float was refused as beyond a double)
    Pattern p = Patterns.parse("[file:size > 1.0e308] WITHIN 2.5e-300 SECONDS").orThrow();
    String printed = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> Patterns.print(p));
    assertThat(printed).hasSizeLessThan(80);
    assertThat(Patterns.parse(printed).orThrow()).isEqualTo(p);
  }
}
