package dev.parley.detect.telemetry;

import static dev.parley.detect.telemetry.Items.detect;
import static dev.parley.detect.telemetry.Items.malformed;
import static dev.parley.detect.telemetry.Items.observations;
import static dev.parley.detect.telemetry.Items.readText;
import static dev.parley.detect.telemetry.Items.values;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.detect.Detector;
import dev.parley.pattern.observe.Observation;
import dev.parley.policy.Tlp;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Zeek fields a hostile tester found unmapped (issue 12), in records written by hand after Zeek's
 * log reference: smtp.log's fields are those of {@code SMTP::Info} in
 * base/protocols/smtp/main.zeek ({@code ts uid id trans_depth helo mailfrom rcptto date from to cc
 * reply_to msg_id in_reply_to subject x_originating_ip first_received second_received last_reply
 * path user_agent tls fuids}; {@code path} a {@code vector of addr}, {@code reply_to} a string);
 * the ASCII writer's JSON mode with {@code LogAscii::json_timestamps = JSON::TS_MILLIS}
 * (base/frameworks/logging/writers/ascii.zeek) writes {@code ts} as integer milliseconds; http.log's
 * are those of {@code HTTP::Info} in base/protocols/http/main.zeek ({@code ts uid id trans_depth
 * method host uri referrer version user_agent origin request_body_len response_body_len status_code
 * status_msg info_code info_msg tags username password proxied orig_fuids ...}; {@code host} the
 * Host header's value, port included; {@code origin} the Origin header's; {@code proxied} a
 * {@code set[string]} of "NAME -> value" for the proxy headers of {@code HTTP::proxy_headers}).
 * Each value is checked in the observation and through a detector with the reader's screen.
 */
class ZeekRecordsTest {
  private static final String SMTP_JSON = "{\"_path\":\"smtp\",\"ts\":1764496803.5,\"uid\":\"CSmtp2\",\"id.orig_h\":\"192.168.4.80\","
      + "\"id.orig_p\":25025,\"id.resp_h\":\"198.51.100.25\",\"id.resp_p\":25,\"trans_depth\":1,\"helo\":\"mail.evil.example\","
      + "\"mailfrom\":\"<phish@evil.example>\",\"rcptto\":[\"<victim@corp.example>\"],\"from\":\"\\\"Payroll\\\" <phish@evil.example>\","
      + "\"to\":[\"victim@corp.example\"],\"reply_to\":\"\\\"Payroll Desk\\\" <Collect@Drop.Example>\",\"subject\":\"Invoice\","
      + "\"user_agent\":\"Mutt/2.2.12\",\"path\":[\"198.51.100.25\",\"203.0.113.77\",\"2001:DB8::25\"],\"tls\":false}\n";

  private static final String SMTP_TSV = """
      #separator \\x09
      #set_separator\t,
      #empty_field\t(empty)
      #unset_field\t-
      #path\tsmtp
      #fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\ttrans_depth\thelo\tmailfrom\trcptto\tfrom\tto\treply_to\tsubject\tuser_agent\tpath
      #types\ttime\tstring\taddr\tport\taddr\tport\tcount\tstring\tstring\tset[string]\tstring\tset[string]\tstring\tstring\tstring\tvector[addr]
      1764496803.500000\tCSmtp3\t192.168.4.80\t25025\t198.51.100.25\t25\t1\tmail.evil.example\t<phish@evil.example>\t<victim@corp.example>\t"Payroll" <phish@evil.example>\tvictim@corp.example\tDesk <Collect@Drop.Example>\tInvoice\tMutt/2.2.12\t198.51.100.25,203.0.113.77,2001:db8::25
      """;

  private static final String HTTP_FIELDS = "ts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\ttrans_depth\tmethod\thost\turi"
      + "\treferrer\tversion\tuser_agent\torigin\tstatus_code\tproxied";

