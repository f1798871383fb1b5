package dev.parley.node.detect;

import static dev.parley.node.TestNode.*;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.detect.Indicator;
import dev.parley.detect.IndicatorSet;
import dev.parley.ingest.detect.CollectionIndicators;
import dev.parley.node.TestNode;
import dev.parley.policy.Tlp;
import dev.parley.stix.Json;
import dev.parley.store.accounts.Right;
import dev.parley.store.objects.ObjectQuery;
import dev.parley.store.objects.ObjectRow;
import dev.parley.store.objects.VersionFilter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;

/**
 * Issue 12, "Continuously, in the node": {@code POST /telemetry}, live indicators (added, revoked,
 * expired while the node runs), idempotency across requests, and marking inheritance ("a sighting
 * carries the most restrictive of its indicator's TLP and the telemetry's").
 */
class TelemetryPostTest {
  private final UUID collection = newCollection();
  private final String objects = "/api1/collections/" + collection + "/objects/";
  /** An address no other test's indicator names. */
  private final String ip = "100." + (64 + ThreadLocalRandom.current().nextInt(64)) + "." + ThreadLocalRandom.current().nextInt(256)
      + "." + (1 + ThreadLocalRandom.current().nextInt(254));

  /** An account that posts telemetry and reads the sightings (so it is told their counts). */
  private static String telemetryAccount() {
    String name = "t" + UUID.randomUUID().toString().substring(0, 8);
    String sightings = get().detection().sightingsCollection().toString();
    return basic(name, get().stores().accounts().create(name, false, Map.of(sightings, new Right(true, false)), true));
  }

  /** An account that may only post telemetry: a sensor. */
  private static String sensorAccount() {
    String name = "s" + UUID.randomUUID().toString().substring(0, 8);
    return basic(name, get().stores().accounts().create(name, false, Map.of(), true));
  }

  /** An EVE flow event to {@code dest} starting at second {@code second} of 2025-11-30T10:00. */
  private static String flow(String dest, int second, int port) {
    String t = String.format("2025-11-30T10:00:%02d.000000+0000", second);
    return "{\"timestamp\":\"" + t + "\",\"flow_id\":" + port + ",\"event_type\":\"flow\",\"src_ip\":\"10.9.9.9\",\"src_port\":" + port
        + ",\"dest_ip\":\"" + dest + "\",\"dest_port\":443,\"proto\":\"TCP\",\"flow\":{\"start\":\"" + t + "\"}}";
  }

