package dev.parley.detect.telemetry;

import static dev.parley.detect.telemetry.Items.deref;
import static dev.parley.detect.telemetry.Items.detect;
import static dev.parley.detect.telemetry.Items.observations;
import static dev.parley.detect.telemetry.Items.one;
import static dev.parley.detect.telemetry.Items.readText;
import static dev.parley.detect.telemetry.Items.values;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.pattern.observe.Observation;
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
}