  /**
   * One request of http.log, as Zeek's TSV and as its JSON: the Host header's value {@code host},
   * the URI, the Origin header ({@code null}: none) and the proxy headers ({@code proxied}).
   */
  private static List<String> http(String host, String uri, String origin, List<String> proxied) {
    String tsv = "#separator \\x09\n#set_separator\t,\n#empty_field\t(empty)\n#unset_field\t-\n#path\thttp\n#fields\t" + HTTP_FIELDS
        + "\n#types\ttime\tstring\taddr\tport\taddr\tport\tcount\tstring\tstring\tstring\tstring\tstring\tstring\tstring\tcount"
        + "\tset[string]\n1764496801.100000\tChttp1\t192.168.4.76\t46378\t198.51.100.7\t8080\t1\tGET\t" + host + "\t" + uri
        + "\t-\t1.1\tcurl/8.0\t" + (origin == null ? "-" : origin) + "\t200\t"
        + (proxied.isEmpty() ? "-" : String.join(",", proxied.stream().map(p -> p.replace(",", "\\x2c")).toList())) + "\n";
    StringBuilder json = new StringBuilder("{\"_path\":\"http\",\"ts\":1764496801.1,\"uid\":\"Chttp2\",\"id.orig_h\":\"192.168.4.76\","
        + "\"id.orig_p\":46378,\"id.resp_h\":\"198.51.100.7\",\"id.resp_p\":8080,\"trans_depth\":1,\"method\":\"GET\",\"host\":\"" + host
        + "\",\"uri\":\"" + uri + "\",\"version\":\"1.1\",\"user_agent\":\"curl/8.0\",");
    if (origin != null) json.append("\"origin\":\"").append(origin).append("\",");
    json.append("\"status_code\":200");
    if (!proxied.isEmpty()) {
      json.append(",\"proxied\":[\"").append(String.join("\",\"", proxied.stream().map(p -> p.replace("\"", "\\\"")).toList())).append("\"]");
    }
    return List.of(tsv, json.append("}\n").toString());
  }

  /**
   * The Host header with a port (Zeek keeps it; browsers send one for any port but 80): the host
   * without it is a domain-name or an address, and the URL drops only the default port (a hostile
   * run, issue 12, saw {@code evil.example:80} make no SCO of the host and a URL with ":80", which
   * neither indicator matched). A bare IPv6 address is all host, not host:port.
   */
  @Test
  void http_hostWithPort_hostScoAndUrlWithoutTheDefaultPort() {
    record Case(String host, String uri, String type, String value, String url) {}
    List<Case> cases = List.of(
        new Case("evil.example:80", "/a", "domain-name", "evil.example", "http://evil.example/a"),
        new Case("Evil.Example:8080", "/a", "domain-name", "evil.example", "http://evil.example:8080/a"),
        new Case("evil.example:443", "/a", "domain-name", "evil.example", "http://evil.example:443/a"),
        new Case("192.0.2.9:8080", "/a", "ipv4-addr", "192.0.2.9", "http://192.0.2.9:8080/a"),
        new Case("[2001:DB8::5]:8080", "/a", "ipv6-addr", "2001:db8::5", "http://[2001:db8::5]:8080/a"),
        new Case("2001:db8::5", "/a/b?c=1", "ipv6-addr", "2001:db8::5", "http://[2001:db8::5]/a/b?c=1"));
    for (Case c : cases) {
      for (String log : http(c.host(), c.uri(), null, List.of())) {
        Observation o = observations(readText(TelemetryFormat.ZEEK, log, "http.log")).get(0);
        assertThat(values(o, c.type())).as(c.host()).contains(c.value());
        assertThat(values(o, "url")).as(c.host()).containsExactly(c.url());
        String type = c.type();
        assertThat(detect(TelemetryFormat.ZEEK, log, "http.log", "[" + type + ":value = '" + c.value() + "']").sighted()).isEqualTo(1);
        assertThat(detect(TelemetryFormat.ZEEK, log, "http.log", "[url:value = '" + c.url() + "']").sighted()).isEqualTo(1);
      }
    }
  }

