package dev.parley.detect.telemetry;

import static dev.parley.detect.telemetry.Items.deref;
import static dev.parley.detect.telemetry.Items.detect;
import static dev.parley.detect.telemetry.Items.malformed;
import static dev.parley.detect.telemetry.Items.observations;
import static dev.parley.detect.telemetry.Items.one;
import static dev.parley.detect.telemetry.Items.readText;
import static dev.parley.detect.telemetry.Items.values;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.pattern.observe.Observation;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * ECS fields a hostile tester found unmapped (issue 12), in events written by hand after the ECS
 * field reference: the related fields ({@code related.ip}, an array of IP addresses;
 * {@code related.hosts}, an array of host names and domain names); the source and destination
 * fields {@code address} ("the raw address ... an IP, a domain or a unix socket": mapped by its
 * form) and {@code nat.ip}; the client and server fields {@code domain}; the email fields
 * {@code email.reply_to.address} (an array of keywords). Each value is checked in the observation
 * and through a detector with the reader's screen; where the screen judges the event (no url, http,
 * user_agent, file, tls or email member), an indicator on another value screens it out, so the hit
 * is the screen's own judgement.
 */
class EcsRecordsTest {
  private static final String NAT = "{\"@timestamp\":\"2026-11-30T10:00:00.250Z\",\"event\":{\"kind\":\"event\",\"category\":[\"network\"]},"
      + "\"source\":{\"ip\":\"10.0.0.5\",\"port\":40000,\"nat\":{\"ip\":\"203.0.113.5\",\"port\":61000}},"
      + "\"destination.ip\":\"198.51.100.9\",\"destination.port\":443,\"destination.nat.ip\":\"2001:DB8::9\","
      + "\"network\":{\"transport\":\"tcp\"}}";

  /** Only addresses: a source given as an IP, a destination as a domain name (trailing dot, upper case); a unix socket is neither. */
  private static final String ADDRESSES = "{\"@timestamp\":\"2026-11-30T10:00:01Z\",\"source\":{\"address\":\"192.0.2.77\",\"port\":5000},"
      + "\"destination\":{\"address\":\"C2.Evil.Example.\",\"port\":8443},\"server\":{\"address\":\"/var/run/app.sock\"}}";

  private static final String RELATED = "{\"@timestamp\":\"2026-11-30T10:00:02Z\",\"host\":{\"name\":\"ws-0042\"},"
      + "\"related\":{\"ip\":[\"198.51.100.21\",\"2001:db8::21\"],\"hosts\":[\"WS-0042\",\"Files.Corp.Example\"],\"user\":[\"alice\"]}}";

  private static final String CLIENT_SERVER = "{\"@timestamp\":\"2026-11-30T10:00:03Z\",\"client\":{\"ip\":\"10.0.0.6\","
      + "\"domain\":\"laptop.corp.example\"},\"server.ip\":\"198.51.100.30\",\"server.domain\":\"Srv.Evil.Example\"}";

  private static final String REPLY_TO = "{\"@timestamp\":\"2026-11-30T10:00:04Z\",\"email\":{\"from\":{\"address\":[\"ceo@corp.example\"]},"
      + "\"reply_to\":{\"address\":[\"\\\"Desk\\\" <Drop@Evil.Example>\",\"second@evil.example\"]},\"subject\":\"Wire\","
      + "\"x_mailer\":\"PHPMailer 6.9.1\"}}";

  private static final String REPLY_TO_SINGLE = "{\"@timestamp\":\"2026-11-30T10:00:05Z\",\"email.reply_to.address\":\"Single@Evil.Example\"}";

  private static Observation observation(String line) {
    return observations(readText(TelemetryFormat.ECS, line + "\n", "ecs.ndjson")).get(0);
  }