  private static Reply postTelemetry(String query, String auth, String body) {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri("/telemetry" + query)).header("Content-Type", "application/x-ndjson")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (auth != null) b.header("Authorization", auth);
    return send(b);
  }

  private String indicator(String id, String modified, String extra) {
    return "{\"type\":\"indicator\",\"spec_version\":\"2.1\",\"id\":\"" + id + "\",\"created\":\"2016-01-01T00:00:00.000Z\","
        + "\"modified\":\"" + modified + "\",\"name\":\"x\",\"pattern\":\"[ipv4-addr:value = '" + ip + "']\","
        + "\"pattern_type\":\"stix\",\"valid_from\":\"2016-01-01T00:00:00Z\"" + extra + "}";
  }

  /** Adds objects over TAXII and waits until the node's matcher has read them. */
  private void addIndicators(String... objs) throws InterruptedException {
    Reply r = post(objects, admin(), envelope(objs));
    assertThat(r.status()).isEqualTo(202);
    assertThat(r.json().get("success_count").asInt()).as(r.raw().body()).isEqualTo(objs.length);
    TestNode.get().detection().indicators().awaitRefresh();
  }

  /** The stored sightings of one indicator. */
  private static List<JsonNode> sightingsOf(String indicatorId) throws IOException {
    UUID sightings = TestNode.get().detection().sightingsCollection();
    List<JsonNode> out = new ArrayList<>();
    for (ObjectRow row : TestNode.get().stores().objects().page(new ObjectQuery(sightings, 0, null, 100_000, List.of(), List.of("sighting"),
        VersionFilter.ALL, ObjectQuery.ANY_SPEC_VERSION, true)).rows()) {
      JsonNode s = Json.readTree(row.body());
      if (s.get("sighting_of_ref").asText().equals(indicatorId)) out.add(s);
    }
    return out;
  }

  @Test
  void post_indicatorAddedThenRevoked_hitThenNoHit() throws Exception {
    String id = newId("indicator");
    addIndicators(indicator(id, "2020-01-01T00:00:00.000Z", ""));
    String auth = telemetryAccount();
    Reply r = postTelemetry("?format=eve", auth, flow(ip, 0, 1) + "\n" + flow("192.0.2.1", 1, 2) + "\nnot json\n" + flow(ip, 2, 3) + "\n");
    assertThat(r.status()).as(r.raw().body()).isEqualTo(202);
    assertThat(r.header("Content-Type")).startsWith("application/json");
    assertThat(r.json().get("read").asLong()).isEqualTo(3);
    assertThat(r.json().get("malformed").asLong()).isEqualTo(1);
    assertThat(r.json().get("malformed_lines").get(0).get("line").asLong()).isEqualTo(3);
    List<JsonNode> found = sightingsOf(id);
    assertThat(found).hasSize(1);
    assertThat(found.get(0).get("count").asInt()).isEqualTo(2);
    assertThat(found.get(0).get("first_seen").asText()).isEqualTo("2025-11-30T10:00:00Z");
    assertThat(found.get(0).get("last_seen").asText()).isEqualTo("2025-11-30T10:00:02Z");
    assertThat(found.get(0).get("where_sighted_refs").get(0).asText()).isEqualTo(TestNode.get().detection().runs().identityId());

    // a new version that revokes it, over TAXII: new records no longer hit
    addIndicators(indicator(id, "2021-01-01T00:00:00.000Z", ",\"revoked\":true"));
    Reply after = postTelemetry("?format=eve", auth, flow(ip, 5, 4) + "\n");
    assertThat(after.status()).isEqualTo(202);
    assertThat(after.json().get("sightings").asInt()).isZero();
    assertThat(sightingsOf(id)).hasSize(1);
  }

  /**
   * Issue 12, a hostile run: a revoked indicator (v1) and a later version of it with
   * {@code "revoked": false} (v2) made hits count again. STIX 2.1 §3.2, {@code revoked}: "Revoking an
   * object is permanent; future versions of the object with this id MUST NOT be created". v2 is
   * stored as any version is (refusing it would tell the writer what the collection holds), and
   * detection keeps the id revoked: while the node runs, and when it reads its collections again
   * from the start, as it does when it starts.
   */
  @Test
  void post_revokedThenLaterVersionNotRevoked_staysRevoked() throws Exception {
    String id = newId("indicator");
    addIndicators(indicator(id, "2020-01-01T00:00:00.000Z", ",\"revoked\":true"));
    String auth = telemetryAccount();
    assertThat(postTelemetry("?format=eve", auth, flow(ip, 0, 1) + "\n").json().get("sightings").asInt()).isZero();
    addIndicators(indicator(id, "2021-01-01T00:00:00.000Z", ",\"revoked\":false")); // stored: success_count 1
    assertThat(postTelemetry("?format=eve", auth, flow(ip, 1, 2) + "\n").json().get("sightings").asInt()).isZero();
    assertThat(sightingsOf(id)).isEmpty();
    CollectionIndicators fromTheStart = new CollectionIndicators(get().stores(), List.of(collection));
    fromTheStart.refresh();
    IndicatorSet set = fromTheStart.indicators();
    assertThat(set.indicators()).extracting(Indicator::id).doesNotContain(id);
    assertThat(set.counts().revoked()).isEqualTo(1);
  }

  @Test
  void post_sameRecordsAgain_countsZero() throws Exception {
    String id = newId("indicator");
    addIndicators(indicator(id, "2020-01-01T00:00:00.000Z", ""));
    String auth = telemetryAccount();
    String body = flow(ip, 0, 1) + "\n" + flow(ip, 1, 2) + "\n";
    assertThat(postTelemetry("?format=eve", auth, body).json().get("sightings").asInt()).isEqualTo(1);
    Reply again = postTelemetry("?format=eve", auth, body);
    assertThat(again.status()).isEqualTo(202);
    assertThat(again.json().get("read").asInt()).isEqualTo(2);
    assertThat(again.json().get("repeated").asInt()).isEqualTo(2);
    assertThat(again.json().get("sightings").asInt()).isZero();
    // one new record among the old ones counts alone
    Reply more = postTelemetry("?format=eve", auth, body + flow(ip, 3, 3) + "\n");
    assertThat(more.json().get("sightings").asInt()).isEqualTo(1);
    List<JsonNode> found = sightingsOf(id);
    assertThat(found).extracting(s -> s.get("count").asInt()).containsExactlyInAnyOrder(2, 1);
  }

  /**
   * A compound indicator whose records come in two requests of one account, as a sensor that posts
   * every second sends them, is sighted by the request that completes it (a hostile run found
   * FOLLOWEDBY and REPEATS sighted only when every record was in one request); records of another
   * account never complete its set, and a set of records of two markings is sighted under the
   * stricter (a record sent again under another marking waits once: a hostile run counted one
   * record in two sets that way).
   */
  /**
   * "Idempotent" is per record and indicator: records sent again after a live indicator arrived count
   * for it (a hostile run's re-post answered repeated 3, sightings 0: they had counted for another).
   */
  @Test
  void post_sameRecordsAfterANewIndicator_countForTheNewOneOnly() throws Exception {
    String first = newId("indicator");
    addIndicators(indicator(first, "2020-01-01T00:00:00.000Z", ""));
    String auth = telemetryAccount();
    String body = flow(ip, 0, 1) + "\n" + flow(ip, 1, 2) + "\n";
    assertThat(postTelemetry("?format=eve", auth, body).json().get("sightings").asInt()).isEqualTo(1);

    String added = newId("indicator");
    addIndicators(indicator(added, "2020-01-01T00:00:00.000Z", "").replace("ipv4-addr:value = '" + ip + "'",
        "network-traffic:dst_ref.value = '" + ip + "' AND network-traffic:src_port = 2"));
    Reply again = postTelemetry("?format=eve", auth, body);
    assertThat(again.json().get("sightings").asInt()).isEqualTo(1);
    assertThat(again.json().get("repeated").asInt()).isEqualTo(1); // the record on port 1 matched only the first
    assertThat(sightingsOf(added)).extracting(s -> s.get("count").asInt()).containsExactly(1);
    assertThat(sightingsOf(first)).extracting(s -> s.get("count").asInt()).containsExactly(2);
    assertThat(postTelemetry("?format=eve", auth, body).json().get("repeated").asInt()).isEqualTo(2);
  }

  @Test
  void post_compoundSetAcrossRequests_sightedOnceByTheRequestThatCompletesIt() throws Exception {
    String id = newId("indicator");
    String second = "198.18." + ThreadLocalRandom.current().nextInt(256) + "." + (1 + ThreadLocalRandom.current().nextInt(254));
    addIndicators(("{\"type\":\"indicator\",\"spec_version\":\"2.1\",\"id\":\"" + id + "\",\"created\":\"2016-01-01T00:00:00.000Z\","
        + "\"modified\":\"2016-01-01T00:00:00.000Z\",\"name\":\"x\",\"pattern\":\"[ipv4-addr:value = '" + ip + "'] FOLLOWEDBY"
        + " [ipv4-addr:value = '" + second + "'] WITHIN 300 SECONDS\",\"pattern_type\":\"stix\",\"valid_from\":\"2016-01-01T00:00:00Z\"}"));
    String auth = telemetryAccount();
    assertThat(postTelemetry("?format=eve", auth, flow(ip, 0, 1) + "\n").json().get("sightings").asInt()).isZero();
    // the other side from another account does not complete the set
    assertThat(postTelemetry("?format=eve", telemetryAccount(), flow(second, 5, 2) + "\n").json().get("sightings").asInt()).isZero();
    // the first record again, as green: it waits once, now under green
    assertThat(postTelemetry("?format=eve&tlp=green", auth, flow(ip, 0, 1) + "\n").json().get("sightings").asInt()).isZero();
    Reply completes = postTelemetry("?format=eve&tlp=clear", auth, flow(second, 10, 4) + "\n");
    assertThat(completes.json().get("sightings").asInt()).isEqualTo(1);
    List<JsonNode> found = sightingsOf(id);
    assertThat(found).hasSize(1);
    assertThat(found.get(0).get("count").asInt()).isEqualTo(1);
    assertThat(found.get(0).get("first_seen").asText()).isEqualTo("2025-11-30T10:00:00Z");
    assertThat(found.get(0).get("last_seen").asText()).isEqualTo("2025-11-30T10:00:10Z");
    assertThat(found.get(0).get("observed_data_refs")).hasSize(2);
    // the strictest of the set's records (amber, then green: amber) and the telemetry's (clear)
    assertThat(found.get(0).get("object_marking_refs").get(0).asText()).isEqualTo(Tlp.AMBER.tlp2Id());
    // both records were used: sent again, under any marking, they make no second set
    assertThat(postTelemetry("?format=eve&tlp=red", auth, flow(second, 12, 5) + "\n").json().get("sightings").asInt()).isZero();
    Reply again = postTelemetry("?format=eve", auth, flow(ip, 0, 1) + "\n" + flow(second, 10, 4) + "\n");
    assertThat(again.json().get("sightings").asInt()).isZero();
    assertThat(again.json().get("repeated").asInt()).isEqualTo(2);
  }

  /**
   * A REPEATS past 1,024 is counted in a node as in {@code parley detect}, and hits forgotten past
   * the bounds of memory (a chain of three observations keeps 1,024 per bracket) are told to an
   * account that may read the sightings, never to a sensor's (issue 12: a hostile run's REPEATS
   * 1500 TIMES never matched and its 2,000 pairs counted 1,024, with nothing said).
   */
  @Test
  void post_manyWaitingHits_repeatsCountedAndDropsTold() throws Exception {
    String repeats = newId("indicator");
    String chain = newId("indicator");
    String head = "{\"type\":\"indicator\",\"spec_version\":\"2.1\",\"created\":\"2016-01-01T00:00:00.000Z\","
        + "\"modified\":\"2016-01-01T00:00:00.000Z\",\"name\":\"x\",\"pattern_type\":\"stix\",\"valid_from\":\"2016-01-01T00:00:00Z\",";
    addIndicators(head + "\"id\":\"" + repeats + "\",\"pattern\":\"[ipv4-addr:value = '" + ip + "'] REPEATS 1100 TIMES WITHIN 1200 SECONDS\"}",
        head + "\"id\":\"" + chain + "\",\"pattern\":\"[ipv4-addr:value = '" + ip + "'] FOLLOWEDBY [domain-name:value = 'never.example']"
            + " FOLLOWEDBY [url:value = 'http://never.example/']\"}");
    StringBuilder body = new StringBuilder();
    Instant t0 = Instant.parse("2025-11-30T10:00:00Z");
    for (int i = 0; i < 1100; i++) {
      String t = t0.plusSeconds(i).toString();
      body.append("{\"timestamp\":\"").append(t).append("\",\"event_type\":\"flow\",\"src_ip\":\"10.9.9.9\",\"src_port\":").append(1000 + i)
          .append(",\"dest_ip\":\"").append(ip).append("\",\"dest_port\":443,\"proto\":\"TCP\",\"flow\":{\"start\":\"").append(t).append("\"}}\n");
    }
    Reply r = postTelemetry("?format=eve", telemetryAccount(), body.toString());
    assertThat(r.status()).as(r.raw().body()).isEqualTo(202);
    assertThat(r.json().get("sightings").asInt()).isEqualTo(1);
    assertThat(r.json().get("dropped").asLong()).isEqualTo(76);
    assertThat(r.json().get("dropped_indicators").asInt()).isEqualTo(1);
    assertThat(sightingsOf(repeats)).singleElement().satisfies(s -> {
      assertThat(s.get("count").asInt()).isEqualTo(1);
      assertThat(s.get("first_seen").asText()).isEqualTo("2025-11-30T10:00:00Z");
      assertThat(s.get("observed_data_refs")).hasSize(10);
    });
    Reply sensor = postTelemetry("?format=eve", sensorAccount(), body.toString());
    assertThat(sensor.json().has("dropped")).isFalse();
  }

  /**
   * A MATCHES search past its work bound is counted as not matching: the answer says so, with how many
   * indicators' counts may be low, to an account that may read the sightings, never to a sensor's
   * (README-pattern.md item 16; before, only a process-wide count was logged, other runs' cuts in it).
   */
  @Test
  void post_searchPastItsWorkBound_cutShortTold() throws Exception {
    String hostile = newId("indicator");
    addIndicators("{\"type\":\"indicator\",\"spec_version\":\"2.1\",\"created\":\"2016-01-01T00:00:00.000Z\","
        + "\"modified\":\"2016-01-01T00:00:00.000Z\",\"name\":\"x\",\"pattern_type\":\"stix\",\"valid_from\":\"2016-01-01T00:00:00Z\","
        + "\"id\":\"" + hostile + "\",\"pattern\":\"[url:value MATCHES '(a{1000}){40}']\"}");
    String record = "{\"timestamp\":\"2025-11-30T10:00:00Z\",\"event_type\":\"http\",\"src_ip\":\"10.9.9.9\",\"src_port\":1,"
        + "\"dest_ip\":\"10.9.9.8\",\"dest_port\":80,\"proto\":\"TCP\",\"http\":{\"hostname\":\"h.example\",\"url\":\"/"
        + "a".repeat(20_000) + "\"}}\n";
    Reply r = postTelemetry("?format=eve", telemetryAccount(), record);
    assertThat(r.status()).as(r.raw().body()).isEqualTo(202);
    assertThat(r.json().get("sightings").asInt()).isZero();
    assertThat(r.json().get("cut_short").asLong()).isPositive();
    assertThat(r.json().get("cut_short_indicators").asInt()).isEqualTo(1);
    Reply sensor = postTelemetry("?format=eve", sensorAccount(), record);
    assertThat(sensor.status()).isEqualTo(202);
    assertThat(sensor.json().has("cut_short")).isFalse();
  }

  /**
   * A request that stalls its body holds its own account and format only, and not for ever: a second
   * request of theirs waits a bounded time, then answers 503 with Retry-After having read nothing
   * (sent again later, its record counts); another account's request is not held at all (hostile run
   * 12n: a stalled POST held every other request of its account and format while it lasted).
   */
  @Test
  void post_whileAnotherOfTheAccountStalls_503AfterABoundedWaitOtherAccountsNotHeld() throws Exception {
    String id = newId("indicator");
    addIndicators(indicator(id, "2020-01-01T00:00:00.000Z", ""));
    String auth = telemetryAccount();
    Duration before = TelemetryRoutes.sourceWait;
    TelemetryRoutes.sourceWait = Duration.ofSeconds(1);
    try (Socket stalled = new Socket("127.0.0.1", get().port())) {
      String line = flow(ip, 1, 21001) + "\n";
      stalled.getOutputStream().write(("POST /telemetry?format=eve HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: " + auth
          + "\r\nContent-Type: application/x-ndjson\r\nContent-Length: 1000000\r\n\r\n" + line)
          .getBytes(StandardCharsets.ISO_8859_1));
      stalled.getOutputStream().flush();
      Thread.sleep(500); // its run holds the account's source, its first line read

      Reply busy = postTelemetry("?format=eve", auth, flow(ip, 2, 21002) + "\n");
      assertThat(busy.status()).as(busy.raw().body()).isEqualTo(503);
      assertThat(busy.raw().headers().firstValue("Retry-After")).hasValue("5");
      assertThat(busy.raw().body()).contains("nothing of this one was read");
      Reply other = postTelemetry("?format=eve", telemetryAccount(), flow(ip, 3, 21003) + "\n");
      assertThat(other.status()).as(other.raw().body()).isEqualTo(202);
      assertThat(other.json().get("sightings").asInt()).isEqualTo(1);
    } finally {
      TelemetryRoutes.sourceWait = before;
    }
    // the stalled request ended with its connection, and stored nothing; the refused one, sent again, counts
    Reply again = null;
    for (int i = 0; i < 100; i++) {
      again = postTelemetry("?format=eve", auth, flow(ip, 2, 21002) + "\n");
      if (again.status() != 503) break;
      Thread.sleep(100);
    }
    assertThat(again.status()).as(again.raw().body()).isEqualTo(202);
    assertThat(again.json().get("read").asInt()).isEqualTo(1);
    assertThat(again.json().get("sightings").asInt()).isEqualTo(1);
    assertThat(sightingsOf(id)).extracting(s -> s.get("count").asInt()).containsExactlyInAnyOrder(1, 1);
  }

  /**
   * A body that trickles past its grace is cut off end to end (hostile run 12n): the client is
   * answered 408 naming the rate, over the same connection, and nothing of the request is stored,
   * though its first line hit; the account's next request is read at once.
   */
  @Test
  void post_bodyTricklingPastItsGrace_408NothingStored() throws Exception {
    String id = newId("indicator");
    addIndicators(indicator(id, "2020-01-01T00:00:00.000Z", ""));
    String auth = telemetryAccount();
    Duration before = TelemetryRoutes.bodyGrace;
    TelemetryRoutes.bodyGrace = Duration.ofSeconds(1);
    String answer;
    try (Socket slow = new Socket("127.0.0.1", get().port())) {
      slow.setSoTimeout(20_000);
      var out = slow.getOutputStream();
      out.write(("POST /telemetry?format=eve HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: " + auth
          + "\r\nContent-Type: application/x-ndjson\r\nContent-Length: 1000000\r\n\r\n" + flow(ip, 1, 21101) + "\n")
          .getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = slow.getInputStream();
      // a blank line every 200 ms: far under 1 KiB a second once the second of grace is over
      for (int i = 0; i < 50 && in.available() == 0; i++) {
        Thread.sleep(200);
        try {
          out.write('\n');
          out.flush();
        } catch (IOException closed) {
          break; // the node answered and closed its side
        }
      }
      answer = new String(in.readNBytes(4096), StandardCharsets.ISO_8859_1);
    } catch (SocketException reset) {
      throw new AssertionError("the connection was reset before the answer was read", reset);
    } finally {
      TelemetryRoutes.bodyGrace = before;
    }
    assertThat(answer).startsWith("HTTP/1.1 408").contains("slower than 1024 bytes a second").contains("nothing of it was stored")
        .doesNotContain("Exception");
    assertThat(sightingsOf(id)).isEmpty();
    Reply next = postTelemetry("?format=eve", auth, flow(ip, 1, 21101) + "\n");
    assertThat(next.status()).as(next.raw().body()).isEqualTo(202);
    assertThat(next.json().get("sightings").asInt()).isEqualTo(1);
  }

  /** A distrustful sender racing itself: the same records sent twice at once by one account still count once. */
  @Test
  void post_sameRecordsTwiceAtOnce_countedOnce() throws Exception {
    String id = newId("indicator");
    addIndicators(indicator(id, "2020-01-01T00:00:00.000Z", ""));
    String auth = telemetryAccount();
    StringBuilder body = new StringBuilder();
    for (int i = 0; i < 50; i++) body.append(flow(ip, i, 20000 + i)).append('\n');
    List<Thread> threads = new ArrayList<>();
    List<Reply> replies = Collections.synchronizedList(new ArrayList<>());
    for (int t = 0; t < 2; t++) {
      Thread th = new Thread(() -> replies.add(postTelemetry("?format=eve", auth, body.toString())));
      th.start();
      threads.add(th);
    }
    for (Thread th : threads) th.join();
    assertThat(replies).extracting(Reply::status).containsExactly(202, 202);
    assertThat(replies).extracting(r -> r.json().get("repeated").asInt()).containsExactlyInAnyOrder(0, 50);
    assertThat(sightingsOf(id)).singleElement().satisfies(s -> assertThat(s.get("count").asInt()).isEqualTo(50));
  }

  @Test
  void post_indicatorExpiring_countsOnlyRecordsBeforeValidUntil() throws Exception {
    String id = newId("indicator");
    addIndicators(indicator(id, "2020-01-01T00:00:00.000Z", ",\"valid_until\":\"2025-11-30T10:00:01Z\""));
    Reply r = postTelemetry("?format=eve", telemetryAccount(), flow(ip, 0, 1) + "\n" + flow(ip, 1, 2) + "\n" + flow(ip, 2, 3) + "\n");
    assertThat(r.status()).isEqualTo(202);
    assertThat(sightingsOf(id)).singleElement().satisfies(s -> {
      assertThat(s.get("count").asInt()).isEqualTo(1);
      assertThat(s.get("last_seen").asText()).isEqualTo("2025-11-30T10:00:00Z");
    });
  }

  @Test
  void post_markings_sightingCarriesTheStricterOfIndicatorAndTelemetry() throws Exception {
    String red = newId("indicator");
    String green = newId("indicator");
    String unmarked = newId("indicator");
    addIndicators(indicator(red, "2020-01-01T00:00:00.000Z", ",\"object_marking_refs\":[\"" + Tlp.RED.tlp2Id() + "\"]"),
        indicator(green, "2020-01-01T00:00:00.000Z", ",\"object_marking_refs\":[\"" + Tlp.GREEN.tlp1Id().orElseThrow() + "\"]"),
        indicator(unmarked, "2020-01-01T00:00:00.000Z", ""));
    Reply r = postTelemetry("?format=eve&tlp=amber%2Bstrict", telemetryAccount(), flow(ip, 0, 1) + "\n");
    assertThat(r.status()).as(r.raw().body()).isEqualTo(202);
    assertThat(sightingsOf(red).get(0).get("object_marking_refs").get(0).asText()).isEqualTo(Tlp.RED.tlp2Id());
    assertThat(sightingsOf(green).get(0).get("object_marking_refs").get(0).asText()).isEqualTo(Tlp.AMBER_STRICT.tlp2Id());
    assertThat(sightingsOf(unmarked).get(0).get("object_marking_refs").get(0).asText()).isEqualTo(Tlp.AMBER_STRICT.tlp2Id());

    // the level written with its '+' unescaped, as a query decodes it (a space): the same level
    Reply plain = postTelemetry("?format=eve&tlp=amber+strict", telemetryAccount(), flow(ip, 5, 5) + "\n");
    assertThat(plain.status()).as(plain.raw().body()).isEqualTo(202);
    assertThat(sightingsOf(unmarked)).extracting(s -> s.get("object_marking_refs").get(0).asText()).containsOnly(Tlp.AMBER_STRICT.tlp2Id());

    // default telemetry marking: amber
    Reply clear = postTelemetry("?format=eve", telemetryAccount(), flow(ip, 9, 9) + "\n");
    assertThat(clear.status()).isEqualTo(202);
    assertThat(sightingsOf(green)).extracting(s -> s.get("object_marking_refs").get(0).asText()).contains(Tlp.AMBER.tlp2Id());
  }

  /** A record that matches two indicators is stored once as observed-data, shared by both sightings, under the stricter marking. */
  @Test
  void post_recordMatchingTwoIndicators_oneObservedDataSharedByBothSightings() throws Exception {
    String red = newId("indicator");
    String unmarked = newId("indicator");
    addIndicators(indicator(red, "2020-01-01T00:00:00.000Z", ",\"object_marking_refs\":[\"" + Tlp.RED.tlp2Id() + "\"]"),
        indicator(unmarked, "2020-01-01T00:00:00.000Z", ""));
    Reply r = postTelemetry("?format=eve", telemetryAccount(), flow(ip, 0, 1) + "\n" + flow(ip, 1, 2) + "\n");
    assertThat(r.status()).as(r.raw().body()).isEqualTo(202);
    assertThat(r.json().get("sightings").asInt()).isEqualTo(2);
    JsonNode strict = sightingsOf(red).get(0);
    JsonNode open = sightingsOf(unmarked).get(0);
    assertThat(strict.get("count").asInt()).isEqualTo(2);
    assertThat(open.get("count").asInt()).isEqualTo(2);
    assertThat(open.get("object_marking_refs").get(0).asText()).isEqualTo(Tlp.AMBER.tlp2Id());
    assertThat(strict.get("observed_data_refs")).hasSize(2).isEqualTo(open.get("observed_data_refs"));
    UUID sightings = TestNode.get().detection().sightingsCollection();
    for (JsonNode ref : strict.get("observed_data_refs")) {
      List<ObjectRow> rows = TestNode.get().stores().objects().page(new ObjectQuery(sightings, 0, null, 10, List.of(ref.asText()),
          List.of(), VersionFilter.ALL, ObjectQuery.ANY_SPEC_VERSION, true)).rows();
      assertThat(rows).hasSize(1);
      assertThat(Json.readTree(rows.get(0).body()).get("object_marking_refs").get(0).asText()).isEqualTo(Tlp.RED.tlp2Id());
    }
  }

  /** Zeek's dns.log as JSON (fields of Zeek's DNS::Info: ts, uid, id.*, proto, query, answers), told by _path. */
  @Test
  void post_zeekJsonAndEcs_matchNormalisedValues() throws Exception {
    String domainId = newId("indicator");
    String name = "Evil-" + UUID.randomUUID().toString().substring(0, 8) + ".Example.";
    addIndicators(indicator(domainId, "2020-01-01T00:00:00.000Z", "").replace("[ipv4-addr:value = '" + ip + "']",
        "[domain-name:value = '" + name + "']"));
    String auth = telemetryAccount();
    String dns = "{\"_path\":\"dns\",\"ts\":1764496800.5,\"uid\":\"C1\",\"id.orig_h\":\"10.0.0.1\",\"id.orig_p\":5353,"
        + "\"id.resp_h\":\"10.0.0.53\",\"id.resp_p\":53,\"proto\":\"udp\",\"query\":\"" + name.toLowerCase() + "\",\"answers\":[\"" + ip + "\"]}\n";
    Reply zeek = postTelemetry("?format=zeek-json&tlp=green", auth, dns);
    assertThat(zeek.status()).as(zeek.raw().body()).isEqualTo(202);
    assertThat(zeek.json().get("read").asInt()).isEqualTo(1);
    String ecs = "{\"@timestamp\":\"2025-11-30T10:00:07Z\",\"dns\":{\"question\":{\"name\":\"" + name.toUpperCase() + "\"}}}\n";
    Reply elastic = postTelemetry("?format=ecs&tlp=green", auth, ecs);
    assertThat(elastic.status()).isEqualTo(202);
    assertThat(sightingsOf(domainId)).extracting(s -> s.get("first_seen").asText())
        .containsExactlyInAnyOrder("2025-11-30T10:00:00.500Z", "2025-11-30T10:00:07Z");
  }

  /**
   * A hostile run (issue 12, finding 15): a line of a format=zeek-json body that is not JSON was
   * answered "... nor a TSV record after a #fields header (Zeek TSV)". The body is Zeek JSON only.
   */
  @Test
  void post_zeekJsonWithALineNotJson_reasonSaysZeekJson() throws Exception {
    String auth = telemetryAccount();
    String conn = "{\"_path\":\"conn\",\"ts\":1764496800.5,\"uid\":\"C1\",\"id.orig_h\":\"10.0.0.1\",\"id.resp_h\":\"10.0.0.53\"}\n";
    Reply r = postTelemetry("?format=zeek-json", auth, conn + "1764496801.0\tC2\t10.0.0.1\n#fields\tts\n");
    assertThat(r.status()).as(r.raw().body()).isEqualTo(202);
    assertThat(r.json().get("read").asInt()).isEqualTo(1);
    assertThat(r.json().get("malformed_lines")).extracting(l -> l.get("reason").asText())
        .containsExactly("not a JSON object (Zeek JSON: one object a line)", "not a JSON object (Zeek JSON: one object a line)");
  }

  @Test
  void post_withoutCredential_401WithChallenge() {
    Reply r = postTelemetry("?format=eve", null, flow(ip, 0, 1) + "\n");
    assertThat(r.status()).isEqualTo(401);
    assertThat(r.header("WWW-Authenticate")).contains("Basic").contains("Bearer");
    Reply wrong = postTelemetry("?format=eve", "Bearer not-a-token", flow(ip, 0, 1) + "\n");
    assertThat(wrong.status()).isEqualTo(401);
    assertThat(wrong.raw().body()).doesNotContain("Exception");
  }

  @Test
  void post_accountWithoutTelemetryRight_403() {
    String reader = account(Map.of("*", new Right(true, true)));
    Reply r = postTelemetry("?format=eve", reader, flow(ip, 0, 1) + "\n");
    assertThat(r.status()).isEqualTo(403);
    assertThat(r.json().get("description").asText()).contains("--telemetry");
  }

  @Test
  void post_bearerToken_accepted() {
    String name = "t" + UUID.randomUUID().toString().substring(0, 8);
    String token = get().stores().accounts().create(name, false, Map.of(), true);
    assertThat(postTelemetry("?format=ecs", "Bearer " + token, "{\"@timestamp\":\"2025-11-30T10:00:00Z\",\"source\":{\"ip\":\"10.1.1.1\"}}\n")
        .status()).isEqualTo(202);
  }

  /** RFC 9110 §15.5.6: a method the resource does not support is 405 with Allow (it was a 404 naming an API root "telemetry"). */
  @Test
  void get_telemetry_405AllowPost() {
    Reply r = send(HttpRequest.newBuilder(uri("/telemetry")).header("Authorization", telemetryAccount()).GET());
    assertThat(r.status()).isEqualTo(405);
    assertThat(r.header("Allow")).isEqualTo("POST");
    assertThat(r.json().get("title").asText()).isEqualTo("Method not allowed");
    // without a credential the answer is the same: it says nothing an account could learn
    Reply anonymous = send(HttpRequest.newBuilder(uri("/telemetry")).GET());
    assertThat(anonymous.status()).isEqualTo(405);
    assertThat(anonymous.raw().body()).doesNotContain("Exception");
  }

  @Test
  void post_wrongMediaType_415() {
    Reply r = send(HttpRequest.newBuilder(uri("/telemetry?format=eve")).header("Content-Type", "application/json")
        .header("Authorization", telemetryAccount()).POST(HttpRequest.BodyPublishers.ofString(flow(ip, 0, 1))));
    assertThat(r.status()).isEqualTo(415);
    assertThat(r.json().get("title").asText()).isEqualTo("Unsupported media type");
  }

  /**
   * A sensor's account is told what was read and malformed, never how many records matched or had
   * matched before: that would answer whether a value is an indicator it may not read, RED ones
   * included (found by an independent run).
   */
  @Test
  void post_sensorAccount_notToldSightingsOrRepeats() throws Exception {
    String id = newId("indicator");
    addIndicators(indicator(id, "2020-01-01T00:00:00.000Z", ""));
    String sensor = sensorAccount();
    String body = flow(ip, 0, 1) + "\n" + flow("10.200.0.1", 1, 1) + "\n";
    Reply first = postTelemetry("?format=eve", sensor, body);
    Reply again = postTelemetry("?format=eve", sensor, body);
    for (Reply r : List.of(first, again)) {
      assertThat(r.status()).isEqualTo(202);
      assertThat(r.json().get("read").asInt()).isEqualTo(2);
      assertThat(r.json().has("sightings")).isFalse();
      assertThat(r.json().has("repeated")).isFalse();
    }
    assertThat(first.raw().body()).isEqualTo(again.raw().body());
    // stored after the answer (a sensor timed hits by it: 20 ms against 5), once, with its count
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (sightingsOf(id).isEmpty() && System.nanoTime() < deadline) Thread.sleep(50);
    Thread.sleep(300); // a second sighting, if the resend were counted, would follow the first
    assertThat(sightingsOf(id)).as("the hit is sighted all the same, once").singleElement()
        .satisfies(s -> assertThat(s.get("count").asInt()).isEqualTo(1));
  }

  /**
   * A sensor that pads a line with more values than an observation gives is told the same whether
   * one of the values is an indicator's or none is (a hostile run read "malformed" for a hit and
   * "read" for none, an answer to a question about indicators it may not read); and the address
   * after the thousand others is matched all the same, in the record's continuation (hostile run
   * 12aq D2: it was left out, and an answer padded so hid a known address).
   */
  @Test
  void post_sensorPaddedLine_sameAnswerWithAndWithoutAHit() throws Exception {
    String id = newId("indicator");
    addIndicators(indicator(id, "2020-01-01T00:00:00.000Z", ""));
    String sensor = sensorAccount();
    List<String> answers = new ArrayList<>();
    for (String last : List.of(ip, "10.200.0.1")) {
      StringBuilder addresses = new StringBuilder();
      for (int i = 0; i < 1_100; i++) addresses.append("\"10.77.").append(i / 256).append('.').append(i % 256).append("\",");
      addresses.append('"').append(last).append('"');
      String line = "{\"timestamp\":\"2025-11-30T10:00:00.000000+0000\",\"event_type\":\"dns\",\"src_ip\":\"10.0.0.53\","
          + "\"dest_ip\":\"10.0.0.9\",\"proto\":\"UDP\",\"dns\":{\"version\":2,\"type\":\"answer\",\"rrname\":\"pad.example\","
          + "\"rrtype\":\"A\",\"grouped\":{\"A\":[" + addresses + "]}}}\n";
      Reply r = postTelemetry("?format=eve", sensor, line);
      assertThat(r.status()).isEqualTo(202);
      answers.add(r.raw().body());
    }
    assertThat(answers.get(0)).isEqualTo("{\"read\":1,\"malformed\":0}").isEqualTo(answers.get(1));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (sightingsOf(id).isEmpty() && System.nanoTime() < deadline) Thread.sleep(50);
    assertThat(sightingsOf(id)).as("the 1,104th value of the record").singleElement()
        .satisfies(s -> assertThat(s.get("count").asInt()).isEqualTo(1));
  }

  /**
   * A record of more values than one record gives (16,256) is read, and the answer says how many
   * of its values were left out, to a sensor account too: the count depends on the body alone.
   */
  @Test
  void post_recordPastTheValuesARecordGives_answerCountsTheValuesLeftOut() throws Exception {
    String sensor = sensorAccount();
    StringBuilder addresses = new StringBuilder();
    for (int i = 0; i < 16_400; i++) addresses.append(i == 0 ? "" : ",").append("\"10.78.").append(i / 256).append('.').append(i % 256).append('"');
    String line = "{\"timestamp\":\"2025-11-30T10:00:00.000000+0000\",\"event_type\":\"dns\",\"src_ip\":\"10.0.0.53\","
        + "\"dest_ip\":\"10.0.0.9\",\"proto\":\"UDP\",\"dns\":{\"version\":2,\"type\":\"answer\",\"rrname\":\"left.example\","
        + "\"rrtype\":\"A\",\"grouped\":{\"A\":[" + addresses + "]}}}\n";
    Reply r = postTelemetry("?format=eve", sensor, line);
    assertThat(r.status()).isEqualTo(202);
    // the two ends, the name and 16,400 addresses: 16,403 values, of which a record gives 16,256
    assertThat(r.raw().body()).isEqualTo("{\"read\":1,\"malformed\":0,\"values_left_out\":147}");
  }

  /** The counts of an indicator's stored sightings, summed. */
  private static int counted(String indicatorId) throws IOException {
    return sightingsOf(indicatorId).stream().mapToInt(s -> s.get("count").asInt()).sum();
  }

  /** A body with a content coding and {@code auth}. */
  private static Reply postCoded(String coding, String auth, byte[] body) {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri("/telemetry?format=eve")).header("Content-Type", "application/x-ndjson")
        .header("Authorization", auth).POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (coding != null) b.header("Content-Encoding", coding);
    return send(b);
  }

  /** {@code text} compressed as zlib data (RFC 1950), or as raw deflate (RFC 1951) when {@code raw}. */
  private static byte[] deflated(byte[] text, boolean raw) {
    Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, raw);
    deflater.setInput(text);
    deflater.finish();
    byte[] out = new byte[text.length + 64];
    out = Arrays.copyOf(out, deflater.deflate(out));
    deflater.end();
    return out;
  }

  private static byte[] gzipped(byte[] text) throws IOException {
    ByteArrayOutputStream zipped = new ByteArrayOutputStream();
    try (GZIPOutputStream z = new GZIPOutputStream(zipped)) {
      z.write(text);
    }
    return zipped.toByteArray();
  }

  /**
   * RFC 9110 §8.4: the codings log shippers send, gzip (x-gzip) and deflate (zlib, §8.4.1.2, or raw
   * deflate, as some clients send it), are read, and count as the same records sent as they are; another coding, or two, is refused (415);
   * data that is not what its coding says is refused whole (400), and so is a body whose text grows
   * past a hundred times its size (413): nothing of either is stored.
   */
  @Test
  void post_contentCodings_gzipAndDeflateRead_othersRefused_damagedAndBombsStoreNothing() throws Exception {
    String id = newId("indicator");
    addIndicators(indicator(id, "2020-01-01T00:00:00.000Z", ""));
    String auth = telemetryAccount();
    byte[] text = (flow(ip, 0, 1) + "\n" + flow(ip, 1, 2) + "\n").getBytes(StandardCharsets.UTF_8);
    Reply gzip = postCoded("gzip", auth, gzipped(text));
    assertThat(gzip.status()).as(gzip.raw().body()).isEqualTo(202);
    assertThat(gzip.json().get("read").asLong()).isEqualTo(2);
    assertThat(gzip.json().get("sightings").asInt()).isEqualTo(1);
    byte[] more = (flow(ip, 2, 3) + "\n").getBytes(StandardCharsets.UTF_8);
    byte[] zlib = deflated(more, false);
    Reply deflate = postCoded("deflate", auth, zlib);
    assertThat(deflate.status()).as(deflate.raw().body()).isEqualTo(202);
    assertThat(deflate.json().get("read").asLong()).isEqualTo(1);
    // raw deflate (RFC 1951) under "deflate", as some clients send it: read, the same record a repeat
    Reply rawDeflate = postCoded("deflate", auth, deflated(more, true));
    assertThat(rawDeflate.status()).as(rawDeflate.raw().body()).isEqualTo(202);
    assertThat(rawDeflate.json().get("repeated").asLong()).isEqualTo(1);
    // the same records again under another coding are repeats, as sent as they are
    Reply again = postCoded("x-gzip", auth, gzipped(text));
    assertThat(again.json().get("repeated").asLong()).isEqualTo(2);
    assertThat(counted(id)).isEqualTo(3); // a sighting a request: the gzip one counts 2, the deflate one 1

    // another coding, or two at once: 415, naming what is read
    Reply br = postCoded("br", auth, text);
    assertThat(br.status()).isEqualTo(415);
    assertThat(br.json().get("description").asText()).contains("gzip").contains("deflate").contains("br");
    assertThat(postCoded("gzip, deflate", auth, gzipped(text)).status()).isEqualTo(415);
    // two field lines are one list (RFC 9110 §5.3): two codings, refused as on one line (hostile run 12z: the second was ignored)
    Reply twoLines = send(HttpRequest.newBuilder(uri("/telemetry?format=eve")).header("Content-Type", "application/x-ndjson")
        .header("Authorization", auth).header("Content-Encoding", "gzip").header("Content-Encoding", "br")
        .POST(HttpRequest.BodyPublishers.ofByteArray(gzipped(text))));
    assertThat(twoLines.status()).isEqualTo(415);
    // Content-Type is one value: on two lines, refused whichever comes first (hostile run 12af: the first decided)
    for (List<String> order : List.of(List.of("application/x-ndjson", "text/plain"), List.of("text/plain", "application/x-ndjson"))) {
      Reply twoTypes = send(HttpRequest.newBuilder(uri("/telemetry?format=eve")).header("Content-Type", order.get(0))
          .header("Content-Type", order.get(1)).header("Authorization", auth).POST(HttpRequest.BodyPublishers.ofByteArray(text)));
      assertThat(twoTypes.status()).as(order.toString()).isEqualTo(415);
      assertThat(twoTypes.json().get("description").asText()).contains("one Content-Type").contains("text/plain");
    }
    // a charset other than UTF-8 is refused whole, named; UTF-8 declared is read
    for (String charset : List.of("ISO-8859-1", "ebcdic")) {
      Reply declared = send(HttpRequest.newBuilder(uri("/telemetry?format=eve")).header("Content-Type", "application/x-ndjson; charset=" + charset)
          .header("Authorization", auth).POST(HttpRequest.BodyPublishers.ofByteArray(text)));
      assertThat(declared.status()).as(charset).isEqualTo(415);
      assertThat(declared.json().get("description").asText()).contains("charset=" + charset);
    }
    assertThat(send(HttpRequest.newBuilder(uri("/telemetry?format=eve")).header("Content-Type", "application/x-ndjson; charset=\"UTF-8\"")
        .header("Authorization", auth).POST(HttpRequest.BodyPublishers.ofByteArray("{}\n".getBytes(StandardCharsets.UTF_8))))
        .status()).isEqualTo(202);

    // a body that is not what its coding says, or is cut short: 400, and nothing of it stored
    byte[] late = (flow(ip, 9, 9) + "\n").getBytes(StandardCharsets.UTF_8);
    Reply plain = postCoded("gzip", auth, late);
    assertThat(plain.status()).isEqualTo(400);
    assertThat(plain.json().get("description").asText()).contains("gzip data truncated or damaged").contains("nothing of it was stored");
    byte[] whole = gzipped((flow(ip, 10, 10) + "\n" + "x".repeat(200_000) + "\n").getBytes(StandardCharsets.UTF_8));
    Reply cut = postCoded("gzip", auth, Arrays.copyOf(whole, whole.length - 9));
    assertThat(cut.status()).isEqualTo(400);
    assertThat(postCoded("deflate", auth, Arrays.copyOf(zlib, zlib.length - 3)).status()).isEqualTo(400);
    assertThat(counted(id)).isEqualTo(3);

    // a bomb: 20 MB of newlines after a hit, some 20 KB of gzip: refused past a hundred times its size, the hit not stored
    byte[] bomb = gzipped((flow(ip, 11, 11) + "\n" + "\n".repeat(20_000_000)).getBytes(StandardCharsets.UTF_8));
    Reply big = postCoded("gzip", auth, bomb);
    assertThat(big.status()).as(big.raw().body()).isEqualTo(413);
    assertThat(big.json().get("description").asText()).contains("more than 100 times");
    assertThat(counted(id)).isEqualTo(3);
  }

  /** RFC 9110 §8.4: a gzip body without its coding is refused whole, not read as text into malformed lines. */
  @Test
  void post_compressedWithoutItsCoding_415() throws Exception {
    ByteArrayOutputStream zipped = new ByteArrayOutputStream();
    try (GZIPOutputStream z = new GZIPOutputStream(zipped)) {
      z.write(flow(ip, 0, 1).getBytes(StandardCharsets.UTF_8));
    }
    // the same bytes without their content coding: refused whole, not read as text into malformed lines (hostile run 12t)
    Reply unlabelled = send(HttpRequest.newBuilder(uri("/telemetry?format=eve")).header("Content-Type", "application/x-ndjson")
        .header("Authorization", telemetryAccount()).POST(HttpRequest.BodyPublishers.ofByteArray(zipped.toByteArray())));
    assertThat(unlabelled.status()).isEqualTo(415);
    assertThat(unlabelled.json().get("description").asText()).contains("gzip data").contains("nothing of it was read");
    // text in UTF-16 (PowerShell's Out-File): refused whole by its encoding, not one record read and the rest malformed
    Reply wide = send(HttpRequest.newBuilder(uri("/telemetry?format=eve")).header("Content-Type", "application/x-ndjson")
        .header("Authorization", telemetryAccount()).POST(HttpRequest.BodyPublishers.ofByteArray(
            (flow(ip, 0, 1) + "\n" + flow(ip, 1, 2) + "\n").getBytes(StandardCharsets.UTF_16LE))));
    assertThat(wide.status()).isEqualTo(415);
    assertThat(wide.json().get("description").asText()).contains("UTF-16LE").contains("nothing of it was read");
    // and gzip in gzip: the text of the coding is judged as a body is
    Reply twice = postCoded("gzip", telemetryAccount(), gzipped(zipped.toByteArray()));
    assertThat(twice.status()).isEqualTo(415);
    // zlib (HTTP's deflate) and zip, told by their first bytes (hostile run 12u)
    Deflater deflater = new Deflater();
    deflater.setInput(flow(ip, 0, 1).getBytes(StandardCharsets.UTF_8));
    deflater.finish();
    byte[] zlib = new byte[4096];
    zlib = Arrays.copyOf(zlib, deflater.deflate(zlib));
    ByteArrayOutputStream zip = new ByteArrayOutputStream();
    try (ZipOutputStream z = new ZipOutputStream(zip)) {
      z.putNextEntry(new ZipEntry("eve.json"));
      z.write(flow(ip, 0, 1).getBytes(StandardCharsets.UTF_8));
    }
    for (byte[] packed : List.of(zlib, zip.toByteArray())) {
      Reply r2 = send(HttpRequest.newBuilder(uri("/telemetry?format=eve")).header("Content-Type", "application/x-ndjson")
          .header("Authorization", telemetryAccount()).POST(HttpRequest.BodyPublishers.ofByteArray(packed)));
      assertThat(r2.status()).isEqualTo(415);
      assertThat(r2.json().get("description").asText()).containsAnyOf("zlib", "zip data");
    }
    // the body is judged only for an account that may post: without a credential 401, without the right 403
    HttpRequest.Builder anonymous = HttpRequest.newBuilder(uri("/telemetry?format=eve")).header("Content-Type", "application/x-ndjson")
        .POST(HttpRequest.BodyPublishers.ofByteArray(zipped.toByteArray()));
    assertThat(send(anonymous).status()).isEqualTo(401);
    String reader = account(Map.of("*", new Right(true, true)));
    assertThat(send(HttpRequest.newBuilder(uri("/telemetry?format=eve")).header("Content-Type", "application/x-ndjson")
        .header("Authorization", reader).POST(HttpRequest.BodyPublishers.ofByteArray(zipped.toByteArray()))).status()).isEqualTo(403);
    // a body shorter than any magic number is read as it is
    Reply tiny = send(HttpRequest.newBuilder(uri("/telemetry?format=eve")).header("Content-Type", "application/x-ndjson")
        .header("Authorization", telemetryAccount()).POST(HttpRequest.BodyPublishers.ofString("{}\n")));
    assertThat(tiny.status()).isEqualTo(202);
  }

  @Test
  void post_badParameters_400() {
    String auth = telemetryAccount();
    assertThat(postTelemetry("", auth, flow(ip, 0, 1)).status()).isEqualTo(400);
    Reply stix = postTelemetry("?format=stix", auth, flow(ip, 0, 1));
    assertThat(stix.status()).isEqualTo(400);
    assertThat(stix.json().get("description").asText()).contains("zeek-json, eve or ecs");
    Reply tlp = postTelemetry("?format=eve&tlp=purple", auth, flow(ip, 0, 1));
    assertThat(tlp.status()).isEqualTo(400);
    assertThat(tlp.json().get("description").asText()).contains("purple");
    // a marking given twice, or under a name not known, is refused: either value, or the default, could downgrade it
    for (String query : List.of("?format=eve&tlp=clear&tlp=red", "?format=eve&tlp=red&tlp=clear", "?format=eve&format=zeek-json",
        "?format=eve&TLP=red")) {
      Reply twice = postTelemetry(query, auth, flow(ip, 0, 1));
      assertThat(twice.status()).as(query).isEqualTo(400);
      assertThat(twice.json().get("description").asText()).as(query).containsAnyOf("given 2 times", "unknown parameter 'TLP'");
    }
    // an empty name is no parameter: a script that appends '&' is not refused (hostile run 12o)
    for (String query : List.of("?format=eve&", "?&format=eve", "?format=eve&&tlp=green")) {
      assertThat(postTelemetry(query, auth, flow(ip, 0, 1)).status()).as(query).isEqualTo(202);
    }
    assertThat(postTelemetry("?format=eve&=red", auth, flow(ip, 0, 1)).status()).isEqualTo(400);
  }

  @Test
  void post_bodyLargerThanTheTaxiiLimit_streamedNotRefused() throws Exception {
    // the test node refuses TAXII bodies over 64 KiB; telemetry is streamed, never held whole
    String id = newId("indicator");
    addIndicators(indicator(id, "2020-01-01T00:00:00.000Z", ""));
    StringBuilder body = new StringBuilder();
    int lines = 5000;
    for (int i = 0; i < lines; i++) body.append(flow(i % 1000 == 0 ? ip : "192.0.2.7", i % 60, 10000 + i)).append('\n');
    body.append("x".repeat(2 * 1024 * 1024)).append('\n'); // a line beyond 1 MiB: malformed, skipped
    body.append(flow(ip, 59, 9999)).append('\n');
    Reply r = postTelemetry("?format=eve", telemetryAccount(), body.toString());
    assertThat(r.status()).as(r.raw().body()).isEqualTo(202);
    assertThat(r.json().get("read").asInt()).isEqualTo(lines + 1);
    assertThat(r.json().get("malformed").asInt()).isEqualTo(1);
    assertThat(sightingsOf(id)).singleElement().satisfies(s -> assertThat(s.get("count").asInt()).isEqualTo(6));
  }
}
