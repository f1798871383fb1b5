package dev.parley.detect.telemetry;

import static dev.parley.detect.telemetry.Items.detect;
import static dev.parley.detect.telemetry.Items.observations;
import static dev.parley.detect.telemetry.Items.one;
import static dev.parley.detect.telemetry.Items.readText;
import static dev.parley.detect.telemetry.Items.values;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.pattern.observe.Observation;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * EVE fields a hostile tester found unmapped (issue 12), in events written by hand after Suricata's
 * user guide, "Eve JSON Format": the common section's {@code tunnel} ({@code src_ip},
 * {@code dest_ip}, {@code proto}, {@code depth}) and {@code app_proto} ("failed" when detection
 * failed); the alert's {@code source} and {@code target} ({@code ip}, {@code port}); http's
 * {@code xff} (the X-Forwarded-For header, logged when {@code xff.mode} is {@code extra-data}); and
 * DNS {@code authorities} (versions 2 and 3) and {@code additionals} (version 3, "DNS Logging
 * Changes for 8.0"), detailed records ({@code rrname}, {@code rrtype}, {@code ttl}, {@code rdata}, or
 * {@code soa} for an SOA record), besides version 1's answer event per record. Each value is checked
 * in the observation and through a detector with the reader's screen; where the screen judges the
 * event, an indicator on another value screens it out, so the hit is the screen's own judgement.
 */
class EveRecordsTest {
  private static final String T = "\"timestamp\":\"2026-11-30T10:00:00.250000+0000\"";

  private static final String TUNNEL = "{" + T + ",\"flow_id\":1,\"event_type\":\"flow\",\"src_ip\":\"10.1.0.5\",\"src_port\":40000,"
      + "\"dest_ip\":\"10.2.0.7\",\"dest_port\":443,\"proto\":\"TCP\",\"tunnel\":{\"src_ip\":\"203.0.113.10\",\"dest_ip\":\"2001:DB8::20\","
      + "\"proto\":\"GRE\",\"depth\":0},\"flow\":{\"pkts_toserver\":3,\"start\":\"2026-11-30T09:59:59.000000+0000\"}}";

  private static final String ALERT = "{" + T + ",\"flow_id\":2,\"event_type\":\"alert\",\"src_ip\":\"192.168.2.14\",\"src_port\":50096,"
      + "\"dest_ip\":\"198.51.100.7\",\"dest_port\":80,\"proto\":\"TCP\",\"alert\":{\"action\":\"allowed\",\"gid\":1,"
      + "\"signature_id\":2018358,\"rev\":10,\"signature\":\"ET HUNTING GENERIC SUSPICIOUS POST\",\"category\":\"Potentially Bad Traffic\","
      + "\"severity\":2,\"source\":{\"ip\":\"192.0.2.200\",\"port\":50096},\"target\":{\"ip\":\"2001:db8::80\",\"port\":80}},"
      + "\"app_proto\":\"failed\"}";

  private static final String XFF = "{" + T + ",\"flow_id\":3,\"event_type\":\"http\",\"src_ip\":\"10.0.0.9\",\"src_port\":40001,"
      + "\"dest_ip\":\"10.0.0.80\",\"dest_port\":80,\"proto\":\"TCP\",\"http\":{\"hostname\":\"www.example.com\",\"url\":\"/\","
      + "\"http_user_agent\":\"curl/8.0\",\"xff\":\"203.0.113.50, unknown,2001:DB8::5 , proxy.example\",\"http_method\":\"GET\","
      + "\"protocol\":\"HTTP/1.1\",\"status\":200,\"length\":5}}";

  /** Version 2, detailed: a delegation (no answers, the zone's NS in the authority section). */
  private static final String DNS_V2 = "{" + T + ",\"event_type\":\"dns\",\"src_ip\":\"10.0.0.53\",\"src_port\":53,\"dest_ip\":\"10.0.0.9\","
      + "\"dest_port\":5353,\"proto\":\"UDP\",\"dns\":{\"version\":2,\"type\":\"answer\",\"id\":16000,\"flags\":\"8100\",\"qr\":true,"
      + "\"rrname\":\"www.zone2.example\",\"rrtype\":\"A\",\"rcode\":\"NOERROR\",\"authorities\":[{\"rrname\":\"Zone2.Example.\","
      + "\"rrtype\":\"NS\",\"ttl\":3600,\"rdata\":\"ns1.v2-dns.example\"}]}}";

  /** Version 2, grouped answers; the authorities are detailed records whatever the answers' format. */
  private static final String DNS_V2_GROUPED = "{" + T + ",\"event_type\":\"dns\",\"src_ip\":\"10.0.0.53\",\"dest_ip\":\"10.0.0.9\","
      + "\"proto\":\"UDP\",\"dns\":{\"version\":2,\"type\":\"answer\",\"id\":16001,\"rrname\":\"www.zone3.example\",\"rrtype\":\"A\","
      + "\"rcode\":\"NOERROR\",\"grouped\":{\"A\":[\"192.0.2.30\"]},\"authorities\":[{\"rrname\":\"zone3.example\",\"rrtype\":\"NS\","
      + "\"ttl\":3600,\"rdata\":\"ns1.grouped-dns.example\"},{\"rrname\":\"soa3.example\",\"rrtype\":\"SOA\",\"ttl\":900,"
      + "\"soa\":{\"mname\":\"ns0.zone3.example\",\"rname\":\"hostmaster.zone3.example\",\"serial\":1,\"refresh\":7200,"
      + "\"retry\":900,\"expire\":1209600,\"minimum\":300}}]}}";