  /** The indicator is sighted in the line through the screen; one on another value screens the line out when {@code judged}. */
  private static void sightedThroughTheScreen(String line, String pattern, boolean judged) {
    assertThat(detect(TelemetryFormat.ECS, line + "\n", "ecs.ndjson", pattern).sighted()).as(pattern).isEqualTo(1);
    Items.Detection other = detect(TelemetryFormat.ECS, line + "\n", "ecs.ndjson", "[ipv4-addr:value = '192.0.2.255']");
    assertThat(other.sighted()).isZero();
    assertThat(other.screened()).as("screened out: the screen judges this event").isEqualTo(judged ? 1 : 0);
  }

  /** An ECS event of {@code @timestamp} and the members given (JSON text, comma-separated). */
  private static String event(String members) {
    return "{\"@timestamp\":\"2026-11-30T10:00:06Z\",\"event\":{\"category\":[\"web\"]}," + members + "}";
  }

  /**
   * A value given both flat and nested is two values, each observed and each matched, whatever the
   * members' order, through the screen too (hostile run 12af: the flat member won, and the nested
   * address or name was never matched); the connection's end is the flat one.
   */
  @Test
  void flatAndNested_bothObservedAndMatched() {
    for (String line : List.of(
        "{\"@timestamp\":\"2025-05-02T00:00:01Z\",\"source.ip\":\"10.1.1.1\",\"source\":{\"ip\":\"203.0.113.10\"},\"destination.ip\":\"10.2.2.2\"}",
        "{\"@timestamp\":\"2025-05-02T00:00:01Z\",\"source\":{\"ip\":\"203.0.113.10\"},\"source.ip\":\"10.1.1.1\",\"destination.ip\":\"10.2.2.2\"}",
        "{\"@timestamp\":\"2025-05-02T00:00:01Z\",\"source.ip\":\"10.1.1.1\",\"destination.ip\":\"10.2.2.2\",\"destination\":{\"ip\":\"203.0.113.10\"}}")) {
      sightedThroughTheScreen(line, "[ipv4-addr:value = '203.0.113.10']", true);
      sightedThroughTheScreen(line, "[network-traffic:src_ref.value = '10.1.1.1']", true);
    }
    // an empty flat member leaves the end to the nested value
    for (String empty : List.of("\"\"", "[]")) {
      sightedThroughTheScreen("{\"@timestamp\":\"2025-05-02T00:00:01Z\",\"source.ip\":" + empty + ",\"source\":{\"ip\":\"203.0.113.10\"},"
          + "\"destination.ip\":\"10.2.2.2\"}", "[network-traffic:src_ref.value = '203.0.113.10']", true);
    }
    String dns = "{\"@timestamp\":\"2025-05-02T00:00:01Z\",\"dns.question.name\":\"benign.test\",\"dns\":{\"question\":{\"name\":\"evil.example\"}}}";
    sightedThroughTheScreen(dns, "[domain-name:value = 'evil.example']", true);
    sightedThroughTheScreen(dns, "[domain-name:value = 'benign.test']", true);
  }

  /**
   * The URL fields (ECS url field set): a URL in {@code url.full} or {@code url.original} without
   * {@code url.domain} gives its host as a domain-name or an address, as Zeek's and EVE's requests
   * do (a hostile run, issue 12, found only url.domain made one), and the scheme's default port is
   * dropped ({@code http://evil.example:80/a} is {@code http://evil.example/a}, as Zeek and EVE
   * give it). Events with a url member are not judged by the screen.
   */
  @Test
  void urlFullOrOriginal_hostScoAndDefaultPortDropped() {
    record Case(String members, String url, String type, String host) {}
    List<Case> cases = List.of(
        new Case("\"url\":{\"full\":\"http://Evil.Example:80/a\"}", "http://evil.example/a", "domain-name", "evil.example"),
        new Case("\"url.full\":\"https://evil.example:443/\"", "https://evil.example/", "domain-name", "evil.example"),
        new Case("\"url\":{\"full\":\"https://evil.example:8443/x\"}", "https://evil.example:8443/x", "domain-name", "evil.example"),
        new Case("\"url\":{\"original\":\"http://192.0.2.9/a\"}", "http://192.0.2.9/a", "ipv4-addr", "192.0.2.9"),
        new Case("\"url\":{\"original\":\"https://[2001:DB8::5]:8443/x\"}", "https://[2001:db8::5]:8443/x", "ipv6-addr", "2001:db8::5"),
        new Case("\"url\":{\"domain\":\"evil.example\",\"port\":80,\"path\":\"/a\"}", "http://evil.example/a", "domain-name",
            "evil.example"),
        new Case("\"url\":{\"scheme\":\"https\",\"domain\":\"evil.example\",\"port\":443,\"path\":\"/a\"}", "https://evil.example/a",
            "domain-name", "evil.example"));
    for (Case c : cases) {
      String line = event(c.members());
      Observation o = observation(line);
      assertThat(values(o, "url")).as(c.members()).containsExactly(c.url());
      assertThat(values(o, c.type())).as(c.members()).containsExactly(c.host());
      sightedThroughTheScreen(line, "[url:value = '" + c.url() + "']", false);
      sightedThroughTheScreen(line, "[" + c.type() + ":value = '" + c.host() + "']", false);
    }
  }