  /**
   * A CONNECT's target is host and port (RFC 9112 §3.2.3), as Zeek logs it in {@code uri}: no URL was
   * requested, so none is made (a hostile run, issue 12, found {@code http://evil.example:443/evil.example:443}
   * sighted); its host is observed.
   */
  @Test
  void http_connectTarget_noUrlItsHostObserved() {
    // without a Host header too: the tunnel's host is the target's (hostile run 12z: it was lost)
    for (String log : List.of(http("evil.example:443", "evil.example:443", null, List.of()).get(1),
        http("evil.example:443", "evil.example:443", null, List.of()).get(1).replace("\"host\":\"evil.example:443\",", ""))) {
      Observation o = observations(readText(TelemetryFormat.ZEEK, log, "http.log")).get(0);
      assertThat(values(o, "url")).isEmpty();
      assertThat(values(o, "domain-name")).contains("evil.example");
      assertThat(detect(TelemetryFormat.ZEEK, log, "http.log", "[url:value LIKE 'http://evil.example:443%']").sighted()).isZero();
      assertThat(detect(TelemetryFormat.ZEEK, log, "http.log", "[domain-name:value = 'evil.example']").sighted()).isEqualTo(1);
    }
  }

  /**
   * A request in absolute form (to a proxy: RFC 9112 §3.2.2) went to its URI's host, whatever the Host
   * header says, and with none: that host is observed and matched, as from ECS's url.original
   * (hostile run 12af: a benign Host hid the request from domain indicators).
   */
  @Test
  void http_absoluteFormTarget_itsHostObserved() {
    List<String> logs = new ArrayList<>(http("proxy.corp.test", "http://evil.example/x", null, List.of()));
    logs.add(logs.get(1).replace("\"host\":\"proxy.corp.test\",", ""));
    logs.add(logs.get(0).replace("\tproxy.corp.test\t", "\t-\t"));
    for (String log : logs) {
      Observation o = observations(readText(TelemetryFormat.ZEEK, log, "http.log")).get(0);
      assertThat(values(o, "url")).as(log).containsExactly("http://evil.example/x");
      assertThat(values(o, "domain-name")).as(log).contains("evil.example");
      assertThat(detect(TelemetryFormat.ZEEK, log, "http.log", "[domain-name:value = 'evil.example']").sighted()).as(log).isEqualTo(1);
    }
  }

  /**
   * Zeek JSON with an end given both flat and nested ({@code "id.resp_h"} and {@code "id":{"resp_h":..}},
   * in either order): both addresses are observed and matched, through the screen too; the
   * connection's end is the flat one (hostile run 12af: the nested address was never matched).
   */
  @Test
  void json_endFlatAndNested_bothAddressesMatched() {
    for (String line : List.of(
        "{\"_path\":\"conn\",\"ts\":1764496801.1,\"id.orig_h\":\"10.1.1.1\",\"id.resp_h\":\"10.2.2.2\",\"id\":{\"resp_h\":\"203.0.113.10\"}}\n",
        "{\"_path\":\"conn\",\"ts\":1764496801.1,\"id\":{\"resp_h\":\"203.0.113.10\"},\"id.orig_h\":\"10.1.1.1\",\"id.resp_h\":\"10.2.2.2\"}\n")) {
      assertThat(values(observations(readText(TelemetryFormat.ZEEK, line, "conn.log")).get(0), "ipv4-addr"))
          .contains("10.1.1.1", "10.2.2.2", "203.0.113.10");
      for (String ip : List.of("203.0.113.10", "10.2.2.2")) {
        assertThat(detect(TelemetryFormat.ZEEK, line, "conn.log", "[ipv4-addr:value = '" + ip + "']").sighted()).as(ip).isEqualTo(1);
      }
      assertThat(detect(TelemetryFormat.ZEEK, line, "conn.log", "[network-traffic:dst_ref.value = '10.2.2.2']").sighted()).isEqualTo(1);
    }
  }