  /** Version 3 (Suricata 8): queries, answers, authorities and additionals in one response. */
  private static final String DNS_V3 = "{" + T + ",\"event_type\":\"dns\",\"src_ip\":\"10.0.0.53\",\"dest_ip\":\"10.0.0.9\","
      + "\"proto\":\"UDP\",\"dns\":{\"version\":3,\"type\":\"response\",\"tx_id\":1,\"id\":16002,\"flags\":\"8180\",\"qr\":true,"
      + "\"rcode\":\"NOERROR\",\"queries\":[{\"rrname\":\"www.zone4.example\",\"rrtype\":\"A\"}],\"answers\":[{\"rrname\":"
      + "\"www.zone4.example\",\"rrtype\":\"A\",\"ttl\":60,\"rdata\":\"192.0.2.44\"}],\"authorities\":[{\"rrname\":\"zone4.example\","
      + "\"rrtype\":\"NS\",\"ttl\":3600,\"rdata\":\"ns1.v3-dns.example\"}],\"additionals\":[{\"rrname\":\"ns1.v3-dns.example\","
      + "\"rrtype\":\"A\",\"ttl\":3600,\"rdata\":\"198.51.100.53\"},{\"rrname\":\"ns1.v3-dns.example\",\"rrtype\":\"AAAA\",\"ttl\":3600,"
      + "\"rdata\":\"2001:db8::53\"},{\"rrname\":\"extra4.example\",\"rrtype\":\"TXT\",\"ttl\":60,\"rdata\":\"v=spf1 -all\"}]}}";

  /** Version 1: each authority record is an answer event of its own. */
  private static final String DNS_V1 = "{" + T + ",\"event_type\":\"dns\",\"src_ip\":\"10.0.0.53\",\"dest_ip\":\"10.0.0.9\","
      + "\"proto\":\"UDP\",\"dns\":{\"type\":\"answer\",\"id\":16003,\"rrname\":\"zone5.example\",\"rrtype\":\"NS\",\"ttl\":3600,"
      + "\"rdata\":\"ns1.v1-dns.example\"}}";

  private static Observation observation(String line) {
    return observations(readText(TelemetryFormat.EVE, line + "\n", "eve.json")).get(0);
  }

  /** The indicator is sighted in the line through the screen; one on another value screens the line out when {@code judged}. */
  private static void sightedThroughTheScreen(String line, String pattern, boolean judged) {
    assertThat(detect(TelemetryFormat.EVE, line + "\n", "eve.json", pattern).sighted()).as(pattern).isEqualTo(1);
    Items.Detection other = detect(TelemetryFormat.EVE, line + "\n", "eve.json", "[ipv4-addr:value = '192.0.2.255']");
    assertThat(other.sighted()).isZero();
    assertThat(other.screened()).as("screened out: the screen judges this event").isEqualTo(judged ? 1 : 0);
  }