  /**
   * A URL without a scheme (a decision of issue 12's review): one whose text starts with its host
   * ({@code evil.example/x}) is {@code url.scheme}, else http, + "://" + it, as the issue reads
   * scheme-less URLs of Zeek and EVE; a request target ({@code /x}) with no {@code url.domain} is
   * joined to {@code destination.domain} or {@code server.domain}; a relative target with a
   * {@code url.domain} stays joined to it; {@code *} (the target of OPTIONS) names no URL.
   */
  @Test
  void urlOriginalWithoutScheme_hostFirstOrRequestTarget() {
    record Case(String members, List<String> urls) {}
    List<Case> cases = List.of(
        new Case("\"url\":{\"original\":\"Evil.Example/x?q=1\"}", List.of("http://evil.example/x?q=1")),
        new Case("\"url\":{\"original\":\"evil.example:8080/x\",\"scheme\":\"https\"}", List.of("https://evil.example:8080/x")),
        new Case("\"url\":{\"original\":\"evil.example:80/x\",\"domain\":\"evil.example\"}", List.of("http://evil.example/x")),
        new Case("\"url\":{\"original\":\"/x\"},\"destination\":{\"domain\":\"evil.example\",\"port\":80}",
            List.of("http://evil.example/x")),
        new Case("\"url\":{\"original\":\"/x\"},\"server\":{\"domain\":\"evil.example\"}", List.of("http://evil.example/x")),
        new Case("\"url\":{\"original\":\"index.html\",\"domain\":\"evil.example\"}", List.of("http://evil.example/index.html")),
        new Case("\"url\":{\"original\":\"*\"},\"http\":{\"request\":{\"method\":\"OPTIONS\"}}", List.of()),
        new Case("\"url\":{\"original\":\"/x\"}", List.of()),
        // a URI without an authority is itself; a network-path reference is its host's (hostile run 12z)
        new Case("\"url\":{\"original\":\"MAILTO:a@evil.example\"}", List.of("mailto:a@evil.example")),
        new Case("\"url\":{\"original\":\"//Evil.Example/x\"}", List.of("http://evil.example/x")),
        // a CONNECT's target, host and port, names no URL, as from Zeek and EVE (RFC 9112 §3.2.3)
        new Case("\"url\":{\"original\":\"evil.example:443\"},\"http\":{\"request\":{\"method\":\"CONNECT\"}}", List.of()));
    for (Case c : cases) {
      String line = event(c.members());
      assertThat(values(observation(line), "url")).as(c.members()).isEqualTo(c.urls());
      for (String url : c.urls()) sightedThroughTheScreen(line, "[url:value = '" + url + "']", false);
    }
    String connect = event("\"url\":{\"original\":\"evil.example:443\"},\"http\":{\"request\":{\"method\":\"CONNECT\"}}");
    assertThat(values(observation(connect), "domain-name")).containsExactly("evil.example");
    String hostFirst = event("\"url\":{\"original\":\"evil.example/x\"}");
    assertThat(values(observation(hostFirst), "domain-name")).containsExactly("evil.example");
    sightedThroughTheScreen(hostFirst, "[domain-name:value = 'evil.example']", false);
  }

