package dev.parley.stix.validate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** RFC 3986 URI-reference syntax (§4.1), from the grammar of its Appendix A. */
class UrlsTest {

  @ParameterizedTest
  @ValueSource(strings = {
      "https://example.com/research/index.html", "http://capec.mitre.org/data/definitions/550.html",
      "ftp://ftp.is.co.za/rfc/rfc1808.txt", "ldap://[2001:db8::7]/c=GB?objectClass?one", "mailto:John.Doe@example.com",
      "news:comp.infosystems.www.servers.unix", "tel:+1-816-555-1212", "telnet://192.0.2.16:80/",
      "urn:oasis:names:specification:docbook:dtd:xml:4.1.2", "http://a/b/c/d;p?q", "http://[::ffff:192.0.2.1]:8080/x",
      "http://[v7.fe80::1]/", "https://user:pw@example.com:443/a%20b?x=1&y=2#frag/?", "file:///etc/hosts",
      "../g", "//g", "?y", "#s", "", "g;x=1/../y", "hxxp://example.com/"})
  void problem_validUriReferences_none(String s) {
    assertThat(Urls.problem(s)).isNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "https://example.com/a\u2013b", "http://example.com/a b", "http://example.com/%zz", "http://example.com/%4",
      "http://[2001:db8::7/", "http://[2001:db8:::7]/", "http://[1:2:3:4:5:6:7:8:9]/", "http://example.com:80a/",
      "http://exa mple.com/", "1http://example.com/", ":foo", "ex ample:foo", "http://example.com/#a#b",
      "http://example.com/\"quoted\"", "http://example.com/<tag>", "http://example.com/a\\b", "http://пример.рф/"})
  void problem_notUriReferences_named(String s) {
    assertThat(Urls.problem(s)).isNotNull();
  }

  /** A URL read from a log takes the form a url SCO may hold: encoded where RFC 3986 says, the rest kept. */
  @ParameterizedTest
  @org.junit.jupiter.params.provider.CsvSource(delimiterString = " => ", value = {
      "http://esc.example/p|q => http://esc.example/p%7Cq",
      "http://example.com/a b?x=<1>#a#b => http://example.com/a%20b?x=%3C1%3E#a%23b",
      "http://example.com/%zz%4 => http://example.com/%25zz%254",
      "http://example.com/café/– => http://example.com/caf%C3%A9/%E2%80%93",
      "http://exa mple.com:80a/ => http://exa%20mple.com%3A80a/",
      "http://u@v@example.com:8080/a%20b => http://u%40v@example.com:8080/a%20b",
      "http://[2001:db8::7]:80/\\x => http://[2001:db8::7]:80/%5Cx",
      "https://user:pw@example.com:443/a%20b?x=1&y=2#frag/? => https://user:pw@example.com:443/a%20b?x=1&y=2#frag/?"})
  void rfc3986_logUrls_encodedWhereTheGrammarSays(String raw, String expected) {
    assertThat(UrlValues.rfc3986(raw)).contains(expected);
    assertThat(Urls.problem(expected)).isNull();
  }

  @Test
  void rfc3986_noScheme_empty() {
    assertThat(UrlValues.rfc3986("example.com/a|b")).isEmpty();
    assertThat(UrlValues.rfc3986("1http://example.com/")).isEmpty();
  }

  /** Seeded random strings after a scheme and host: every one comes out a URL, a valid one unchanged. */
  @Test
  void rfc3986_randomTails_alwaysValid() {
    Random random = new Random(20261204);
    String alphabet = "aZ09-._~!$&'()*+,;=:@/?#%[]| \\\"<>{}^`\u00e9\u2013\ud83d\ude00\ud800\t";
    for (int round = 0; round < 20_000; round++) {
      StringBuilder tail = new StringBuilder();
      int n = random.nextInt(24);
      for (int i = 0; i < n; i++) tail.append(alphabet.charAt(random.nextInt(alphabet.length())));
      String raw = "http://example.com/" + tail;
      String encoded = UrlValues.rfc3986(raw).orElseThrow(() -> new AssertionError(raw));
      assertThat(Urls.problem(encoded)).as(raw).isNull();
      if (Urls.problem(raw) == null) assertThat(encoded).isEqualTo(raw);
    }
  }

  @Test
  void problem_enDash_saysWhichCharacterAndWhere() {
    assertThat(Urls.problem("https://attack.mitre.org/a\u2013b")).contains("U+2013").contains("index 26");
  }

  @Test
  void problem_longInput_linearTime() {
    String path = "a/".repeat(2_000_000);
    assertTimeoutPreemptively(Duration.ofSeconds(5), () -> assertThat(Urls.problem("http://example.com/" + path + " ")).contains("U+0020"));
  }

  /** A hostile log line's URL costs its size: a megabyte of characters to encode, a guard against quadratic work. */
  @Test
  void rfc3986_longHostileInput_linearTime() {
    String tail = "|%z\u00e9 ".repeat(250_000);
    assertTimeoutPreemptively(Duration.ofSeconds(5),
        () -> assertThat(UrlValues.rfc3986("http://example.com/" + tail).orElseThrow()).startsWith("http://example.com/%7C%25z%C3%A9%20"));
  }

  @Test
  void hasScheme_relativeAndAbsolute() {
    assertThat(Urls.hasScheme("http://x")).isTrue();
    assertThat(Urls.hasScheme("example.com/x")).isFalse();
    assertThat(Urls.hasScheme("/a:b")).isFalse();
  }
}
