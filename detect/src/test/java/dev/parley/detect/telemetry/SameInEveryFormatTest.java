package dev.parley.detect.telemetry;

import static dev.parley.detect.telemetry.Items.detect;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * One event written by each sensor the way its documentation lays it out (Zeek's dns.log, http.log
 * and ssl.log fields; Suricata's "Eve JSON Format", DNS versions 2 and 3 and the HTTP extended
 * fields; ECS's dns, url, tls.server.x509 and http field sets) is found by the same indicator in
 * every form (issue 12: "the same for every input form"). Hostile run 12al found each of these
 * matching in some forms and missing in others.
 */
class SameInEveryFormatTest {
  private static final String T = "\"timestamp\":\"2026-11-30T10:00:00.000000+0000\"";
  private static final String ZT = "\"ts\":1796119200.0";

  private static long sighted(TelemetryFormat format, String line, String source, String pattern) {
    return detect(format, line + "\n", source, pattern).sighted();
  }

  /**
   * A lookup of q.example answered through a CNAME: q.example CNAME cname.example, cname.example A
   * 198.51.100.7. The name asked resolved to the address its answer ends at, in Zeek's one line, in
   * EVE's detailed answers (version 2) and its version 3, and in ECS's dns.answers; the CNAME's owner
   * resolves to it where the log names the owner.
   */
  @Test
  void dnsThroughACname_theNameAskedResolvesToTheAddressInEveryForm() {
    String asked = "[domain-name:value = 'q.example' AND domain-name:resolves_to_refs[*].value = '198.51.100.7']";
    String owner = "[domain-name:value = 'cname.example' AND domain-name:resolves_to_refs[*].value = '198.51.100.7']";
    String zeek = "{\"_path\":\"dns\"," + ZT + ",\"id.orig_h\":\"10.0.0.9\",\"id.orig_p\":5353,\"id.resp_h\":\"10.0.0.53\","
        + "\"id.resp_p\":53,\"proto\":\"udp\",\"query\":\"q.example\",\"qtype_name\":\"A\",\"answers\":[\"cname.example\",\"198.51.100.7\"]}";
    String answers = "\"answers\":[{\"rrname\":\"q.example\",\"rrtype\":\"CNAME\",\"ttl\":60,\"rdata\":\"cname.example\"},"
        + "{\"rrname\":\"cname.example\",\"rrtype\":\"A\",\"ttl\":60,\"rdata\":\"198.51.100.7\"}]";
    String eveV2 = "{" + T + ",\"event_type\":\"dns\",\"src_ip\":\"10.0.0.53\",\"dest_ip\":\"10.0.0.9\",\"proto\":\"UDP\","
        + "\"dns\":{\"version\":2,\"type\":\"answer\",\"id\":1,\"rrname\":\"q.example\",\"rrtype\":\"A\",\"rcode\":\"NOERROR\"," + answers + "}}";
    String eveV3 = "{" + T + ",\"event_type\":\"dns\",\"src_ip\":\"10.0.0.53\",\"dest_ip\":\"10.0.0.9\",\"proto\":\"UDP\","
        + "\"dns\":{\"version\":3,\"type\":\"response\",\"id\":1,\"queries\":[{\"rrname\":\"q.example\",\"rrtype\":\"A\"}]," + answers + "}}";
    String ecs = "{\"@timestamp\":\"2026-11-30T10:00:00.000Z\",\"source\":{\"ip\":\"10.0.0.9\"},\"destination\":{\"ip\":\"10.0.0.53\"},"
        + "\"dns\":{\"question\":{\"name\":\"q.example\",\"type\":\"A\"},\"answers\":[{\"name\":\"q.example\",\"type\":\"CNAME\","
        + "\"data\":\"cname.example\"},{\"name\":\"cname.example\",\"type\":\"A\",\"data\":\"198.51.100.7\"}]}}";
    assertThat(sighted(TelemetryFormat.ZEEK, zeek, "dns.log", asked)).isEqualTo(1);
    for (String eve : new String[] {eveV2, eveV3}) {
      assertThat(sighted(TelemetryFormat.EVE, eve, "eve.json", asked)).isEqualTo(1);
      assertThat(sighted(TelemetryFormat.EVE, eve, "eve.json", owner)).isEqualTo(1);
    }
    assertThat(sighted(TelemetryFormat.ECS, ecs, "ecs.ndjson", asked)).isEqualTo(1);
    assertThat(sighted(TelemetryFormat.ECS, ecs, "ecs.ndjson", owner)).isEqualTo(1);
    // an authority record is no answer to the query: the name asked does not resolve to the zone's server
    String delegation = eveV3.replace("\"answers\"", "\"authorities\"");
    assertThat(sighted(TelemetryFormat.EVE, delegation, "eve.json", asked)).isZero();
  }

  /**
   * GET /p with Host: mal.example:8080 (RFC 9110 §7.2 keeps a port that is not the scheme's): Zeek's
   * host field holds the header, Suricata's hostname and http_port the header's parts, ECS's
   * url.domain and url.port. One value of the Host header in each.
   */
  @Test
  void hostHeaderWithItsPort_theSameValueInEveryForm() {
    String withPort = "[network-traffic:extensions.'http-request-ext'.request_header.'Host' = 'mal.example:8080']";
    String withoutPort = "[network-traffic:extensions.'http-request-ext'.request_header.'Host' = 'mal.example']";
    String zeek = "{\"_path\":\"http\"," + ZT + ",\"id.orig_h\":\"10.0.0.9\",\"id.orig_p\":40000,\"id.resp_h\":\"198.51.100.8\","
        + "\"id.resp_p\":8080,\"method\":\"GET\",\"host\":\"mal.example:8080\",\"uri\":\"/p\",\"version\":\"1.1\"}";
    String eve = "{" + T + ",\"event_type\":\"http\",\"src_ip\":\"10.0.0.9\",\"src_port\":40000,\"dest_ip\":\"198.51.100.8\","
        + "\"dest_port\":8080,\"proto\":\"TCP\",\"http\":{\"hostname\":\"mal.example\",\"http_port\":8080,\"url\":\"/p\","
        + "\"http_method\":\"GET\",\"protocol\":\"HTTP/1.1\"}}";
    String ecs = "{\"@timestamp\":\"2026-11-30T10:00:00.000Z\",\"source\":{\"ip\":\"10.0.0.9\"},\"destination\":{\"ip\":\"198.51.100.8\","
        + "\"port\":8080},\"url\":{\"domain\":\"mal.example\",\"port\":8080,\"path\":\"/p\"},\"http\":{\"request\":{\"method\":\"GET\"}}}";
    assertThat(sighted(TelemetryFormat.ZEEK, zeek, "http.log", withPort)).isEqualTo(1);
    assertThat(sighted(TelemetryFormat.EVE, eve, "eve.json", withPort)).isEqualTo(1);
    assertThat(sighted(TelemetryFormat.ECS, ecs, "ecs.ndjson", withPort)).isEqualTo(1);
    assertThat(sighted(TelemetryFormat.EVE, eve, "eve.json", withoutPort)).isZero();
    assertThat(sighted(TelemetryFormat.ECS, ecs, "ecs.ndjson", withoutPort)).isZero();
    // the scheme's own port is no part of the header, as Zeek's normal form drops :80
    assertThat(sighted(TelemetryFormat.EVE, eve.replace("8080", "80"), "eve.json", withoutPort)).isEqualTo(1);
    String https = ecs.replace("8080", "443").replace("\"domain\"", "\"scheme\":\"https\",\"domain\"");
    assertThat(sighted(TelemetryFormat.ECS, https, "ecs.ndjson", withoutPort)).isEqualTo(1);
  }

  /**
   * Zeek's http, smtp and ssl logs are application protocols over TCP (ssl.log's DTLS over UDP), and
   * their connection says so, outer to inner (STIX 2.1 §6.12 protocols), as EVE's proto does.
   */
  @Test
  void zeekApplicationLogs_theirTransportBeforeTheirProtocol() {
    String tcp = "[network-traffic:protocols[*] = 'tcp' AND network-traffic:dst_port = 8080]";
    String http = "{\"_path\":\"http\"," + ZT + ",\"id.orig_h\":\"10.0.0.9\",\"id.orig_p\":40000,\"id.resp_h\":\"198.51.100.8\","
        + "\"id.resp_p\":8080,\"method\":\"GET\",\"host\":\"mal.example\",\"uri\":\"/p\"}";
    String smtp = http.replace("\"_path\":\"http\"", "\"_path\":\"smtp\"").replace(",\"method\":\"GET\",\"host\":\"mal.example\",\"uri\":\"/p\"",
        ",\"mailfrom\":\"a@b.example\"");
    String ssl = http.replace("\"_path\":\"http\"", "\"_path\":\"ssl\"").replace(",\"method\":\"GET\",\"host\":\"mal.example\",\"uri\":\"/p\"",
        ",\"version\":\"TLSv13\",\"server_name\":\"mal.example\"");
    for (String[] log : new String[][] {{http, "http.log"}, {smtp, "smtp.log"}, {ssl, "ssl.log"}}) {
      assertThat(sighted(TelemetryFormat.ZEEK, log[0], log[1], tcp)).as(log[1]).isEqualTo(1);
    }
    String dtls = ssl.replace("TLSv13", "DTLSv12");
    assertThat(sighted(TelemetryFormat.ZEEK, dtls, "ssl.log", tcp)).isZero();
    assertThat(sighted(TelemetryFormat.ZEEK, dtls, "ssl.log", tcp.replace("'tcp'", "'udp'"))).isEqualTo(1);
  }

  /** Suricata's http redirect (the Location a response answered with) is a URL of the record, and its host a name. */
  @Test
  void eveHttpRedirect_aUrlOfTheRecord() {
    String eve = "{" + T + ",\"event_type\":\"http\",\"src_ip\":\"10.0.0.9\",\"src_port\":40000,\"dest_ip\":\"198.51.100.8\","
        + "\"dest_port\":80,\"proto\":\"TCP\",\"http\":{\"hostname\":\"h.example\",\"url\":\"/\",\"http_method\":\"GET\",\"status\":302,"
        + "\"redirect\":\"http://redir.example/next\"}}";
    assertThat(sighted(TelemetryFormat.EVE, eve, "eve.json", "[url:value = 'http://redir.example/next']")).isEqualTo(1);
    assertThat(sighted(TelemetryFormat.EVE, eve, "eve.json", "[domain-name:value = 'redir.example']")).isEqualTo(1);
    // a relative Location names no host: no URL of its own
    assertThat(sighted(TelemetryFormat.EVE, eve.replace("http://redir.example/next", "/next"), "eve.json",
        "[url:value = 'http://h.example/next']")).isZero();
  }

  /**
   * A certificate's alternative names in ECS (tls.server.x509.alternative_names) are SCOs by their
   * form, as Zeek's x509 san.email and san.uri are (RFC 5280 §4.2.1.6 names them apart).
   */
  @Test
  void ecsAlternativeNames_emailAndUriAsZeekGivesThem() {
    String ecs = "{\"@timestamp\":\"2026-11-30T10:00:00.000Z\",\"source\":{\"ip\":\"10.0.0.9\"},\"destination\":{\"ip\":\"198.51.100.8\","
        + "\"port\":443},\"tls\":{\"version\":\"1.3\",\"server\":{\"x509\":{\"alternative_names\":[\"admin@evil.example\","
        + "\"http://crl.evil.example/x.crl\",\"evil.example\"]}}}}";
    String zeek = "{\"_path\":\"x509\"," + ZT + ",\"fingerprint\":\"" + "ab".repeat(32) + "\",\"san.email\":[\"admin@evil.example\"],"
        + "\"san.uri\":[\"http://crl.evil.example/x.crl\"],\"san.dns\":[\"evil.example\"]}";
    for (String pattern : new String[] {"[email-addr:value = 'admin@evil.example']", "[url:value = 'http://crl.evil.example/x.crl']",
        "[domain-name:value = 'evil.example']"}) {
      assertThat(sighted(TelemetryFormat.ECS, ecs, "ecs.ndjson", pattern)).as(pattern).isEqualTo(1);
      assertThat(sighted(TelemetryFormat.ZEEK, zeek, "x509.log", pattern)).as(pattern).isEqualTo(1);
    }
  }
}