  /**
   * ECS DNS answers ({@code dns.answers}: {@code name}, {@code type}, {@code class}, {@code ttl},
   * {@code data}): a TXT answer's data is text, not a host (a hostile run, issue 12, saw it hit
   * {@code [domain-name:value = 'evil.example']}); an A, AAAA, CNAME, NS, PTR, MX or DNAME answer's
   * is, in any case of the type; an answer without a type as before. The screen reads the same.
   */
  @Test
  void dnsAnswers_txtDataNoHost_screenAgrees() {
    String line = "{\"@timestamp\":\"2026-11-30T10:00:07Z\",\"source\":{\"ip\":\"10.0.0.9\"},\"destination\":{\"ip\":\"10.0.0.53\"},"
        + "\"dns\":{\"type\":\"answer\",\"question\":{\"name\":\"txt.zone8.example\",\"type\":\"TXT\"},\"answers\":["
        + "{\"name\":\"txt.zone8.example\",\"type\":\"TXT\",\"class\":\"IN\",\"ttl\":60,\"data\":\"evil.example\"},"
        + "{\"name\":\"txt.zone8.example\",\"type\":\"cname\",\"class\":\"IN\",\"ttl\":60,\"data\":\"cdn.zone8.example\"},"
        + "{\"name\":\"cdn.zone8.example\",\"class\":\"IN\",\"ttl\":60,\"data\":\"198.51.100.40\"}]}}";
    Observation o = observation(line);
    assertThat(values(o, "domain-name")).containsExactly("txt.zone8.example", "cdn.zone8.example");
    assertThat(values(o, "ipv4-addr")).contains("198.51.100.40");
    Items.Detection txt = detect(TelemetryFormat.ECS, line + "\n", "ecs.ndjson", "[domain-name:value = 'evil.example']");
    assertThat(txt.sighted()).isZero();
    assertThat(txt.screened()).isEqualTo(1);
    sightedThroughTheScreen(line, "[domain-name:value = 'cdn.zone8.example']", true);
    sightedThroughTheScreen(line, "[ipv4-addr:value = '198.51.100.40']", true);
  }

  /** {@code @timestamp} as a date alone (Elasticsearch's strict_date_optional_time takes it): its midnight in UTC, judged by the screen. */
  @Test
  void timestampDateAlone_midnightUtcAndSighted() {
    String line = "{\"@timestamp\":\"2023-11-14\",\"source\":{\"ip\":\"10.0.0.1\"},\"destination\":{\"ip\":\"198.51.100.90\"}}";
    List<TelemetryItem> items = readText(TelemetryFormat.ECS, line + "\n", "ecs.ndjson");
    assertThat(malformed(items)).isEmpty();
    assertThat(observations(items).get(0).firstObserved()).isEqualTo(Instant.parse("2023-11-14T00:00:00Z"));
    sightedThroughTheScreen(line, "[ipv4-addr:value = '198.51.100.90']", true);
  }

  /** A request with no address goes to its URL's host, url.domain or the host in url.full. */
  @Test
  void requestWithoutAddress_urlHostIsTheDestination() {
    Observation o = observation(event("\"url\":{\"full\":\"http://evil.example:8080/a\"},\"http\":{\"request\":{\"method\":\"GET\"}}"));
    assertThat(deref(o, one(o, "network-traffic").get("dst_ref"))).isEqualTo("evil.example");
  }

  @Test
  void natIps_scosAndSighted() {
    Observation o = observation(NAT);
    assertThat(values(o, "ipv4-addr")).containsExactly("10.0.0.5", "198.51.100.9", "203.0.113.5");
    assertThat(values(o, "ipv6-addr")).containsExactly("2001:db8::9");
    sightedThroughTheScreen(NAT, "[ipv4-addr:value = '203.0.113.5']", true);
    sightedThroughTheScreen(NAT, "[ipv6-addr:value = '2001:db8::9']", true);
  }

