package dev.parley.detect.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class NormalizeTest {
  private final AtomicInteger failed = new AtomicInteger();

  @Test
  void domain_caseTrailingDotAndIdna() {
    assertThat(Normalize.domain("WWW.Example.COM.", failed::incrementAndGet)).isEqualTo("www.example.com");
    assertThat(Normalize.domain("Bücher.example", failed::incrementAndGet)).isEqualTo("xn--bcher-kva.example");
    assertThat(failed).hasValue(0);
  }

  /**
   * One trailing dot is the root's; a hostile run's evil.example.. lost both and met evil.example.
   * A name with an empty label (dots in a row, a leading dot, two at the end) is no host name: kept
   * as written, lower-cased, and counted as a value not converted.
   */
  @Test
  void domain_emptyLabels_keptAndCounted() {
    assertThat(Normalize.domain("Evil.Example..", failed::incrementAndGet)).isEqualTo("evil.example.");
    assertThat(Normalize.domain("a..b.example", failed::incrementAndGet)).isEqualTo("a..b.example");
    assertThat(Normalize.domain(".lead.example", failed::incrementAndGet)).isEqualTo(".lead.example");
    assertThat(failed).hasValue(3);
    assertThat(Normalize.domain("...", failed::incrementAndGet)).isNull();
    assertThat(Normalize.domain("evil.example.", failed::incrementAndGet)).isEqualTo("evil.example");
    assertThat(failed).hasValue(3);
  }

  /**
   * IDNA2008 (RFC 5891) and UTS #46 non-transitional processing keep ß and ς, which IDNA2003 maps to
   * "ss" and σ: {@code faß.example} is sent as {@code xn--fa-hia.example}, and must neither miss that
   * name nor hit {@code fass.example} (a hostile run saw both).
   */
  @Test
  void domain_sharpSAndFinalSigma_idna2008Form() {
    assertThat(Normalize.domain("faß.example", failed::incrementAndGet)).isEqualTo("xn--fa-hia.example");
    assertThat(Normalize.domain("Straße.DE.", failed::incrementAndGet)).isEqualTo("xn--strae-oqa.de");
    assertThat(Normalize.domain("ς.example", failed::incrementAndGet)).isEqualTo("xn--3xa.example");
    assertThat(Normalize.domain("σ.example", failed::incrementAndGet)).isEqualTo("xn--4xa.example");
    assertThat(Normalize.domain("FAẞ.example", failed::incrementAndGet)).isEqualTo("fass.example"); // UTS #46 maps capital ẞ to ss
    assertThat(Normalize.domain("bücher.faß.example", failed::incrementAndGet)).isEqualTo("xn--bcher-kva.xn--fa-hia.example");
    assertThat(Normalize.domain("faß。example", failed::incrementAndGet)).isEqualTo("xn--fa-hia.example");
    assertThat(failed).hasValue(0);
    String long_ = "ß".repeat(70) + ".example";
    assertThat(Normalize.domain(long_, failed::incrementAndGet)).isEqualTo(long_);
    assertThat(failed).hasValue(1);
  }

  /** RFC 3492 §7.1's sample strings, and labels whose forms registries publish. */
  @Test
  void punycode_rfc3492Samples() {
    assertThat(Punycode.encode("bücher")).isEqualTo("bcher-kva");
    assertThat(Punycode.encode("faß")).isEqualTo("fa-hia");
    // (A) Arabic (Egyptian), (B) Chinese (simplified), (L) 3<nen>B<gumi><kinpachi><sensei>
    assertThat(Punycode.encode("\u0644\u064A\u0647\u0645\u0627\u0628\u062A\u0643\u0644\u0645\u0648\u0634\u0639\u0631\u0628\u064A\u061F"))
        .isEqualTo("egbpdaj6bu4bxfgehfvwxn");
    assertThat(Punycode.encode("\u4ED6\u4EEC\u4E3A\u4EC0\u4E48\u4E0D\u8BF4\u4E2D\u6587")).isEqualTo("ihqwcrb4cv8a8dqg056pqjye");
    assertThat(Punycode.encode("3\u5E74B\u7D44\u91D1\u516B\u5148\u751F")).isEqualTo("3B-ww4c5e180e575a65lsy2b");
  }

  @Test
  void domain_notConvertible_keepsTextAndCounts() {
    String label = "ü".repeat(70) + ".example"; // a label over 63 octets: IDNA refuses it
    assertThat(Normalize.domain(label, failed::incrementAndGet)).isEqualTo(label);
    assertThat(failed).hasValue(1);
  }

  /** U+FFFD stands for bytes already replaced and counted where they were decoded: IDNA, which prohibits it, is not asked. */
  @Test
  void domain_replacementCharacter_keptLowerCasedNotCountedAgain() {
    assertThat(Normalize.domain("Bad\uFFFD.Example", failed::incrementAndGet)).isEqualTo("bad\uFFFD.example");
    assertThat(failed).hasValue(0);
  }

  @Test
  void ip_canonicalText() {
    assertThat(Normalize.ip("192.168.001.010")).isEqualTo("192.168.1.10");
    assertThat(Normalize.ip("198.51.100.7")).isEqualTo("198.51.100.7");
    assertThat(Normalize.ip("2001:DB8:0:0:0:0:0:1")).isEqualTo("2001:db8::1");
    assertThat(Normalize.ip("2001:db8:0:0:1:0:0:1")).isEqualTo("2001:db8::1:0:0:1"); // RFC 5952 §4.2.3: the first of equal runs
    assertThat(Normalize.ip("::ffff:192.0.2.1")).isEqualTo("::ffff:192.0.2.1"); // RFC 5952 §5: a mapped address in mixed notation
    assertThat(Normalize.ip("::FFFF:C000:201")).isEqualTo("::ffff:192.0.2.1");
    assertThat(Normalize.ipv4Mapped("::ffff:192.0.2.1")).isEqualTo("192.0.2.1");
    assertThat(Normalize.ipv4Mapped("::1")).isNull();
    assertThat(Normalize.ip("::ffff:0:0:1")).isEqualTo("::ffff:0:0:1"); // not mapped: ::ffff:0:0/96 is the first six groups
    assertThat(Normalize.ip("fe80::1%eth0")).isEqualTo("fe80::1");
    assertThat(Normalize.ip("::")).isEqualTo("::");
    assertThat(Normalize.ip("256.1.1.1")).isNull();
    assertThat(Normalize.ip("1.2.3")).isNull();
    assertThat(Normalize.ip("2001:db8::1::2")).isNull();
    assertThat(Normalize.ip("evil.example")).isNull();
  }

  @Test
  void url_schemeAddedAndHostLowerCased() {
    Runnable r = failed::incrementAndGet;
    assertThat(Normalize.url("Evil.Example", "/A/B?c=D", r)).isEqualTo("http://evil.example/A/B?c=D");
    assertThat(Normalize.url("HTTPS://User@Evil.Example:8443/X", r)).isEqualTo("https://User@evil.example:8443/X");
    assertThat(Normalize.url("evil.example", "http://other.example/p", r)).isEqualTo("http://other.example/p");
  }

  /**
   * RFC 3986 §6.2.2.1, §6.2.2.2: an encoded unreserved character is the character, any other
   * encoding's hex digits upper-case; a lone or broken {@code %} is kept (hostile run 10r: {@code
   * /%78.php} evaded an indicator on {@code /x.php}).
   */
  @Test
  void url_percentEncodingsInNormalForm() {
    Runnable r = () -> { };
    assertThat(Normalize.url("bad.example.org", "/%78.php", r)).isEqualTo("http://bad.example.org/x.php");
    assertThat(Normalize.url("http://h.example/%7euser/%2fa%2Fb?q=%41%3d%3D&x=%zz%4#%2d", r))
        .isEqualTo("http://h.example/~user/%2Fa%2Fb?q=A%3D%3D&x=%zz%4#-");
    String plain = "http://h.example/a%20b%2F";
    assertThat(Normalize.url(plain, r)).isSameAs(plain);
    assertThat(Normalize.percentEncodings("%")).isEqualTo("%");
    assertThat(Normalize.percentEncodings("%4")).isEqualTo("%4");
    assertThat(Normalize.percentEncodings("%41%4")).isEqualTo("A%4");
  }

  /**
   * RFC 3986 §2.3, §6.2.2.2 and the WHATWG host parser: a host's encodings are decoded as UTF-8
   * before its normal form, as a browser opens it (hostile run 12t: {@code ev%69l.example} evaded
   * indicators on {@code evil.example}); what no host name holds once decoded keeps its text.
   */
  @Test
  void url_hostPercentDecoded() {
    Runnable r = failed::incrementAndGet;
    assertThat(Normalize.url("http://ev%69l.example/login", r)).isEqualTo("http://evil.example/login");
    assertThat(Normalize.url("HTTP://EV%49L.Example:80/", r)).isEqualTo("http://evil.example/");
    assertThat(Normalize.url("http://%C3%A9.example/", r)).isEqualTo("http://xn--9ca.example/");
    assertThat(Normalize.url("http://%31%30.0.0.1/a", r)).isEqualTo("http://10.0.0.1/a");
    assertThat(Normalize.url("p%65.example", "/z", r)).isEqualTo("http://pe.example/z");
    assertThat(Normalize.url("http://us%65r:p%3aw@h.example/", r)).isEqualTo("http://user:p%3Aw@h.example/");
    assertThat(failed).hasValue(0);
    // not a host once decoded, or not UTF-8: the text, encodings in normal form
    assertThat(Normalize.url("http://a%2fb.example/", r)).isEqualTo("http://a%2Fb.example/");
    assertThat(Normalize.url("http://a%25b.example/", r)).isEqualTo("http://a%25b.example/");
    assertThat(Normalize.url("http://a%ffb.example/", r)).isEqualTo("http://a%FFb.example/");
    assertThat(Normalize.url("http://a%2.example/", r)).isEqualTo("http://a%2.example/");
    assertThat(Normalize.url("http://[fe80::1%25eth0]/", r)).isEqualTo("http://[fe80::1%25eth0]/");
    assertThat(Normalize.authorityHost("ev%69l.example:8080")).isEqualTo("evil.example");
    assertThat(Normalize.urlHost("http://u@ev%69l.example/x")).isEqualTo("evil.example");
  }

  /** RFC 9110 §7.2: a Host header's value takes the form of a URL's authority (hostile run 12u). */
  @Test
  void hostHeader_likeAUrlsAuthority() {
    assertThat(Normalize.hostHeader("EV%69L.Example")).isEqualTo("evil.example");
    assertThat(Normalize.hostHeader("evil.example:80")).isEqualTo("evil.example");
    assertThat(Normalize.hostHeader("evil.example:")).isEqualTo("evil.example");
    assertThat(Normalize.hostHeader("Evil.Example:8080")).isEqualTo("evil.example:8080");
    assertThat(Normalize.hostHeader("2001:DB8::1")).isEqualTo("[2001:db8::1]");
    assertThat(Normalize.hostHeader("[2001:DB8::1]:8080")).isEqualTo("[2001:db8::1]:8080");
    assertThat(Normalize.hostHeader("b\u00fccher.example")).isEqualTo("xn--bcher-kva.example");
    String plain = "evil.example";
    assertThat(Normalize.hostHeader(plain)).isSameAs(plain);
    assertThat(Normalize.hostHeader(":80")).isEqualTo(":80");
  }

  /**
   * RFC 3986 §6.2.3: a scheme's default port, or an empty one, is dropped, so that a URL a log built
   * from a Host header with its port ({@code evil.example:80}) and an indicator's URL without one
   * are one value (a hostile run, issue 12, saw Zeek keep ":80" and miss the URL).
   */
  @Test
  void url_defaultPortDroppedOtherPortsKept() {
    Runnable r = failed::incrementAndGet;
    assertThat(Normalize.url("http://evil.example:80/a", r)).isEqualTo("http://evil.example/a");
    assertThat(Normalize.url("HTTP://Evil.Example:080/a", r)).isEqualTo("http://evil.example/a");
    assertThat(Normalize.url("https://evil.example:443/", r)).isEqualTo("https://evil.example/");
    assertThat(Normalize.url("https://evil.example:80/", r)).isEqualTo("https://evil.example:80/");
    assertThat(Normalize.url("http://evil.example:443/a", r)).isEqualTo("http://evil.example:443/a");
    assertThat(Normalize.url("http://evil.example:8080/a", r)).isEqualTo("http://evil.example:8080/a");
    assertThat(Normalize.url("http://evil.example:/a", r)).isEqualTo("http://evil.example/a");
    assertThat(Normalize.url("wss://evil.example:443/s", r)).isEqualTo("wss://evil.example/s");
    assertThat(Normalize.url("ftp://user@evil.example:21/f", r)).isEqualTo("ftp://user@evil.example/f");
    assertThat(Normalize.url("gopher://evil.example:70/", r)).isEqualTo("gopher://evil.example:70/"); // no default known: kept
    assertThat(Normalize.url("http://evil.example:80", r)).isEqualTo("http://evil.example");
    assertThat(Normalize.url("http://evil.example:80?q=:80", r)).isEqualTo("http://evil.example?q=:80");
    assertThat(Normalize.url("evil.example:80/a", r)).isEqualTo("http://evil.example/a");
    assertThat(failed).hasValue(0);
  }

  /** A Host header's forms (RFC 9110 §7.2: uri-host [ ":" port ]) and the bare IPv6 address a log may hold. */
  @Test
  void url_hostAndUri_portAndIpv6Forms() {
    Runnable r = failed::incrementAndGet;
    assertThat(Normalize.url("evil.example:80", "/a", r)).isEqualTo("http://evil.example/a");
    assertThat(Normalize.url("Evil.Example:8080", "/a", r)).isEqualTo("http://evil.example:8080/a");
    assertThat(Normalize.url("192.0.2.9:8080", "/a", r)).isEqualTo("http://192.0.2.9:8080/a");
    assertThat(Normalize.url("[2001:DB8::5]:80", "/a", r)).isEqualTo("http://[2001:db8::5]/a");
    assertThat(Normalize.url("[2001:db8:0:0::5]:8080", "/a", r)).isEqualTo("http://[2001:db8::5]:8080/a");
    assertThat(Normalize.url("2001:db8::5", "/a/b?c=1", r)).isEqualTo("http://[2001:db8::5]/a/b?c=1");
    assertThat(Normalize.url("http://[fe80::1%25eth0]:80/", r)).isEqualTo("http://[fe80::1%25eth0]/"); // a zone keeps its text
    assertThat(failed).hasValue(0);
  }

  @Test
  void authorityHost_portAndBracketsDropped() {
    assertThat(Normalize.authorityHost("evil.example:8080")).isEqualTo("evil.example");
    assertThat(Normalize.authorityHost("evil.example")).isEqualTo("evil.example");
    assertThat(Normalize.authorityHost("192.0.2.9:80")).isEqualTo("192.0.2.9");
    assertThat(Normalize.authorityHost("[2001:db8::5]:8080")).isEqualTo("2001:db8::5");
    assertThat(Normalize.authorityHost("[2001:db8::5]")).isEqualTo("2001:db8::5");
    assertThat(Normalize.authorityHost("2001:db8::5")).isEqualTo("2001:db8::5");
    assertThat(Normalize.authorityHost("user@evil.example:21")).isEqualTo("evil.example");
    assertThat(Normalize.authorityHost(":80")).isNull();
    assertThat(Normalize.authorityHost("")).isNull();
    assertThat(Normalize.urlHost("https://User@Evil.Example:8443/x?y")).isEqualTo("Evil.Example");
    assertThat(Normalize.urlHost("http://[2001:db8::5]:80")).isEqualTo("2001:db8::5");
    assertThat(Normalize.urlHost("evil.example/x")).isNull();
    assertThat(Normalize.authority("2001:db8::5", 8080)).isEqualTo("[2001:db8::5]:8080");
    assertThat(Normalize.authority("evil.example", -1)).isEqualTo("evil.example");
    assertThat(Normalize.authority("evil.example:8080", 8080)).isEqualTo("evil.example:8080");
  }

  @Test
  void hash_algorithmNamesAndHexCase() {
    assertThat(Normalize.hashAlgorithm("sha256")).isEqualTo("SHA-256");
    assertThat(Normalize.hashAlgorithm("SHA1")).isEqualTo("SHA-1");
    assertThat(Normalize.hashValue("SHA-1", "8F:51:12")).isEqualTo("8f5112");
    assertThat(Normalize.hashValue("SSDEEP", "3:AXGBicFlgVNhBGcL6wCrFQEv:AXGHsNhxLsr2C")).startsWith("3:AXG");
  }

  @Test
  void email_addressFromDisplayForm() {
    assertThat(Normalize.email("\"Alice\" <Alice@Example.COM>", failed::incrementAndGet)).isEqualTo("Alice@example.com");
    assertThat(Normalize.email("no address", failed::incrementAndGet)).isNull();
  }

  @Test
  void times_epochAndIsoForms() {
    assertThat(Times.parse("1300475167.096535")).isEqualTo(Instant.ofEpochSecond(1300475167L, 96_535_000));
    assertThat(Times.parse("2017-04-07T22:24:37.251547+0100")).isEqualTo(Instant.parse("2017-04-07T21:24:37.251547Z"));
    assertThat(Times.parse("2017-04-07T22:24:37Z")).isEqualTo(Instant.parse("2017-04-07T22:24:37Z"));
    assertThat(Times.parse("2017-04-07T22:24:37.5-05:30")).isEqualTo(Instant.parse("2017-04-08T03:54:37.5Z"));
    assertThat(Times.parse("2009-11-24T21:27:09.534255")).isEqualTo(Instant.parse("2009-11-24T21:27:09.534255Z"));
    assertThat(Times.parse("1.3004751670965E9")).isEqualTo(Instant.ofEpochSecond(1300475167L, 96_500_000));
    assertThat(Times.parse("yesterday")).isNull();
    assertThat(Times.parse("2017-13-07T22:24:37Z")).isNull();
  }

  /** Zeek's time (epoch seconds and a fraction): the common form is read directly, the rest as before. */
  @Test
  void times_epochEdges_sameAnswersOnEveryPath() {
    assertThat(Times.parse("0.000000001")).isEqualTo(Instant.ofEpochSecond(0, 1));
    assertThat(Times.parse("1.5")).isEqualTo(Instant.ofEpochSecond(1, 500_000_000));
    assertThat(Times.parse("1764460800.123456789")).isEqualTo(Instant.ofEpochSecond(1764460800L, 123_456_789));
    assertThat(Times.parse("1764460800.1234567891")).isEqualTo(Instant.ofEpochSecond(1764460800L, 123_456_789)); // cut to ns
    assertThat(Times.parse("1764460800")).isEqualTo(Instant.ofEpochSecond(1764460800L));
    assertThat(Times.parse("-1.5")).isEqualTo(Instant.ofEpochSecond(-1, -500_000_000));
    assertThat(Times.parse("31556889864403199.999999999")).isNull(); // Instant.MAX: past the year 9999 (below)
    assertThat(Times.parse("31556889864403200.0")).isNull(); // beyond Instant
    assertThat(Times.parse("999999999999999999.5")).isNull();
    assertThat(Times.parse("1764460800.")).isEqualTo(Instant.ofEpochSecond(1764460800L)); // an empty fraction, as before
    assertThat(Times.parse("1764460800.12a")).isNull();
    assertThat(Times.parse("1764460800.1.2")).isNull();
    assertThat(Times.parse("17644608x0.1")).isNull();
  }

  @Test
  void ip_nonCanonicalIpv4_rewritten() {
    assertThat(Normalize.ip("010.001.000.255")).isEqualTo("10.1.0.255");
    assertThat(Normalize.ip("0.0.0.0")).isEqualTo("0.0.0.0");
    assertThat(Normalize.ip("255.255.255.255")).isEqualTo("255.255.255.255");
    assertThat(Normalize.ip("256.1.1.1")).isNull();
    assertThat(Normalize.ip("1.1.1")).isNull();
    assertThat(Normalize.ip("1.1.1.1.1")).isNull();
    assertThat(Normalize.ip("1..1.1")).isNull();
    assertThat(Normalize.ip("1.1.1.1000")).isNull();
  }

  /** The in-place reading of an address agrees with {@link Normalize#ip} on seeded random texts near the form. */
  @Test
  void ipv4Address_randomTexts_sameAddressesAsIp() {
    SplittableRandom r = new SplittableRandom(12);
    String alphabet = "0123456789.....:a ";
    int addresses = 0;
    for (int k = 0; k < 200_000; k++) {
      StringBuilder s = new StringBuilder();
      int n = r.nextInt(18);
      for (int i = 0; i < n; i++) s.append(alphabet.charAt(r.nextInt(alphabet.length())));
      String text = "x" + s + "y";
      long address = Normalize.ipv4Address(text, 1, text.length() - 1);
      String ip = s.length() == 0 ? null : Normalize.ip(s.toString());
      String expected = ip == null || Normalize.isIpv6(ip) ? null : ip;
      String got = address < 0 ? null : (address >>> 24) + "." + (address >>> 16 & 255) + "." + (address >>> 8 & 255) + "." + (address & 255);
      assertThat(got).as(s.toString()).isEqualTo(expected);
      if (got != null) addresses++;
    }
    assertThat(addresses).isGreaterThan(100);
  }

  // Record times no STIX timestamp can name (§2.16: four digits of year), and ECS dates

  @Test
  void times_epochSecondsAndIso_exact() {
    assertThat(Times.parse("1300475167.096535")).isEqualTo(Instant.parse("2011-03-18T19:06:07.096535Z"));
    assertThat(Times.parse("1300475167")).isEqualTo(Instant.parse("2011-03-18T19:06:07Z"));
    assertThat(Times.parse("2025-06-01T00:00:00.000001+0100")).isEqualTo(Instant.parse("2025-05-31T23:00:00.000001Z"));
  }

  /** A hostile run sent ts 10000000000000 (year 318857): its sighting was an object the store refused, and the hit was lost. */
  @Test
  void times_outsideYears1To9999_null() {
    assertThat(Times.parse("10000000000000")).isNull();
    assertThat(Times.parse("253402300800.0")).isNull(); // 10000-01-01
    assertThat(Times.parse("253402300799.999999")).isEqualTo(Instant.parse("9999-12-31T23:59:59.999999Z"));
    assertThat(Times.parse("-62135596801")).isNull(); // one second before 0001-01-01
    assertThat(Times.parse("1e30")).isNull();
  }

  /** ECS dates are Elasticsearch dates: a number is milliseconds since the epoch (its default format, epoch_millis). */
  @Test
  void timesDate_numberIsEpochMillis_textIsIso() {
    assertThat(Times.parseDate("1748736022000")).isEqualTo(Instant.parse("2025-06-01T00:00:22Z"));
    assertThat(Times.parseDate("1748736022000.5")).isEqualTo(Instant.parse("2025-06-01T00:00:22.000500Z"));
    assertThat(Times.parseDate("-1")).isEqualTo(Instant.parse("1969-12-31T23:59:59.999Z"));
    assertThat(Times.parseDate("2025-06-01T00:00:22.123Z")).isEqualTo(Instant.parse("2025-06-01T00:00:22.123Z"));
    assertThat(Times.parseDate("1748736022000000000")).isNull(); // year 55 million
    assertThat(Times.parseDate("99999999999999999999999")).isNull();
    assertThat(Times.parseDate("now")).isNull();
  }

  /**
   * Elasticsearch's default date format, strict_date_optional_time, takes a date without a time: its
   * midnight in UTC. A hostile run (issue 12) saw an ECS {@code @timestamp} of "2023-11-14" read as
   * malformed.
   */
  @Test
  void timesDate_dateAlone_midnightUtc() {
    assertThat(Times.parseDate("2023-11-14")).isEqualTo(Instant.parse("2023-11-14T00:00:00Z"));
    assertThat(Times.parseDate("0001-01-01")).isEqualTo(Instant.parse("0001-01-01T00:00:00Z"));
    assertThat(Times.parseDate("2023-02-30")).isNull();
    assertThat(Times.parseDate("2023-11-1x")).isNull();
    assertThat(Times.parseDate("2023/11/14")).isNull();
    assertThat(Times.parseDate("1700000000")).isEqualTo(Instant.ofEpochMilli(1_700_000_000L)); // ten digits: still milliseconds
  }
}