  /**
   * An observation's values stop at {@link ObservationBuilder#MAX_VALUES}, its query and connection
   * first; the record's next values follow in continuations of as many each, up to {@link
   * ObservationBuilder#RECORD_VALUES} in the record; past them a value is left out, counted (hostile
   * run 10r: an answer of 1,100 addresses was malformed whole, and the lookup of a known name in it
   * went unseen; a hostile run's answer of 60,000 addresses in one 906 KB line cost minutes of
   * matching, and each hit stored and logged its 60,000 SCOs; hostile run 12aq: an address after
   * 1,100 others was left out, never matched). One of a thousand answers is read whole.
   */
  @Test
  void dnsGrouped_moreValuesThanTheBound_readWithContinuationsThenDroppedCounted() throws Exception {
    String text = grouped(1_000) + "\n" + grouped(1_100) + "\n" + grouped(60_000) + "\n";
    List<TelemetryItem> items = readText(TelemetryFormat.EVE, text, "eve.json");
    assertThat(Items.malformed(items)).isEmpty();
    List<Observation> read = observations(items);
    assertThat(read).hasSize(3);
    assertThat(values(read.get(0), "ipv4-addr")).hasSize(1_000); // the ends are among the answers
    for (Observation o : read.subList(1, 3)) {
      assertThat(o.objects().size()).isLessThanOrEqualTo(TelemetryReader.MAX_OBJECTS);
      assertThat(values(o, "domain-name")).contains("www.zone3.example");
      assertThat(values(o, "ipv4-addr")).contains("10.0.0.53", "10.0.0.9", "10.0.0.0", "10.0.0.1").doesNotContain("10.0.4.75");
    }
    // each continuation follows its record, with its id and time, value SCOs alone
    List<List<Observation>> continued = new ArrayList<>(List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>()));
    int record = -1;
    for (TelemetryItem item : items) {
      if (item instanceof TelemetryItem.Record) record++;
      if (item instanceof TelemetryItem.Continued c) continued.get(record).add(c.observation());
    }
    assertThat(continued.get(0)).isEmpty();
    assertThat(continued.get(1)).singleElement().satisfies(c -> {
      assertThat(c.id()).isEqualTo(read.get(1).id());
      assertThat(c.firstObserved()).isEqualTo(read.get(1).firstObserved());
      // its addresses, and the name asked resolving to each of them (hostile run 12ar D1)
      assertThat(values(c, "ipv4-addr")).hasSize(1_106 - ObservationBuilder.MAX_VALUES).contains("10.0.4.75");
      assertThat(values(c, "domain-name")).containsExactly("www.zone3.example");
      assertThat(resolutions(c, "www.zone3.example")).containsExactlyInAnyOrderElementsOf(values(c, "ipv4-addr"));
    });
    assertThat(continued.get(2)).allSatisfy(c -> {
      assertThat(c.objects()).hasSizeLessThanOrEqualTo(ObservationBuilder.MAX_VALUES);
      assertThat(resolutions(c, "www.zone3.example")).containsExactlyInAnyOrderElementsOf(values(c, "ipv4-addr"));
    });
    assertThat(continued.get(2).stream().mapToInt(c -> values(c, "ipv4-addr").size()).sum())
        .isEqualTo(ObservationBuilder.RECORD_VALUES - ObservationBuilder.MAX_VALUES);
    try (TelemetryReader reader = TelemetryFormat.EVE.open(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)),
        "eve.json")) {
      while (reader.read() != null) {
        // to the end
      }
      // exactly: each address left out once, not once as an address and again as a name (hostile run 12t counted twice);
      // the record's distinct values are its answers (the ends among them), the name and the five of its authorities
      assertThat(reader.droppedValues()).isEqualTo(60_006 - ObservationBuilder.RECORD_VALUES);
    }
    // the same answers detailed and grouped (Suricata's default for version 2): each value left out once (hostile run 12u)
    StringBuilder detailed = new StringBuilder();
    for (int i = 0; i < 1_100; i++) {
      detailed.append(i == 0 ? "" : ",").append("{\"rrname\":\"www.zone3.example\",\"rrtype\":\"A\",\"rdata\":\"10.")
          .append(i >> 16).append('.').append(i >> 8 & 255).append('.').append(i & 255).append("\"}");
    }
    String both = grouped(1_100).replace("\"grouped\":{", "\"answers\":[" + detailed + "],\"grouped\":{") + "\n";
    try (TelemetryReader reader = TelemetryFormat.EVE.open(new ByteArrayInputStream(both.getBytes(StandardCharsets.UTF_8)),
        "eve.json")) {
      while (reader.read() != null) {
        // to the end
      }
      assertThat(reader.droppedValues()).isZero();
    }
  }

  /**
   * Whether a record of more values than the bound is read never depends on the indicators (a hostile
   * run's sensor padded a line with 1,100 values and read "malformed" when one of them was an
   * indicator's and "read" when none was): through the screen of an indicator on one of its values
   * and of one on no value, in EVE, ECS and Zeek JSON alike, it is read.
   */
  @Test
  void tooManyValues_readWhateverTheIndicators() {
    StringBuilder names = new StringBuilder();
    for (int i = 0; i < 1_100; i++) names.append(i == 0 ? "" : ",").append("\"n").append(i).append(".example\"");
    String eve = DNS_V2_GROUPED.replace("\"grouped\":{\"A\":[\"192.0.2.30\"]}", "\"grouped\":{\"CNAME\":[" + names + "]}");
    String ecs = "{\"@timestamp\":\"2026-11-30T09:00:00Z\",\"dns\":{\"question\":{\"name\":\"q.example\"}},\"related\":{\"hosts\":["
        + names + "]}}";
    String zeek = "{\"_path\":\"dns\",\"ts\":1764496800.0,\"uid\":\"C1\",\"id.orig_h\":\"10.0.0.9\",\"id.resp_h\":\"10.0.0.53\","
        + "\"query\":\"q.example\",\"answers\":[" + names + "]}";
    String[][] cases = {{"EVE", eve}, {"ECS", ecs}, {"ZEEK", zeek}};
    for (String[] c : cases) {
      TelemetryFormat format = TelemetryFormat.valueOf(c[0]);
      String text = c[1] + "\n";
      assertThat(Items.malformed(readText(format, text, "plain"))).as(c[0] + " without a screen").isEmpty();
      assertThat(observations(readText(format, text, "plain"))).as(c[0]).hasSize(1);
      assertThat(Items.malformedThroughTheScreen(format, text, "[domain-name:value = 'n700.example']")).as(c[0] + ", a hit in it").isEmpty();
      assertThat(Items.malformedThroughTheScreen(format, text, "[domain-name:value = 'elsewhere.example']")).as(c[0] + ", none").isEmpty();
    }
  }

  /**
   * A record and its continuations are one record: a value in the continuation is sighted (hostile
   * run 12aq), an indicator that matches values in both counts the record once, a set of two records
   * is not made of one record's two observations (as read whole, a record is no pair), and a value
   * in a continuation completes a set with another record, on either side.
   */
  @Test
  void dnsGrouped_continuation_matchedAsTheOneRecord() {
    String text = grouped(1_100) + "\n" + grouped(900) + "\n";
    assertThat(detect(TelemetryFormat.EVE, text, "eve.json", "[ipv4-addr:value = '10.0.4.75']").sighted()).isEqualTo(1);
    assertThat(detect(TelemetryFormat.EVE, text, "eve.json", "[ipv4-addr:value ISSUBSET '10.0.0.0/16']").sighted()).isEqualTo(2);
    assertThat(detect(TelemetryFormat.EVE, grouped(1_100) + "\n", "eve.json",
        "[ipv4-addr:value = '10.0.0.1'] AND [ipv4-addr:value = '10.0.4.75']").sighted()).isZero();
    // the second record's 10.0.0.1 pairs with the first's 10.0.4.75, as it would with the first read whole (hostile run 12ar D3)
    assertThat(detect(TelemetryFormat.EVE, text, "eve.json", "[ipv4-addr:value = '10.0.0.1'] AND [ipv4-addr:value = '10.0.4.75']").sighted())
        .isEqualTo(1);
    String two = grouped(1_100) + "\n" + DNS_V2_GROUPED + "\n";
    assertThat(detect(TelemetryFormat.EVE, two, "eve.json", "[ipv4-addr:value = '10.0.4.75'] AND [ipv4-addr:value = '192.0.2.30']")
        .sighted()).as("the continuation's address pairs with the next record's").isEqualTo(1);
  }

  /** A version 2 DNS answer of {@code n} grouped A records. */
  private static String grouped(int n) {
    StringBuilder answers = new StringBuilder();
    for (int i = 0; i < n; i++) answers.append(i == 0 ? "" : ",").append("\"10.").append(i >> 16).append('.').append(i >> 8 & 255)
        .append('.').append(i & 255).append('"');
    return DNS_V2_GROUPED.replace("[\"192.0.2.30\"]", "[" + answers + "]");
  }

  @Test
  void tunnel_addresses_scosAndSighted() {
    Observation o = observation(TUNNEL);
    assertThat(values(o, "ipv4-addr")).contains("203.0.113.10");
    assertThat(values(o, "ipv6-addr")).containsExactly("2001:db8::20");
    assertThat(one(o, "network-traffic").path("protocols").toString()).isEqualTo("[\"tcp\"]");
    sightedThroughTheScreen(TUNNEL, "[ipv4-addr:value = '203.0.113.10']", true);
    sightedThroughTheScreen(TUNNEL, "[ipv6-addr:value = '2001:db8::20']", true);
  }

  @Test
  void alert_sourceAndTarget_scosAndSighted() {
    Observation o = observation(ALERT);
    assertThat(values(o, "ipv4-addr")).contains("192.0.2.200");
    assertThat(values(o, "ipv6-addr")).containsExactly("2001:db8::80");
    sightedThroughTheScreen(ALERT, "[ipv4-addr:value = '192.0.2.200']", true);
    sightedThroughTheScreen(ALERT, "[ipv6-addr:value = '2001:db8::80']", true);
  }

  @Test
  void appProto_failedOrUnknown_notAProtocol() {
    assertThat(one(observation(ALERT), "network-traffic").path("protocols").toString()).isEqualTo("[\"tcp\"]");
    for (String name : List.of("failed", "unknown", "UNKNOWN")) {
      String flow = TUNNEL.replace("\"proto\":\"TCP\",", "\"proto\":\"TCP\",\"app_proto\":\"" + name + "\",");
      assertThat(one(observation(flow), "network-traffic").path("protocols").toString()).as(name).isEqualTo("[\"tcp\"]");
    }
    String http = TUNNEL.replace("\"proto\":\"TCP\",", "\"proto\":\"TCP\",\"app_proto\":\"http\",");
    assertThat(one(observation(http), "network-traffic").path("protocols").toString()).isEqualTo("[\"tcp\",\"http\"]");
  }

  @Test
  void httpXff_eachAddress_scosAndSighted() {
    Observation o = observation(XFF);
    assertThat(values(o, "ipv4-addr")).containsExactly("10.0.0.9", "10.0.0.80", "203.0.113.50");
    assertThat(values(o, "ipv6-addr")).containsExactly("2001:db8::5");
    assertThat(values(o, "domain-name")).containsExactly("www.example.com"); // a name in the header is no address
    sightedThroughTheScreen(XFF, "[ipv4-addr:value = '203.0.113.50']", false);
    sightedThroughTheScreen(XFF, "[ipv6-addr:value = '2001:db8::5']", false);
  }

  @Test
  void dnsVersion2_authorities_scosResolutionsAndSighted() {
    Observation o = observation(DNS_V2);
    assertThat(values(o, "domain-name")).containsExactly("www.zone2.example", "zone2.example", "ns1.v2-dns.example");
    assertThat(resolutions(o, "zone2.example")).containsExactly("ns1.v2-dns.example");
    sightedThroughTheScreen(DNS_V2, "[domain-name:value = 'zone2.example']", true);
    sightedThroughTheScreen(DNS_V2, "[domain-name:value = 'ns1.v2-dns.example']", true);
  }

  @Test
  void dnsVersion2Grouped_authorities_scosAndSighted() {
    Observation o = observation(DNS_V2_GROUPED);
    // the SOA record has no rdata (its fields are under "soa"): its owner, its primary server and its mailbox
    assertThat(values(o, "domain-name")).containsExactly("www.zone3.example", "zone3.example", "ns1.grouped-dns.example", "soa3.example",
        "ns0.zone3.example");
    assertThat(values(o, "email-addr")).containsExactly("hostmaster@zone3.example");
    sightedThroughTheScreen(DNS_V2_GROUPED, "[domain-name:value = 'ns1.grouped-dns.example']", true);
    sightedThroughTheScreen(DNS_V2_GROUPED, "[domain-name:value = 'soa3.example']", true);
    sightedThroughTheScreen(DNS_V2_GROUPED, "[domain-name:value = 'ns0.zone3.example']", true);
    sightedThroughTheScreen(DNS_V2_GROUPED, "[email-addr:value = 'hostmaster@zone3.example']", true);
  }

  /**
   * An SOA and an SRV record as grouped answers (objects, not text, under their record type) and as
   * detailed answers: the SOA's primary server (mname) and mailbox (rname, RFC 1035 §8: the first
   * label is the local part, an escaped dot stays in it), the SRV's target (name).
   */
  @Test
  void dnsStructuredRecords_soaAndSrv_groupedAndDetailed_scosAndSighted() {
    String grouped = "{" + T + ",\"event_type\":\"dns\",\"src_ip\":\"10.0.0.53\",\"dest_ip\":\"10.0.0.9\",\"proto\":\"UDP\","
        + "\"dns\":{\"version\":2,\"type\":\"answer\",\"id\":16004,\"rrname\":\"_ldap._tcp.zone6.example\",\"rrtype\":\"SRV\","
        + "\"rcode\":\"NOERROR\",\"grouped\":{\"SRV\":[{\"priority\":0,\"weight\":5,\"port\":389,\"name\":\"DC1.Zone6.Example.\"}],"
        + "\"SOA\":[{\"mname\":\"ns.zone6.example\",\"rname\":\"dns\\\\.admin.zone6.example\",\"serial\":7}]}}}";
    Observation o = observation(grouped);
    assertThat(values(o, "domain-name")).contains("dc1.zone6.example", "ns.zone6.example");
    assertThat(values(o, "email-addr")).containsExactly("dns.admin@zone6.example");
    sightedThroughTheScreen(grouped, "[domain-name:value = 'dc1.zone6.example']", true);
    sightedThroughTheScreen(grouped, "[email-addr:value = 'dns.admin@zone6.example']", true);
    String detailed = "{" + T + ",\"event_type\":\"dns\",\"src_ip\":\"10.0.0.53\",\"dest_ip\":\"10.0.0.9\",\"proto\":\"UDP\","
        + "\"dns\":{\"version\":2,\"type\":\"answer\",\"id\":16005,\"rrname\":\"_sip._udp.zone7.example\",\"rrtype\":\"SRV\","
        + "\"rcode\":\"NOERROR\",\"answers\":[{\"rrname\":\"_sip._udp.zone7.example\",\"rrtype\":\"SRV\",\"ttl\":60,"
        + "\"srv\":{\"priority\":10,\"weight\":1,\"port\":5060,\"name\":\"sip.zone7.example\"}}]}}";
    assertThat(values(observation(detailed), "domain-name")).contains("sip.zone7.example");
    sightedThroughTheScreen(detailed, "[domain-name:value = 'sip.zone7.example']", true);
  }

  /**
   * An http event's URL is {@code http://} + hostname + url, with {@code http_port} unless it is
   * 80 (a hostile run, issue 12, found the formats apart on ports: Zeek kept ":80", EVE dropped it);
   * an IPv6 hostname goes in brackets and is an address SCO.
   */
  @Test
  void http_portAndIpv6Hostname_urlInTheOneForm() {
    record Case(String hostname, int port, String url) {}
    for (Case c : List.of(new Case("Evil.Example", 80, "http://evil.example/a"), new Case("evil.example", 8080, "http://evil.example:8080/a"),
        new Case("2001:DB8::5", 8080, "http://[2001:db8::5]:8080/a"), new Case("2001:db8::5", 80, "http://[2001:db8::5]/a"))) {
      String line = "{" + T + ",\"flow_id\":4,\"event_type\":\"http\",\"src_ip\":\"10.0.0.9\",\"src_port\":40002,"
          + "\"dest_ip\":\"10.0.0.80\",\"dest_port\":" + c.port() + ",\"proto\":\"TCP\",\"http\":{\"hostname\":\"" + c.hostname()
          + "\",\"http_port\":" + c.port() + ",\"url\":\"/a\",\"http_method\":\"GET\",\"protocol\":\"HTTP/1.1\",\"status\":200}}";
      Observation o = observation(line);
      assertThat(values(o, "url")).as(c.hostname()).containsExactly(c.url());
      sightedThroughTheScreen(line, "[url:value = '" + c.url() + "']", false);
      if (c.hostname().contains(":")) {
        assertThat(values(o, "ipv6-addr")).containsExactly("2001:db8::5");
        sightedThroughTheScreen(line, "[ipv6-addr:value = '2001:db8::5']", false);
      } else {
        sightedThroughTheScreen(line, "[domain-name:value = 'evil.example']", false);
      }
    }
  }

  /** A CONNECT's target, host and port (RFC 9112 §3.2.3), names no URL, as from Zeek and ECS; its hostname is observed. */
  @Test
  void http_connectTarget_noUrl() {
    String line = "{" + T + ",\"flow_id\":5,\"event_type\":\"http\",\"src_ip\":\"10.0.0.9\",\"src_port\":40003,"
        + "\"dest_ip\":\"10.0.0.80\",\"dest_port\":3128,\"proto\":\"TCP\",\"http\":{\"hostname\":\"evil.example\","
        + "\"http_port\":443,\"url\":\"evil.example:443\",\"http_method\":\"CONNECT\",\"protocol\":\"HTTP/1.1\",\"status\":200}}";
    Observation o = observation(line);
    assertThat(values(o, "url")).isEmpty();
    assertThat(values(o, "domain-name")).contains("evil.example");
    assertThat(detect(TelemetryFormat.EVE, line + "\n", "eve.json", "[url:value LIKE 'http://evil.example:443%']").sighted()).isZero();
  }

  /** A request in absolute form (to a proxy) went to its URL's host, whatever hostname says: observed, as from Zeek and ECS. */
  @Test
  void http_absoluteFormTarget_itsHostObserved() {
    String line = "{" + T + ",\"flow_id\":6,\"event_type\":\"http\",\"src_ip\":\"10.0.0.9\",\"src_port\":40004,"
        + "\"dest_ip\":\"10.0.0.80\",\"dest_port\":3128,\"proto\":\"TCP\",\"http\":{\"hostname\":\"proxy.corp.test\","
        + "\"url\":\"http://evil.example/x\",\"http_method\":\"GET\",\"protocol\":\"HTTP/1.1\",\"status\":200}}";
    for (String l : List.of(line, line.replace("\"hostname\":\"proxy.corp.test\",", ""))) {
      Observation o = observation(l);
      assertThat(values(o, "url")).containsExactly("http://evil.example/x");
      assertThat(values(o, "domain-name")).contains("evil.example");
      assertThat(detect(TelemetryFormat.EVE, l + "\n", "eve.json", "[domain-name:value = 'evil.example']").sighted()).isEqualTo(1);
    }
  }

  /** Neither sighted nor built: the screen rules the event out, as the mapping makes no SCO the indicator could meet. */
  private static void notSightedAndScreenedOut(String line, String pattern) {
    Items.Detection d = detect(TelemetryFormat.EVE, line + "\n", "eve.json", pattern);
    assertThat(d.sighted()).as(pattern).isZero();
    assertThat(d.screened()).as("screened out: " + pattern).isEqualTo(1);
  }

  /**
   * A TXT record's data is text, not a host (RFC 1035 §3.3.14): a hostile run (issue 12) saw
   * {@code {"rrtype":"TXT","rdata":"evil.example"}} become a domain-name and hit
   * {@code [domain-name:value = 'evil.example']}, while Zeek's same answer ("TXT 12 evil.example")
   * did not. Only A, AAAA, CNAME, NS, PTR, MX and DNAME data are hosts, in every layout Suricata
   * writes (version 1 answer events, detailed records, grouped answers under their type); data of a
   * record without a type is read as before. The screen reads the same data.
   */
  @Test
  void dnsTxtData_noHostInEveryLayout_screenAgrees() {
    String v1 = "{" + T + ",\"event_type\":\"dns\",\"src_ip\":\"10.0.0.53\",\"dest_ip\":\"10.0.0.9\",\"proto\":\"UDP\","
        + "\"dns\":{\"type\":\"answer\",\"id\":16010,\"rrname\":\"txt.zone8.example\",\"rrtype\":\"TXT\",\"ttl\":60,"
        + "\"rdata\":\"evil.example\"}}";
    String detailed = "{" + T + ",\"event_type\":\"dns\",\"src_ip\":\"10.0.0.53\",\"dest_ip\":\"10.0.0.9\",\"proto\":\"UDP\","
        + "\"dns\":{\"version\":2,\"type\":\"answer\",\"id\":16011,\"rrname\":\"txt.zone8.example\",\"rrtype\":\"TXT\","
        + "\"rcode\":\"NOERROR\",\"answers\":[{\"rrname\":\"txt.zone8.example\",\"rrtype\":\"TXT\",\"ttl\":60,"
        + "\"rdata\":\"evil.example\"}],\"authorities\":[{\"rrname\":\"zone8.example\",\"rrtype\":\"NULL\",\"ttl\":60,"
        + "\"rdata\":\"evil.example\"}]}}";
    String grouped = "{" + T + ",\"event_type\":\"dns\",\"src_ip\":\"10.0.0.53\",\"dest_ip\":\"10.0.0.9\",\"proto\":\"UDP\","
        + "\"dns\":{\"version\":2,\"type\":\"answer\",\"id\":16012,\"rrname\":\"txt.zone8.example\",\"rrtype\":\"TXT\","
        + "\"rcode\":\"NOERROR\",\"grouped\":{\"TXT\":[\"evil.example\",\"v=spf1 -all\"]}}}";
    String v3 = "{" + T + ",\"event_type\":\"dns\",\"src_ip\":\"10.0.0.53\",\"dest_ip\":\"10.0.0.9\",\"proto\":\"UDP\","
        + "\"dns\":{\"version\":3,\"type\":\"response\",\"id\":16013,\"queries\":[{\"rrname\":\"txt.zone8.example\","
        + "\"rrtype\":\"TXT\"}],\"answers\":[{\"rrname\":\"txt.zone8.example\",\"rrtype\":\"TXT\",\"ttl\":60,"
        + "\"rdata\":\"evil.example\"}],\"additionals\":[{\"rrname\":\"zone8.example\",\"rrtype\":\"65\",\"ttl\":60,"
        + "\"rdata\":\"evil.example\"}]}}";
    for (String line : List.of(v1, detailed, grouped, v3)) {
      Observation o = observation(line);
      assertThat(values(o, "domain-name")).as(line).doesNotContain("evil.example").contains("txt.zone8.example");
      notSightedAndScreenedOut(line, "[domain-name:value = 'evil.example']");
      sightedThroughTheScreen(line, "[domain-name:value = 'txt.zone8.example']", true);
    }
  }

  /** The records whose data names a host: an MX's exchange, a DNAME's target, in any case of the type; untyped data as before. */
  @Test
  void dnsHostData_mxDnameAndUntyped_scosAndSighted() {
    String line = "{" + T + ",\"event_type\":\"dns\",\"src_ip\":\"10.0.0.53\",\"dest_ip\":\"10.0.0.9\",\"proto\":\"UDP\","
        + "\"dns\":{\"version\":2,\"type\":\"answer\",\"id\":16014,\"rrname\":\"zone9.example\",\"rrtype\":\"MX\","
        + "\"rcode\":\"NOERROR\",\"answers\":[{\"rrname\":\"zone9.example\",\"rrtype\":\"MX\",\"ttl\":60,"
        + "\"rdata\":\"mx.zone9.example\"},{\"rrname\":\"old.zone9.example\",\"rrtype\":\"dname\",\"ttl\":60,"
        + "\"rdata\":\"new.zone9.example\"},{\"rrname\":\"zone9.example\",\"ttl\":60,\"rdata\":\"untyped.zone9.example\"}],"
        + "\"grouped\":{\"MX\":[\"mx2.zone9.example\"]}}}";
    Observation o = observation(line);
    assertThat(values(o, "domain-name")).contains("mx.zone9.example", "new.zone9.example", "untyped.zone9.example", "mx2.zone9.example");
    assertThat(resolutions(o, "zone9.example")).contains("mx.zone9.example", "untyped.zone9.example", "mx2.zone9.example");
    for (String name : List.of("mx.zone9.example", "new.zone9.example", "untyped.zone9.example", "mx2.zone9.example")) {
      sightedThroughTheScreen(line, "[domain-name:value = '" + name + "']", true);
    }
  }

  /** An smtp event's email section: the mailer (x_mailer, user_agent) in the message's headers (STIX 2.1 §6.6). */
  @Test
  void smtpEmail_mailerHeaders_sighted() {
    String smtp = "{" + T + ",\"flow_id\":9,\"event_type\":\"smtp\",\"src_ip\":\"10.0.0.9\",\"src_port\":40100,"
        + "\"dest_ip\":\"198.51.100.25\",\"dest_port\":25,\"proto\":\"TCP\",\"smtp\":{\"helo\":\"mx.evil.example\","
        + "\"mail_from\":\"<a@evil.example>\",\"rcpt_to\":[\"<b@corp.example>\"]},\"email\":{\"status\":\"PARSE_DONE\","
        + "\"from\":\"a@evil.example\",\"to\":[\"b@corp.example\"],\"x_mailer\":\"The Bat! 11\",\"user_agent\":\"Thunderbird 128\"}}";
    sightedThroughTheScreen(smtp, "[email-message:additional_header_fields.'X-Mailer' = 'The Bat! 11']", false);
    sightedThroughTheScreen(smtp, "[email-message:additional_header_fields.'User-Agent' = 'Thunderbird 128']", false);
  }

  @Test
  void soaMailbox_rfc1035Form() {
    assertThat(EveRecords.mailbox("hostmaster.example.com")).isEqualTo("hostmaster@example.com");
    assertThat(EveRecords.mailbox("john\\.doe.example.com")).isEqualTo("john.doe@example.com");
    assertThat(EveRecords.mailbox("localhost")).isNull();
    assertThat(EveRecords.mailbox(".example")).isNull();
    assertThat(EveRecords.mailbox("root.")).isNull();
    assertThat(EveRecords.mailbox(null)).isNull();
  }

  @Test
  void dnsVersion3_authoritiesAndAdditionals_scosResolutionsAndSighted() {
    Observation o = observation(DNS_V3);
    assertThat(values(o, "domain-name")).containsExactly("www.zone4.example", "zone4.example", "ns1.v3-dns.example", "extra4.example");
    assertThat(values(o, "ipv4-addr")).contains("198.51.100.53");
    assertThat(values(o, "ipv6-addr")).containsExactly("2001:db8::53");
    assertThat(resolutions(o, "zone4.example")).containsExactly("ns1.v3-dns.example");
    assertThat(resolutions(o, "ns1.v3-dns.example")).containsExactly("198.51.100.53", "2001:db8::53");
    sightedThroughTheScreen(DNS_V3, "[domain-name:value = 'ns1.v3-dns.example']", true);
    sightedThroughTheScreen(DNS_V3, "[domain-name:value = 'zone4.example']", true);
    sightedThroughTheScreen(DNS_V3, "[domain-name:value = 'extra4.example']", true);
    sightedThroughTheScreen(DNS_V3, "[ipv4-addr:value = '198.51.100.53']", true);
    sightedThroughTheScreen(DNS_V3, "[ipv6-addr:value = '2001:db8::53']", true);
  }

  @Test
  void dnsVersion1_authorityAnswerEvent_scosAndSighted() {
    Observation o = observation(DNS_V1);
    assertThat(values(o, "domain-name")).containsExactly("zone5.example", "ns1.v1-dns.example");
    sightedThroughTheScreen(DNS_V1, "[domain-name:value = 'ns1.v1-dns.example']", true);
  }

  /** The values the named domain's resolves_to_refs lead to. */
  private static List<String> resolutions(Observation o, String domain) {
    for (ObjectNode sco : o.roots()) {
      if (!sco.path("type").asText().equals("domain-name") || !sco.path("value").asText().equals(domain)) continue;
      List<String> out = new ArrayList<>();
      for (JsonNode ref : sco.path("resolves_to_refs")) out.add(Items.deref(o, ref));
      return out;
    }
    throw new AssertionError("no domain-name " + domain + " in " + o.objects());
  }

  /**
   * A port is an integer (STIX 2.1 §6.12, {@code src_port}: 0-65535): a hostile run (issue 12) saw
   * EVE's {@code "src_port":1.9} written as 1 and meet {@code [network-traffic:src_port = 1]}. A
   * number with a fraction is no port in EVE, ECS and Zeek JSON alike, as one past 65,535 is; EVE's
   * file size likewise is no size. A number whose value is whole ({@code 1.0}, {@code 1e0}) is that
   * integer in each.
   */
  @Test
  void portsAndSizes_fractionOrOutOfRange_none() {
    for (String port : List.of("1.0", "1e0", "0.1e1", "1")) {
      String eve = "{\"timestamp\":\"2025-03-01T00:00:01Z\",\"event_type\":\"flow\",\"src_ip\":\"10.0.0.1\",\"src_port\":" + port
          + ",\"dest_ip\":\"192.0.2.9\",\"dest_port\":443,\"proto\":\"TCP\"}\n";
      String ecs = "{\"@timestamp\":\"2025-03-01T00:00:01Z\",\"source\":{\"ip\":\"10.0.0.1\",\"port\":" + port + "}}\n";
      assertThat(detect(TelemetryFormat.EVE, eve, "eve.json", "[network-traffic:src_port = 1]").sighted()).as(port).isEqualTo(1);
      assertThat(detect(TelemetryFormat.ECS, ecs, "ecs.ndjson", "[network-traffic:src_port = 1]").sighted()).as(port).isEqualTo(1);
    }
    for (String port : List.of("1.9", "1.5e0", "0.99", "1e-1", "70000", "-1", "1e400", "\"1x\"")) {
      String eve = "{\"timestamp\":\"2025-03-01T00:00:01Z\",\"event_type\":\"fileinfo\",\"src_ip\":\"10.0.0.1\",\"src_port\":" + port
          + ",\"dest_ip\":\"192.0.2.9\",\"dest_port\":443,\"proto\":\"TCP\",\"fileinfo\":{\"filename\":\"a\",\"size\":" + port + "}}";
      String ecs = "{\"@timestamp\":\"2025-03-01T00:00:01Z\",\"source\":{\"ip\":\"10.0.0.1\",\"port\":" + port
          + "},\"destination\":{\"ip\":\"192.0.2.9\",\"port\":443}}";
      String zeek = "{\"_path\":\"conn\",\"ts\":1740787201.0,\"id.orig_h\":\"10.0.0.1\",\"id.orig_p\":" + port
          + ",\"id.resp_h\":\"192.0.2.9\",\"id.resp_p\":443}";
      for (var c : List.of(new Object[] {TelemetryFormat.EVE, eve, "eve.json"}, new Object[] {TelemetryFormat.ECS, ecs, "ecs.ndjson"},
          new Object[] {TelemetryFormat.ZEEK, zeek, "conn.log"})) {
        TelemetryFormat format = (TelemetryFormat) c[0];
        String line = c[1] + "\n";
        Observation o = observations(readText(format, line, (String) c[2])).get(0);
        ObjectNode traffic = one(o, "network-traffic");
        assertThat(traffic.has("src_port")).as(format + " " + port).isFalse();
        assertThat(traffic.get("dst_port").asInt()).isEqualTo(443);
        if (format == TelemetryFormat.EVE && !port.equals("70000")) assertThat(one(o, "file").has("size")).as(port).isFalse();
        assertThat(detect(format, line, (String) c[2], "[network-traffic:src_port = 1]").sighted()).as(format + " " + port).isZero();
        assertThat(detect(format, line, (String) c[2], "[network-traffic:src_port < 65536]").sighted()).as(format + " " + port).isZero();
      }
    }
  }
}