  @Test
  void sourceAndDestinationAddress_byForm_endsOfTheConnectionAndSighted() {
    Observation o = observation(ADDRESSES);
    assertThat(values(o, "ipv4-addr")).containsExactly("192.0.2.77");
    assertThat(values(o, "domain-name")).containsExactly("c2.evil.example");
    ObjectNode nt = one(o, "network-traffic");
    assertThat(deref(o, nt.get("src_ref"))).isEqualTo("192.0.2.77");
    assertThat(deref(o, nt.get("dst_ref"))).isEqualTo("c2.evil.example");
    assertThat(nt.get("dst_port").asInt()).isEqualTo(8443);
    sightedThroughTheScreen(ADDRESSES, "[ipv4-addr:value = '192.0.2.77']", true);
    sightedThroughTheScreen(ADDRESSES, "[domain-name:value = 'c2.evil.example']", true);
  }

  @Test
  void relatedIpAndHosts_scosAndSighted() {
    Observation o = observation(RELATED);
    assertThat(values(o, "ipv4-addr")).containsExactly("198.51.100.21");
    assertThat(values(o, "ipv6-addr")).containsExactly("2001:db8::21");
    assertThat(values(o, "domain-name")).containsExactly("ws-0042", "files.corp.example");
    sightedThroughTheScreen(RELATED, "[ipv4-addr:value = '198.51.100.21']", true);
    sightedThroughTheScreen(RELATED, "[ipv6-addr:value = '2001:db8::21']", true);
    sightedThroughTheScreen(RELATED, "[domain-name:value = 'files.corp.example']", true);
  }

  @Test
  void clientAndServerDomain_scosAndSighted() {
    Observation o = observation(CLIENT_SERVER);
    assertThat(values(o, "domain-name")).containsExactly("laptop.corp.example", "srv.evil.example");
    sightedThroughTheScreen(CLIENT_SERVER, "[domain-name:value = 'srv.evil.example']", true);
    sightedThroughTheScreen(CLIENT_SERVER, "[domain-name:value = 'laptop.corp.example']", true);
  }

  /**
   * An event without a url member names no URL: {@code destination.domain} or {@code server.domain}
   * alone is no request (an event of them was given {@code http://srv.evil.example/}, which an
   * indicator on that URL met only when the screen, which asks nothing of URLs, let the event through).
   */
  @Test
  void domainsWithoutUrlMember_noUrl_sameWithTheScreen() {
    assertThat(values(observation(CLIENT_SERVER), "url")).isEmpty();
    Items.Detection d = detect(TelemetryFormat.ECS, CLIENT_SERVER + "\n", "ecs.ndjson", "[url:value = 'http://srv.evil.example/']");
    assertThat(d.sighted()).isZero();
    assertThat(d.screened()).isEqualTo(1);
    String request = event("\"server\":{\"domain\":\"srv.evil.example\"},\"url\":{\"path\":\"/x\"}");
    assertThat(values(observation(request), "url")).containsExactly("http://srv.evil.example/x");
  }

  @Test
  void emailReplyTo_arrayOrSingle_scosAndSighted() {
    assertThat(values(observation(REPLY_TO), "email-addr")).containsExactly("ceo@corp.example", "Drop@evil.example", "second@evil.example");
    assertThat(values(observation(REPLY_TO_SINGLE), "email-addr")).containsExactly("Single@evil.example");
    sightedThroughTheScreen(REPLY_TO, "[email-addr:value = 'Drop@evil.example']", false);
    sightedThroughTheScreen(REPLY_TO, "[email-addr:value = 'second@evil.example']", false);
    sightedThroughTheScreen(REPLY_TO_SINGLE, "[email-addr:value = 'Single@Evil.Example']", false);
    // email.x_mailer in the message's headers (STIX 2.1 §6.6 additional_header_fields)
    sightedThroughTheScreen(REPLY_TO, "[email-message:additional_header_fields.'X-Mailer' = 'PHPMailer 6.9.1']", false);
  }

  private static final String SHA = "2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae";