  /**
   * Bytes that are not UTF-8 (Latin-1) in a Zeek TSV record make it malformed, named, as in JSON
   * (hostile run 12z: read as U+FFFD, the name matched nothing and was counted nowhere); a line in
   * UTF-16 among UTF-8 ones is malformed in every format (JSON's parser guessed its encoding).
   */
  @Test
  void notUtf8_tsvLineAndUtf16Line_malformed() {
    String log = "#separator \\x09\n#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tquery\n"
        + "1764496801.100000\tD1\t192.168.4.76\t5353\t198.51.100.53\t53\tcaf\u00e9.example\n";
    byte[] latin1 = log.getBytes(StandardCharsets.ISO_8859_1);
    assertThat(malformed(readText(TelemetryFormat.ZEEK, new String(latin1, StandardCharsets.ISO_8859_1), "dns.log")))
        .isEmpty(); // the same text as UTF-8 is read
    var items = Items.readAll(TelemetryFormat.ZEEK.open(new ByteArrayInputStream(latin1), "dns.log"));
    assertThat(malformed(items)).singleElement().asString().contains("not UTF-8 text");
    String json = "{\"_path\":\"dns\",\"ts\":1764496801.1,\"uid\":\"D2\",\"query\":\"evil.example\"}\n";
    byte[] mixed = concat(json.getBytes(StandardCharsets.UTF_8), json.getBytes(StandardCharsets.UTF_16LE));
    assertThat(malformed(Items.readAll(TelemetryFormat.ZEEK.open(new ByteArrayInputStream(mixed), "dns.log")))).isNotEmpty().allSatisfy(m -> assertThat(m.toString())
        .contains("not UTF-8 text"));
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  /**
   * A target that begins with its host, written without a scheme, is that URL, as an ECS
   * {@code url.original} is read (hostile run 12z: joined to the Host header it made
   * {@code http://evil.example/evil.example:443/x}); a relative one is joined to the host.
   */
  @Test
  void http_targetBeginningWithItsHost_thatUrlInEveryFormat() {
    record Case(String uri, String url) {}
    for (Case c : List.of(new Case("evil.example:443/x", "http://evil.example:443/x"), new Case("evil.example/noslash", "http://evil.example/noslash"),
        new Case("index.html", "http://evil.example/index.html"))) {
      for (String log : http("evil.example", c.uri(), null, List.of())) {
        assertThat(values(observations(readText(TelemetryFormat.ZEEK, log, "http.log")).get(0), "url")).as(c.uri()).containsExactly(c.url());
      }
    }
  }

  /**
   * http.log's {@code origin} (the Origin header, a URL without a path, RFC 6454 §7) is a URL and
   * its host a domain; {@code proxied} ("NAME -> value" of each proxy header: Forwarded's for= and
   * by=, RFC 7239 §4, quoted IPv6 with a port; X-Forwarded-For's list; Via's received-by with a
   * port; Client-IP) gives every address it holds, and no name (a hostile run, issue 12, found
   * neither mapped, though {@code referrer} was). An opaque origin ("null") is no URL.
   */
  @Test
  void http_originAndProxied_urlHostAndAddresses() {
    List<String> proxied = List.of("FORWARDED -> for=192.0.2.60;proto=http;by=203.0.113.43",
        "FORWARDED -> for=\"[2001:db8:cafe::17]:4711\"", "X-FORWARDED-FOR -> 10.1.2.3, 2001:DB8::77",
        "VIA -> 1.1 198.51.100.99:3128 (squid), 1.0 fred", "CLIENT-IP -> 192.0.2.77", "FROM -> bot@crawler.example");
    for (String log : http("evil.example", "/a", "https://App.Evil.Example:443", proxied)) {
      Observation o = observations(readText(TelemetryFormat.ZEEK, log, "http.log")).get(0);
      assertThat(values(o, "url")).containsExactly("http://evil.example/a", "https://app.evil.example");
      assertThat(values(o, "domain-name")).containsExactly("evil.example", "app.evil.example");
      assertThat(values(o, "ipv4-addr")).containsExactly("192.168.4.76", "198.51.100.7", "192.0.2.60", "203.0.113.43", "10.1.2.3",
          "198.51.100.99", "192.0.2.77");
      assertThat(values(o, "ipv6-addr")).containsExactly("2001:db8:cafe::17", "2001:db8::77");
      for (String pattern : List.of("[url:value = 'https://app.evil.example']", "[domain-name:value = 'app.evil.example']",
          "[ipv4-addr:value = '192.0.2.60']", "[ipv4-addr:value = '10.1.2.3']", "[ipv6-addr:value = '2001:db8:cafe::17']",
          "[ipv4-addr:value = '198.51.100.99']")) {
        assertThat(detect(TelemetryFormat.ZEEK, log, "http.log", pattern).sighted()).as(pattern).isEqualTo(1);
      }
    }
    for (String log : http("evil.example", "/a", "null", List.of())) {
      assertThat(values(observations(readText(TelemetryFormat.ZEEK, log, "http.log")).get(0), "url")).containsExactly("http://evil.example/a");
    }
  }

  /**
   * An indicator's URL is put in the same form as the log's ({@code IndicatorPatterns}), so
   * {@code http://evil.example:80/a} meets the request to evil.example, port or no port; LIKE
   * compares as written (STIX 2.1 §9.6.2).
   */
  @Test
  void http_indicatorUrlWithDefaultPort_matchesEitherForm() {
    for (String host : List.of("evil.example", "evil.example:80")) {
      for (String log : http(host, "/a", null, List.of())) {
        assertThat(detect(TelemetryFormat.ZEEK, log, "http.log", "[url:value = 'http://Evil.Example:80/a']").sighted()).isEqualTo(1);
        assertThat(detect(TelemetryFormat.ZEEK, log, "http.log", "[url:value IN ('http://evil.example:80/a')]").sighted()).isEqualTo(1);
        assertThat(detect(TelemetryFormat.ZEEK, log, "http.log", "[url:value LIKE 'http://evil.example:80/%']").sighted()).isZero();
        assertThat(detect(TelemetryFormat.ZEEK, log, "http.log", "[url:value LIKE 'http://evil.example/%']").sighted()).isEqualTo(1);
      }
    }
  }

  /**
   * Zeek's dns.log answers for records that name no host (base/protocols/dns/main.zeek): a TXT
   * record's "TXT 12 evil.example", an NSEC3's label "NSEC3". Neither is a domain-name, as EVE's
   * and ECS's TXT data are not (a hostile run, issue 12, found EVE and ECS making one): the formats
   * agree, and the screen, which judges dns records, reads the answers the same way.
   */
  @Test
  void dnsAnswers_txtAndNsec3_noHost_screenAgrees() {
    String tsv = "#separator \\x09\n#set_separator\t,\n#empty_field\t(empty)\n#unset_field\t-\n#path\tdns\n"
        + "#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\tquery\tqtype_name\tanswers\n"
        + "#types\ttime\tstring\taddr\tport\taddr\tport\tenum\tstring\tstring\tvector[string]\n"
        + "1764496802.000000\tCdns1\t10.0.0.9\t5353\t10.0.0.53\t53\tudp\ttxt.zone8.example\tTXT\tTXT 12 evil.example,NSEC3,NSEC3PARAM\n";
    String json = "{\"_path\":\"dns\",\"ts\":1764496802.0,\"uid\":\"Cdns2\",\"id.orig_h\":\"10.0.0.9\",\"id.orig_p\":5353,"
        + "\"id.resp_h\":\"10.0.0.53\",\"id.resp_p\":53,\"proto\":\"udp\",\"query\":\"txt.zone8.example\",\"qtype_name\":\"TXT\","
        + "\"answers\":[\"TXT 12 evil.example\",\"NSEC3\",\"NSEC3PARAM\"]}\n";
    for (String log : List.of(tsv, json)) {
      Observation o = observations(readText(TelemetryFormat.ZEEK, log, "dns.log")).get(0);
      assertThat(values(o, "domain-name")).containsExactly("txt.zone8.example");
      for (String name : List.of("evil.example", "nsec3", "nsec3param")) {
        Items.Detection d = detect(TelemetryFormat.ZEEK, log, "dns.log", "[domain-name:value = '" + name + "']");
        assertThat(d.sighted()).isZero();
        assertThat(d.screened()).as(name).isEqualTo(1);
      }
      assertThat(detect(TelemetryFormat.ZEEK, log, "dns.log", "[domain-name:value = 'txt.zone8.example']").sighted()).isEqualTo(1);
    }
  }

  /**
   * Zeek writes a byte of a value that is not printable text as {@code \\xNN}; decoded, bytes that
   * are not UTF-8 read as U+FFFD. A hostile run (issue 12) saw {@code \\xff\\xfe} in a query so
   * replaced without a word: now each such value is counted with the names IDNA could not convert
   * (the summary's count), once for a name (IDNA is not asked of U+FFFD again), and the record is
   * kept and matched.
   */
  @Test
  void unescape_bytesNotUtf8_replacedAndCountedOnce() {
    AtomicInteger notUtf8 = new AtomicInteger();
    assertThat(ZeekTsvHeader.unescape("bad\\xff\\xfe.example", notUtf8::incrementAndGet)).isEqualTo("bad\uFFFD\uFFFD.example");
    assertThat(notUtf8).hasValue(1);
    assertThat(ZeekTsvHeader.unescape("b\\xc3\\xbccher.example", notUtf8::incrementAndGet)).isEqualTo("b\u00fccher.example");
    assertThat(ZeekTsvHeader.unescape("a\\x09b\\x2cc", notUtf8::incrementAndGet)).isEqualTo("a\tb,c");
    assertThat(ZeekTsvHeader.unescape("\\xc3", notUtf8::incrementAndGet)).isEqualTo("\uFFFD"); // a sequence cut short
    assertThat(notUtf8).hasValue(2);
    assertThat(ZeekTsvHeader.highEscape("a\\x7fb\\x2c", 0, 10)).isFalse();
    assertThat(ZeekTsvHeader.highEscape("a\\x7fb\\x80", 0, 10)).isTrue();
    assertThat(ZeekTsvHeader.highEscape("a\\x7fb\\x80", 0, 9)).isFalse();
  }

  @Test
  void dnsQuery_escapesNotUtf8_countedOnceRecordKeptWithAndWithoutTheScreen() {
    String tsv = "#separator \\x09\n#set_separator\t,\n#empty_field\t(empty)\n#unset_field\t-\n#path\tdns\n"
        + "#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\tquery\tanswers\n"
        + "#types\ttime\tstring\taddr\tport\taddr\tport\tenum\tstring\tvector[string]\n"
        + "1764496802.000000\tCdns3\t10.0.0.9\t5353\t10.0.0.53\t53\tudp\tbad\\xff\\xfe.evil.example\t-\n"
        + "1764496803.000000\tCdns4\t10.0.0.9\t5353\t10.0.0.53\t53\tudp\tok.example\t-\n"
        + "#path\tconn\n#fields\tts\tuid\tid.orig_h\tid.resp_h\tproto\tservice\n#types\ttime\tstring\taddr\taddr\tenum\tstring\n"
        + "1764496804.000000\tCconn7\t10.0.0.9\t10.0.0.53\tudp\tdns\\xff\n";
    String json = "{\"_path\":\"dns\",\"ts\":1764496802.0,\"uid\":\"Cdns5\",\"id.orig_h\":\"10.0.0.9\",\"id.orig_p\":5353,"
        + "\"id.resp_h\":\"10.0.0.53\",\"id.resp_p\":53,\"proto\":\"udp\",\"query\":\"bad\\\\xff\\\\xfe.evil.example\"}\n"
        + "{\"_path\":\"conn\",\"ts\":1764496803.0,\"uid\":\"Cconn6\",\"id.orig_h\":\"10.0.0.9\",\"id.resp_h\":\"10.0.0.53\","
        + "\"proto\":\"udp\",\"service\":\"dns\\\\xff\"}\n";
    for (String log : List.of(tsv, json)) {
      for (boolean screened : List.of(false, true)) {
        TelemetryReader reader = TelemetryFormat.ZEEK.open(new ByteArrayInputStream(log.getBytes(StandardCharsets.UTF_8)), "dns.log");
        if (screened) reader.screening(new Detector(List.of(), Tlp.GREEN).screen()); // screens out every record it can judge
        List<TelemetryItem> items = Items.readAll(reader);
        // the conn record's service is read by the mapping alone: the screen builds the record, so that it is
        // counted; and the screen decodes no value of a record it leaves to the mapping, so none counts twice
        assertThat(items).as("screened " + screened).hasSize(log == tsv ? 3 : 2);
        assertThat(items.get(items.size() - 1)).isInstanceOf(TelemetryItem.Record.class);
        assertThat(reader.unconvertedValues()).as("screened " + screened).isEqualTo(2);
        Observation bad = observations(items).get(0);
        assertThat(values(bad, "domain-name")).containsExactly("bad\uFFFD\uFFFD.evil.example");
      }
      assertThat(detect(TelemetryFormat.ZEEK, log, "dns.log", "[domain-name:value LIKE '%.evil.example']").sighted()).isEqualTo(1);
    }
  }

  @Test
  void smtpJson_replyToAndPath_scos() {
    Observation o = observations(readText(TelemetryFormat.ZEEK, SMTP_JSON, "smtp.log")).get(0);
    // the display name dropped, the domain normalised, the local part kept (as from and to)
    assertThat(values(o, "email-addr")).contains("Collect@drop.example");
    assertThat(values(o, "ipv4-addr")).contains("203.0.113.77");
    assertThat(values(o, "ipv6-addr")).containsExactly("2001:db8::25");
  }

  @Test
  void smtpTsv_replyToAndPath_scos() {
    Observation o = observations(readText(TelemetryFormat.ZEEK, SMTP_TSV, "smtp.log")).get(0);
    assertThat(values(o, "email-addr")).contains("Collect@drop.example");
    assertThat(values(o, "ipv4-addr")).contains("203.0.113.77");
    assertThat(values(o, "ipv6-addr")).containsExactly("2001:db8::25");
  }

  @Test
  void smtp_replyToAndPath_sightedThroughTheScreen() {
    for (String log : List.of(SMTP_JSON, SMTP_TSV)) {
      assertThat(detect(TelemetryFormat.ZEEK, log, "smtp.log", "[email-addr:value = 'Collect@Drop.Example']").sighted()).isEqualTo(1);
      assertThat(detect(TelemetryFormat.ZEEK, log, "smtp.log", "[ipv4-addr:value = '203.0.113.77']").sighted()).isEqualTo(1);
      assertThat(detect(TelemetryFormat.ZEEK, log, "smtp.log", "[ipv6-addr:value = '2001:db8::25']").sighted()).isEqualTo(1);
      // the mailer (smtp.log's user_agent: the User-Agent or X-Mailer header) in the message's headers (STIX 2.1 §6.6)
      assertThat(detect(TelemetryFormat.ZEEK, log, "smtp.log", "[email-message:additional_header_fields.'User-Agent' LIKE 'Mutt/%']")
          .sighted()).isEqualTo(1);
    }
  }

  @Test
  void json_integerTs_millisecondsOverTenToTheElevenElseSeconds() {
    String text = """
        {"_path":"conn","ts":1764496800123,"uid":"C1","id.orig_h":"10.0.0.1","id.resp_h":"198.51.100.7"}
        {"_path":"conn","ts":1764496800,"uid":"C2","id.orig_h":"10.0.0.1","id.resp_h":"198.51.100.7"}
        {"_path":"conn","ts":100000000001,"uid":"C3","id.orig_h":"10.0.0.1","id.resp_h":"198.51.100.7"}
        {"_path":"conn","ts":100000000000,"uid":"C4","id.orig_h":"10.0.0.1","id.resp_h":"198.51.100.7"}
        {"_path":"conn","ts":-100000000001,"uid":"C5","id.orig_h":"10.0.0.1","id.resp_h":"198.51.100.7"}
        {"_path":"conn","ts":1764496800.123456,"uid":"C6","id.orig_h":"10.0.0.1","id.resp_h":"198.51.100.7"}
        {"_path":"conn","ts":"2025-11-30T10:00:00.5Z","uid":"C7","id.orig_h":"10.0.0.1","id.resp_h":"198.51.100.7"}
        {"_path":"conn","ts":176449680012300000,"uid":"C8","id.orig_h":"10.0.0.1","id.resp_h":"198.51.100.7"}
        """;
    List<TelemetryItem> items = readText(TelemetryFormat.ZEEK, text, "conn.log");
    List<Instant> times = observations(items).stream().map(Observation::firstObserved).toList();
    assertThat(times).containsExactly(
        Instant.parse("2025-11-30T10:00:00.123Z"), // JSON::TS_MILLIS
        Instant.parse("2025-11-30T10:00:00Z"),
        Instant.ofEpochMilli(100_000_000_001L), // 1973-03-03
        Instant.ofEpochSecond(100_000_000_000L), // not over 10^11: seconds, in the year 5138
        Instant.ofEpochMilli(-100_000_000_001L), // 1966
        Instant.ofEpochSecond(1764496800L, 123_456_000), // Zeek's default
        Instant.parse("2025-11-30T10:00:00.500Z")); // JSON::TS_ISO8601
    // as milliseconds past the year 9999: no STIX timestamp names it
    assertThat(malformed(items)).extracting(TelemetryItem.Malformed::line).containsExactly(8L);
  }

  @Test
  void json_millisecondTs_sightedThroughTheScreenAndScreenedAtItsTime() {
    String conn = "{\"_path\":\"conn\",\"ts\":1764496800123,\"uid\":\"C1\",\"id.orig_h\":\"10.0.0.1\",\"id.resp_h\":\"198.51.100.7\"}\n";
    assertThat(detect(TelemetryFormat.ZEEK, conn, "conn.log", "[ipv4-addr:value = '198.51.100.7']").sighted()).isEqualTo(1);
    assertThat(detect(TelemetryFormat.ZEEK, conn, "conn.log", "[ipv4-addr:value = '198.51.100.8']").screened()).isEqualTo(1);
    String dns = "{\"_path\":\"dns\",\"ts\":1764496800123,\"uid\":\"C2\",\"id.orig_h\":\"10.0.0.1\",\"id.resp_h\":\"10.0.0.53\","
        + "\"query\":\"a.example\"}\n";
    TelemetryReader reader = TelemetryFormat.ZEEK.open(new ByteArrayInputStream(dns.getBytes(StandardCharsets.UTF_8)), "dns.log");
    List<TelemetryItem> items = Items.readAll(reader.screening(new Detector(List.of(), Tlp.GREEN).screen()));
    assertThat(items).containsExactly(new TelemetryItem.Screened(1, Instant.parse("2025-11-30T10:00:00.123Z")));
  }
}