  /**
   * The ECS e-mail, user, hash and TLS client fields a hostile run found unread (hostile run 12ah):
   * {@code email.bcc.address}, {@code email.sender.address}, {@code user.email} (each an
   * email-addr); the hash field sets of {@code process}, {@code process.parent} and {@code dll} (each a
   * file with its name), and of each of {@code email.attachments}' {@code file} (an array of objects,
   * nested or flat); {@code tls.client.hash.*} (an x509-certificate, with its subject). Each is
   * sighted; an event with a user.email or an executable's hash is judged by the screen, and built
 * when some pattern compares e-mail addresses or files.
   */
  @Test
  void emailUserProcessDllAttachmentAndClientCertificate_scosAndSighted() {
    String mail = event("\"email\":{\"bcc\":{\"address\":[\"Hidden@Evil.Example\"]},\"sender\":{\"address\":\"relay@evil.example\"},"
        + "\"attachments\":[{\"file\":{\"name\":\"invoice.pdf.exe\",\"size\":4096,\"hash\":{\"sha256\":\"" + SHA.toUpperCase() + "\"}}},"
        + "{\"file.hash.md5\":\"d41d8cd98f00b204e9800998ecf8427e\",\"file.name\":\"b.txt\"},7]}");
    Observation m = observation(mail);
    assertThat(values(m, "email-addr")).contains("Hidden@evil.example", "relay@evil.example");
    assertThat(m.objects().values().stream().filter(o -> "file".equals(o.path("type").asText())).map(o -> o.path("name").asText()))
        .containsExactlyInAnyOrder("invoice.pdf.exe", "b.txt");
    sightedThroughTheScreen(mail, "[email-addr:value = 'Hidden@evil.example']", false);
    sightedThroughTheScreen(mail, "[email-addr:value = 'relay@evil.example']", false);
    sightedThroughTheScreen(mail, "[file:hashes.'SHA-256' = '" + SHA + "']", false);
    sightedThroughTheScreen(mail, "[file:hashes.MD5 = 'd41d8cd98f00b204e9800998ecf8427e']", false);

    // the host behind a proxy (network.forwarded_ip), judged by the screen as every address is
    sightedThroughTheScreen(event("\"source.ip\":\"10.0.0.5\",\"network\":{\"forwarded_ip\":\"198.51.100.77\"}"),
        "[ipv4-addr:value = '198.51.100.77']", true);
    String user = event("\"user\":{\"name\":\"alice\",\"email\":\"Alice@Evil.Example\"},\"source.ip\":\"10.0.0.5\"");
    // judged: built when a pattern compares e-mail addresses, screened out by one on an address alone
    sightedThroughTheScreen(user, "[email-addr:value = 'Alice@evil.example']", true);

    for (String exe : List.of("process", "process.parent", "dll")) {
      String nested = exe.equals("process.parent") ? "\"process\":{\"parent\":{\"name\":\"p.exe\",\"hash\":{\"sha256\":\"" + SHA + "\"}}}"
          : "\"" + exe + "\":{\"name\":\"p.exe\",\"hash\":{\"sha256\":\"" + SHA + "\"}}";
      String line = event(nested + ",\"source.ip\":\"10.0.0.5\"");
      ObjectNode file = one(observation(line), "file");
      assertThat(file.path("name").asText()).as(exe).isEqualTo("p.exe");
      sightedThroughTheScreen(line, "[file:hashes.'SHA-256' = '" + SHA + "']", true);
      String flat = event("\"" + exe + ".hash.sha256\":\"" + SHA + "\",\"source.ip\":\"10.0.0.5\"");
      sightedThroughTheScreen(flat, "[file:hashes.'SHA-256' = '" + SHA + "']", true);
    }

    String tls = event("\"tls\":{\"client\":{\"hash\":{\"sha1\":\"9E393D93138888D288266C2D915214D1D1CCEB2A\"},\"subject\":\"CN=implant\"}}");
    assertThat(one(observation(tls), "x509-certificate").path("subject").asText()).isEqualTo("CN=implant");
    sightedThroughTheScreen(tls, "[x509-certificate:hashes.'SHA-1' = '9e393d93138888d288266c2d915214d1d1cceb2a']", false);
  }
}
