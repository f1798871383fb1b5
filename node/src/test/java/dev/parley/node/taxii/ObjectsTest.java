package dev.parley.node.taxii;

import static dev.parley.node.TestNode.*;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.policy.agreement.Agreement;
import dev.parley.policy.agreement.Parsed;
import dev.parley.stix.Json;
import dev.parley.store.Stores;
import dev.parley.store.accounts.Right;
import dev.parley.store.objects.NewObject;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ObjectsTest {
  private final UUID c = newCollection();
  private final String objects = "/api1/collections/" + c + "/objects/";

  private JsonNode add(String... objs) {
    Reply r = post(objects, admin(), envelope(objs));
    assertThat(r.status()).isEqualTo(202);
    return r.json();
  }

  @Test
  void post_validAndInvalid_statusListsEach() {
    String id = newId("indicator");
    JsonNode s = add(indicator(id, "2020-01-01T00:00:00.000Z"), "{\"type\":\"indicator\",\"id\":\"indicator--bad\"}");
    assertThat(s.get("status").asText()).isEqualTo("complete");
    assertThat(s.get("total_count").asInt()).isEqualTo(2);
    assertThat(s.get("success_count").asInt()).isEqualTo(1);
    assertThat(s.get("failure_count").asInt()).isEqualTo(1);
    assertThat(s.get("pending_count").asInt()).isEqualTo(0);
    assertThat(s.has("pendings")).isFalse();
    assertThat(s.get("successes").get(0).get("version").asText()).isEqualTo("2020-01-01T00:00:00.000Z");
    assertThat(s.get("failures").get(0).get("message").asText()).contains("required-property");
    Reply again = get("/api1/status/" + s.get("id").asText() + "/", admin());
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.json()).isEqualTo(s);
  }

  @Test
  void post_sameVersionTwice_idempotent() {
    String obj = indicator(newId("indicator"), "2020-01-01T00:00:00.000Z");
    add(obj);
    JsonNode s = add(obj);
    assertThat(s.get("success_count").asInt()).isEqualTo(1);
    assertThat(get(objects, admin()).json().get("objects")).hasSize(1);
  }

  @Test
  void post_differentContentSameVersion_failure() {
    String id = newId("indicator");
    add(indicator(id, "2020-01-01T00:00:00.000Z"));
    JsonNode s = add(indicator(id, "2020-01-01T00:00:00.000Z").replace("\"name\":\"x\"", "\"name\":\"y\""));
    assertThat(s.get("failure_count").asInt()).isEqualTo(1);
    assertThat(s.get("failures").get(0).get("message").asText()).contains("different object");
  }

  @Test
  void post_wrongContentType_415() {
    Reply r = send(HttpRequest.newBuilder(uri(objects)).header("Accept", TAXII).header("Content-Type", "application/json")
        .header("Authorization", admin()).POST(HttpRequest.BodyPublishers.ofString(envelope(malware(newId("malware"))))));
    assertThat(r.status()).isEqualTo(415);
    assertThat(r.json().get("title").asText()).isEqualTo("Unsupported media type");
  }

  /**
   * A body declared in a charset a TAXII body is not read in is refused whole, as {@code POST
   * /telemetry} refuses it (hostile run 12ba D7: it was read as UTF-8); UTF-8 declared, and UTF-16
   * declared of a UTF-16 body, are read.
   */
  @Test
  void post_charsetItIsNotReadIn_415NothingStored() {
    String refused = newId("malware");
    Reply r = send(HttpRequest.newBuilder(uri(objects)).header("Accept", TAXII).header("Content-Type", TAXII + "; charset=\"windows-1252\"")
        .header("Authorization", admin()).POST(HttpRequest.BodyPublishers.ofString(envelope(malware(refused)), StandardCharsets.ISO_8859_1)));
    assertThat(r.status()).isEqualTo(415);
    assertThat(r.json().get("description").asText()).contains("not charset=windows-1252").contains("nothing of it was read");
    assertThat(get(objects + "?match[id]=" + refused, admin()).json().has("objects")).isFalse();
    Reply two = send(HttpRequest.newBuilder(uri(objects)).header("Accept", TAXII).header("Content-Type", TAXII + ";charset=latin1;charset=utf-8")
        .header("Authorization", admin()).POST(HttpRequest.BodyPublishers.ofString(envelope(malware(refused)))));
    assertThat(two.status()).as("a readable charset after one that is not").isEqualTo(415);
    Reply spaced = send(HttpRequest.newBuilder(uri(objects)).header("Accept", TAXII).header("Content-Type", TAXII + "; charset = windows-1252")
        .header("Authorization", admin()).POST(HttpRequest.BodyPublishers.ofString(envelope(malware(refused)))));
    assertThat(spaced.status()).isEqualTo(415);
    assertThat(spaced.json().get("description").asText()).as("the charset named, not the type").contains("not charset=windows-1252");
    for (var read : List.of(Map.entry("UTF-8", StandardCharsets.UTF_8), Map.entry("utf-16", StandardCharsets.UTF_16BE),
        Map.entry("ascii", StandardCharsets.US_ASCII))) {
      String id = newId("malware");
      Reply ok = send(HttpRequest.newBuilder(uri(objects)).header("Accept", TAXII).header("Content-Type", TAXII + ";charset=" + read.getKey())
          .header("Authorization", admin()).POST(HttpRequest.BodyPublishers.ofString(envelope(malware(id)), read.getValue())));
      assertThat(ok.status()).as(read.getKey()).isEqualTo(202);
      assertThat(get(objects + "?match[id]=" + id, admin()).json().get("objects")).as(read.getKey()).hasSize(1);
    }
  }

  /**
   * A Content-Type whose charset parameter has no value, or names no charset, is answered 415 on every
   * route, a GET as much as a POST (hostile run bb D1: the server decodes query strings by it, and
   * answered 500 to every route that read a parameter); a charset it knows changes nothing for a GET.
   */
  @Test
  void anyRoute_contentTypeWithAnUnusableCharset_415() {
    for (String type : List.of("text/plain;charset", "text/plain; charset=", "text/plain;charset=\"\"", "text/plain;charset=no-such-charset",
        "text/plain;charsetx", TAXII + ";charset=a b")) {
      Reply got = send(HttpRequest.newBuilder(uri(objects + "?limit=1")).header("Accept", TAXII).header("Content-Type", type)
          .header("Authorization", admin()).GET());
      assertThat(got.status()).as(type).isEqualTo(415);
      assertThat(got.json().get("description").asText()).as(type).contains("which is no charset");
      Reply posted = send(HttpRequest.newBuilder(uri(objects)).header("Accept", TAXII).header("Content-Type", type)
          .header("Authorization", admin()).POST(HttpRequest.BodyPublishers.ofString(envelope(malware(newId("malware"))))));
      assertThat(posted.status()).as(type).isEqualTo(415);
      Reply telemetry = send(HttpRequest.newBuilder(uri("/telemetry?format=ecs")).header("Content-Type", type)
          .header("Authorization", admin()).POST(HttpRequest.BodyPublishers.ofString("{}\n")));
      assertThat(telemetry.status()).as(type).isEqualTo(415);
    }
    Reply known = send(HttpRequest.newBuilder(uri(objects + "?limit=1")).header("Accept", TAXII).header("Content-Type", "text/plain; charset=\"UTF-8\"")
        .header("Authorization", admin()).GET());
    assertThat(known.status()).isEqualTo(200);
    // without credentials the same 415, before anything else: it tells nothing of the collection or of accounts
    Reply anonymous = send(HttpRequest.newBuilder(uri(objects + "?limit=1")).header("Accept", TAXII).header("Content-Type", "text/plain;charset")
        .GET());
    assertThat(anonymous.status()).isEqualTo(415);
    assertThat(anonymous.raw().body()).doesNotContain(c.toString());
  }

  /** An account that may not write is refused for that, whatever charset it declares: the charset is judged for writers only. */
  @Test
  void post_charsetItIsNotReadIn_byAnAccountThatMayNotWrite_403() {
    String reader = account(Map.of(c.toString(), new Right(true, false)));
    Reply r = send(HttpRequest.newBuilder(uri(objects)).header("Accept", TAXII).header("Content-Type", TAXII + ";charset=windows-1252")
        .header("Authorization", reader).POST(HttpRequest.BodyPublishers.ofString(envelope(malware(newId("malware"))))));
    assertThat(r.status()).isEqualTo(403);
  }

  @Test
  void post_malformedJson_400() {
    Reply r = post(objects, admin(), "{\"objects\":[");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().get("description").asText()).contains("not valid JSON");
  }

  /** The parser's limits in the node's words: no setting names, no advice on them, no parenthesis left open. */
  @Test
  void post_nestedPastTheBoundOrInfinity_400InTheNodesWords() {
    Reply deep = post(objects, admin(), "{\"objects\":" + "[".repeat(1200) + "]".repeat(1200) + "}");
    assertThat(deep.status()).isEqualTo(400);
    assertThat(deep.json().get("description").asText()).endsWith(": nested deeper than 1,000 levels");
    Reply infinity = post(objects, admin(), "{\"objects\":[{\"x\": Infinity}]}");
    assertThat(infinity.status()).isEqualTo(400);
    assertThat(infinity.json().get("description").asText()).contains("Infinity is not a JSON number").doesNotContain("enable")
        .doesNotContain("`");
  }

  /** POSTs one malware object that ends with the members {@code tail}, written on the body's second line. */
  private Reply postMalwareEndingWith(String tail) {
    String obj = malware(newId("malware"));
    return post(objects, admin(), "{\"objects\":[" + obj.substring(0, obj.length() - 1) + ",\n" + tail + "}]}");
  }

  @Test
  void post_exponentOverflow_400SayingWhere() {
    // regression: 1e2147483648 escaped the envelope parse as a NumberFormatException and answered 500
    Reply r = postMalwareEndingWith("\"x_acme_score\":1e2147483648");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().get("description").asText()).contains("line 2, column").contains("1e2147483648").contains("out of range");
  }

  @Test
  void post_patternNumberOutOfRange_objectRefused() {
    // regression: the pattern parser let 1.0e2147483648's NumberFormatException out of the validator
    String bad = indicator(newId("indicator"), "2020-01-01T00:00:00.000Z").replace("[ipv4-addr:value = '10.0.0.1']", "[file:size = 1.0e2147483648]");
    JsonNode s = add(bad);
    assertThat(s.get("failure_count").asInt()).isEqualTo(1);
    assertThat(s.get("failures").get(0).get("message").asText()).contains("pattern").contains("out of the range");
  }

  @Test
  void post_repeatedMemberName_400SayingWhere() {
    // regression: the envelope parse kept the last value of a repeated name, while JSON Lines refused it
    Reply r = postMalwareEndingWith("\"name\":\"other\"");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().get("description").asText()).contains("line 2, column").contains("name");
    assertThat(get(objects, admin()).json().has("objects")).isFalse();
  }

  /**
   * An entry of {@code [[],[],…]} (a JSON value in three bytes) is refused in the status, never made a
   * tree: the envelope read whole as one tree cost the node sixteen times the body's size (hostile
   * run 12au D4). Its neighbours are stored.
   */
  @Test
  void post_entryDenserThanStixObjects_refusedInTheStatusOthersStored() {
    String dense = newId("x-acme-dense");
    StringBuilder b = new StringBuilder("{\"type\":\"x-acme-dense\",\"spec_version\":\"2.1\",\"id\":\"" + dense
        + "\",\"created\":\"2020-01-01T00:00:00.000Z\",\"modified\":\"2020-01-01T00:00:00.000Z\",\"x\":[");
    for (int i = 0; i < 20_000; i++) b.append(i == 0 ? "" : ",").append("[]");
    b.append("]}");
    String kept = newId("malware");
    Reply r = post(objects, admin(), "{\"objects\":[" + b + "," + malware(kept) + "]}");
    assertThat(r.status()).isEqualTo(202);
    JsonNode s = r.json();
    assertThat(s.get("success_count").asInt()).isEqualTo(1);
    assertThat(s.get("failure_count").asInt()).isEqualTo(1);
    assertThat(s.get("failures").get(0).get("id").asText()).isEqualTo(dense);
    assertThat(s.get("failures").get(0).get("version").asText()).isEqualTo("2020-01-01T00:00:00.000Z");
    assertThat(s.get("failures").get(0).get("message").asText()).startsWith("20,007 JSON values in 60,183 bytes")
        .contains("more than one in 16 bytes past 16,384 values");
    assertThat(get(objects + "?match[id]=" + kept, admin()).json().get("objects")).hasSize(1);
  }

  /**
   * Hostile run 12ba: an envelope of 1,000,000 entries of {@code []} in 3 MB made a status of a million
   * failures and ran a 256 MB node out of memory (D1); text after the envelope was stored as the
   * envelope, where validate refused it (D2, RFC 8259 §2). Both are refused whole, nothing stored.
   */
  @Test
  void post_moreEntriesThanItsSizeAllowsOrTextAfterIt_400NothingStored() {
    StringBuilder tiny = new StringBuilder("{\"objects\":[");
    for (int i = 0; i < 5_000; i++) tiny.append(i == 0 ? "" : ",").append("[]");
    Reply many = post(objects, admin(), tiny + "]}");
    assertThat(many.status()).isEqualTo(400);
    assertThat(many.json().get("description").asText()).contains("holds 5,000 entries in 15,013 bytes").endsWith("nothing of it is stored");
    String kept = newId("malware");
    for (String after : List.of(" xyz", "{\"objects\":[]}")) {
      Reply r = post(objects, admin(), "{\"objects\":[" + malware(kept) + "]}" + after);
      assertThat(r.status()).as(after).isEqualTo(400);
      assertThat(r.json().get("description").asText()).as(after).contains("not valid JSON at line 1, column");
    }
    assertThat(get(objects + "?match[id]=" + kept, admin()).json().has("objects")).isFalse();
  }

  /**
   * The envelope's bounds read the body alone, before anything depends on who sent it: a write-only
   * account and a peer (the accounts most likely hostile) meet the same refusals, word for word, as an
   * administrator, and what each refusal says is only what that sender sent.
   */
  @Test
  void post_envelopeBounds_sameForAWriteOnlyAccountAndAPeer() {
    Stores stores = get().stores();
    String peerName = "peer-" + UUID.randomUUID().toString().substring(0, 8);
    String token = stores.peers().put(peerName, "http://127.0.0.1:1/api1/", null, null, stores.accounts()).accountToken();
    try {
      Parsed p = Agreement.parse("{\"accept\":[{\"collection\":\"" + c + "\"}]}", Optional::of);
      stores.agreements().install(peerName, ((Parsed.Valid) p).agreement(), stores.log().appender());
      String writer = account(Map.of(c.toString(), new Right(false, true)));
      String peer = basic(peerName, token);
      String dense = newId("x-acme-dense");
      StringBuilder b = new StringBuilder("{\"type\":\"x-acme-dense\",\"spec_version\":\"2.1\",\"id\":\"" + dense
          + "\",\"created\":\"2020-01-01T00:00:00.000Z\",\"modified\":\"2020-01-01T00:00:00.000Z\",\"x\":[");
      for (int i = 0; i < 20_000; i++) b.append(i == 0 ? "" : ",").append("[]");
      String denseEnvelope = "{\"objects\":[" + b + "]}]}";
      StringBuilder tiny = new StringBuilder("{\"objects\":[");
      for (int i = 0; i < 5_000; i++) tiny.append(i == 0 ? "" : ",").append("[]");
      String tooMany = tiny + "]}";
      String trailing = "{\"objects\":[" + malware(newId("malware")) + "]} xyz";
      Map<String, List<String>> answers = new java.util.LinkedHashMap<>();
      for (String who : List.of(admin(), writer, peer)) {
        List<String> said = new ArrayList<>();
        Reply r = post(objects, who, denseEnvelope);
        assertThat(r.status()).isEqualTo(202);
        JsonNode status = r.json();
        for (int i = 0; i < 200 && status.get("pending_count").asInt() > 0; i++) {
          sleep(25);
          status = get("/api1/status/" + status.get("id").asText() + "/", who).json();
        }
        JsonNode failure = status.get("failures").get(0);
        said.add(failure.get("id").asText() + " " + failure.get("version").asText() + " " + failure.get("message").asText());
        for (String body : List.of(tooMany, trailing)) {
          Reply refused = post(objects, who, body);
          said.add(refused.status() + " " + refused.json().get("description").asText());
        }
        answers.put(who, said);
      }
      assertThat(answers.get(writer)).isEqualTo(answers.get(admin()));
      assertThat(answers.get(peer)).isEqualTo(answers.get(admin()));
      assertThat(answers.get(admin()).get(0)).startsWith(dense + " 2020-01-01T00:00:00.000Z 20,007 JSON values");
      assertThat(answers.get(admin()).get(1)).startsWith("400 ").contains("holds 5,000 entries");
      assertThat(answers.get(admin()).get(2)).startsWith("400 ").contains("not valid JSON at line 1, column");
      assertThat(get(objects + "?match[id]=" + dense, admin()).json().has("objects")).isFalse();
    } finally {
      stores.peers().remove(peerName, stores.accounts(), stores.log().appender());
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void post_notAnEnvelope_400() {
    assertThat(post(objects, admin(), "[]").status()).isEqualTo(400);
    assertThat(post(objects, admin(), "{\"objects\":[]}").status()).isEqualTo(400);
  }

  /**
   * A body declared larger than max_content_length is refused by its declared length, before a byte
   * of it is read: the request's head alone (a client that wrote a large body first could meet the
   * closed connection before the answer, as an HTTP client under load did).
   */
  @Test
  void post_tooLarge_413() throws Exception {
    String head = "POST " + objects + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: " + admin()
        + "\r\nAccept: " + TAXII + "\r\nContent-Type: " + TAXII + "\r\nContent-Length: 1000000000\r\nConnection: close\r\n\r\n";
    String answer;
    try (Socket socket = new Socket("127.0.0.1", get().port())) {
      socket.setSoTimeout(30_000);
      socket.getOutputStream().write(head.getBytes(StandardCharsets.ISO_8859_1));
      socket.getOutputStream().flush();
      answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8); // to the close
    }
    assertThat(answer).startsWith("HTTP/1.1 413").contains("Content too large");
    assertThat(get(objects, admin()).json().has("objects")).isFalse();
  }

  @Test
  void post_readOnlyAccount_403() {
    String reader = account(Map.of(c.toString(), new Right(true, false)));
    assertThat(post(objects, reader, envelope(malware(newId("malware")))).status()).isEqualTo(403);
  }

  @Test
  void get_writeOnlyAccount_403() {
    String writer = account(Map.of(c.toString(), new Right(false, true)));
    assertThat(get(objects, writer).status()).isEqualTo(403);
    assertThat(post(objects, writer, envelope(malware(newId("malware")))).status()).isEqualTo(202);
  }

  @Test
  void get_invisibleCollection_404() {
    assertThat(get(objects, account(Map.of())).status()).isEqualTo(404);
  }

  @Test
  void get_emptyAfterAddedAfter_headersCarryIt() {
    // TAXII 2.1 §3.2: every 200 response carries X-TAXII-Date-Added-First/-Last; an empty page has no
    // first object, so both carry the added_after the client gave (where to continue from)
    add(indicator(newId("indicator"), "2020-01-01T00:00:00.000Z"));
    Reply r = get(objects + "?added_after=2999-01-01T00:00:00.000000Z", admin());
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().has("objects")).isFalse();
    assertThat(r.header("X-TAXII-Date-Added-First")).isEqualTo("2999-01-01T00:00:00.000000Z");
    assertThat(r.header("X-TAXII-Date-Added-Last")).isEqualTo("2999-01-01T00:00:00.000000Z");
  }

  @Test
  void object_existsButFilteredOut_emptyEnvelopeNot404() {
    // §5.6: "If no STIX objects are returned, the response MUST include an empty envelope"; 404 is
    // for an object that is not there
    String id = newId("indicator");
    add(indicator(id, "2020-01-01T00:00:00.000Z"));
    Reply later = get(objects + id + "/?added_after=2999-01-01T00:00:00Z", admin());
    assertThat(later.status()).isEqualTo(200);
    assertThat(later.json().get("more").asBoolean()).isFalse();
    assertThat(later.json().has("objects")).isFalse();
    assertThat(get(objects + id + "/versions/?added_after=2999-01-01T00:00:00Z", admin()).status()).isEqualTo(200);
    assertThat(get(objects + id + "/?match[version]=2001-01-01T00:00:00.000Z", admin()).status()).isEqualTo(404);
  }

  @Test
  void manifest_stixAccept_answered() {
    // §5.3 lists "application/taxii+json;version=2.1,application/stix+json;version=2.1"; §3.1: no 406 for it
    Reply r = send(HttpRequest.newBuilder(uri(objects.replace("/objects/", "/manifest/")))
        .header("Accept", "application/stix+json;version=2.1").header("Authorization", admin()).GET());
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("Content-Type")).isEqualTo(TAXII);
    Reply objectsWithStix = send(HttpRequest.newBuilder(uri(objects))
        .header("Accept", "application/stix+json;version=2.1").header("Authorization", admin()).GET());
    assertThat(objectsWithStix.status()).isEqualTo(406);
  }

  @Test
  void get_empty_noObjectsNoHeaders() {
    Reply r = get(objects, admin());
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().get("more").asBoolean()).isFalse();
    assertThat(r.json().has("objects")).isFalse();
  }

  @Test
  void get_pages_nextAndMoreWalkEverythingInOrder() {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      String id = newId("malware");
      ids.add(id);
      add(malware(id));
    }
    List<String> seen = new ArrayList<>();
    String next = null;
    String lastAdded = null;
    do {
      Reply r = get(objects + "?limit=3" + (next == null ? "" : "&next=" + next), admin());
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.header("X-TAXII-Date-Added-First")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z");
      if (lastAdded != null) assertThat(r.header("X-TAXII-Date-Added-First")).isGreaterThan(lastAdded);
      lastAdded = r.header("X-TAXII-Date-Added-Last");
      r.json().get("objects").forEach(o -> seen.add(o.get("id").asText()));
      next = r.json().get("more").asBoolean() ? r.json().get("next").asText() : null;
    } while (next != null);
    assertThat(seen).isEqualTo(ids);
  }

  /**
   * A page of objects ends before the object that takes it past ObjectEndpoints.PAGE_BYTES (TAXII 2.1
   * §3.4: a server may answer fewer objects than the limit, with more): 1,000 objects of 110 KB made
   * a page of 78 MB that a peer, bounded at 64 MiB a body, refused at every pass (hostile run 10am).
   * Walking the pages still gives every object once, in order.
   */
  @Test
  void get_pageOfLargeObjects_endsPastItsByteBoundAndTheRestFollow() throws Exception {
    String description = "x".repeat(1024 * 1024);
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      // stored as the pipeline would (this node's requests are bounded at 64 KiB)
      String id = newId("malware");
      ids.add(id);
      get().stores().objects().add(c, List.of(NewObject.of((com.fasterxml.jackson.databind.node.ObjectNode)
          Json.mapper().readTree(malware(id).replace("\"name\":\"m\"", "\"name\":\"m\",\"description\":\"" + description + "\"")))));
    }
    List<String> seen = new ArrayList<>();
    List<Integer> sizes = new ArrayList<>();
    String next = null;
    do {
      Reply r = get(objects + "?limit=1000" + (next == null ? "" : "&next=" + next), admin());
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.raw().body().length()).isLessThanOrEqualTo((int) ObjectEndpoints.PAGE_BYTES + 2 * 1024 * 1024);
      sizes.add(r.json().get("objects").size());
      r.json().get("objects").forEach(o -> seen.add(o.get("id").asText()));
      next = r.json().get("more").asBoolean() ? r.json().get("next").asText() : null;
    } while (next != null);
    assertThat(seen).isEqualTo(ids);
    assertThat(sizes).containsExactly(15, 5);
  }

  @Test
  void get_limitAboveCap_cappedWithMore() {
    for (int i = 0; i < 3; i++) {
      StringBuilder b = new StringBuilder();
      List<String> objs = new ArrayList<>();
      for (int j = 0; j < 20; j++) objs.add(malware(newId("malware")));
      add(objs.toArray(String[]::new));
    }
    Reply r = get(objects + "?limit=1000000000000", admin());
    assertThat(r.json().get("objects")).hasSize(50);
    assertThat(r.json().get("more").asBoolean()).isTrue();
  }

  @Test
  void get_badParameters_400() {
    assertThat(get(objects + "?limit=0", admin()).status()).isEqualTo(400);
    assertThat(get(objects + "?limit=abc", admin()).status()).isEqualTo(400);
    assertThat(get(objects + "?added_after=yesterday", admin()).status()).isEqualTo(400);
    assertThat(get(objects + "?next=garbage", admin()).status()).isEqualTo(400);
    assertThat(get(objects + "?foo=1", admin()).status()).isEqualTo(400);
    assertThat(get(objects + "?limit=1&limit=2", admin()).status()).isEqualTo(400);
    assertThat(get(objects + "?match[version]=all,last", admin()).status()).isEqualTo(400);
    assertThat(get(objects + "?match[version]=sometime", admin()).status()).isEqualTo(400);
    assertThat(get(objects + "?match[id]=nope", admin()).status()).isEqualTo(400);
    assertThat(get(objects + "?match[spec_version]=two", admin()).status()).isEqualTo(400);
  }

  @Test
  void get_unknownMatchField_ignored() {
    assertThat(get(objects + "?match[color]=red", admin()).status()).isEqualTo(200);
  }

  @Test
  void get_matchType_onlyThoseTypes() {
    add(malware(newId("malware")), indicator(newId("indicator"), "2020-01-01T00:00:00.000Z"));
    JsonNode r = get(objects + "?match[type]=indicator", admin()).json();
    assertThat(r.get("objects")).hasSize(1);
    assertThat(r.get("objects").get(0).get("type").asText()).isEqualTo("indicator");
    assertThat(get(objects + "?match[type]=indicator,malware", admin()).json().get("objects")).hasSize(2);
  }

  @Test
  void get_matchId_onlyThoseIds() {
    String a = newId("malware");
    String b = newId("malware");
    add(malware(a), malware(b), malware(newId("malware")));
    JsonNode r = get(objects + "?match[id]=" + a + "," + b, admin()).json();
    assertThat(r.get("objects")).hasSize(2);
  }

  @Test
  void get_matchVersion_lastFirstAllExact() {
    String id = newId("indicator");
    add(indicator(id, "2020-01-01T00:00:00.000Z"), indicator(id, "2021-01-01T00:00:00.000Z"), indicator(id, "2022-01-01T00:00:00.000Z"));
    assertThat(versions(get(objects, admin()).json())).containsExactly("2022-01-01T00:00:00.000Z");
    assertThat(versions(get(objects + "?match[version]=last", admin()).json())).containsExactly("2022-01-01T00:00:00.000Z");
    assertThat(versions(get(objects + "?match[version]=first", admin()).json())).containsExactly("2020-01-01T00:00:00.000Z");
    assertThat(versions(get(objects + "?match[version]=all", admin()).json())).hasSize(3);
    assertThat(versions(get(objects + "?match[version]=first,last", admin()).json())).hasSize(2);
    assertThat(versions(get(objects + "?match[version]=2021-01-01T00:00:00.000Z", admin()).json())).containsExactly("2021-01-01T00:00:00.000Z");
    assertThat(versions(get(objects + "?match[version]=2021-01-01T00:00:00Z,2020-01-01T00:00:00.000Z", admin()).json())).hasSize(2);
  }

  @Test
  void get_matchSpecVersion_filters() {
    add(malware(newId("malware")));
    assertThat(get(objects + "?match[spec_version]=2.1", admin()).json().get("objects")).hasSize(1);
    assertThat(get(objects + "?match[spec_version]=2.0", admin()).json().has("objects")).isFalse();
  }

  @Test
  void get_addedAfter_onlyLaterObjects() {
    add(malware(newId("malware")));
    String after = get(objects, admin()).header("X-TAXII-Date-Added-Last");
    String later = newId("malware");
    add(malware(later));
    JsonNode r = get(objects + "?added_after=" + after, admin()).json();
    assertThat(r.get("objects")).hasSize(1);
    assertThat(r.get("objects").get(0).get("id").asText()).isEqualTo(later);
  }

  /**
   * TAXII 2.1 §3.4.1 added_after: exactly the objects added after the time, when it is the time
   * of an object added with others in one request (they share it, or follow it by microseconds):
   * none of that request's at or before it, all of those after. Compared with the manifest's
   * date_added of every object.
   */
  @Test
  void get_addedAfterTheTimeOfABatch_exactlyTheObjectsAddedLater() {
    add(malware(newId("malware")), malware(newId("malware")), malware(newId("malware")));
    String first = get(objects, admin()).header("X-TAXII-Date-Added-First");
    add(malware(newId("malware")));
    Set<String> expected = new HashSet<>();
    Instant t = Instant.parse(first);
    for (JsonNode m : get("/api1/collections/" + c + "/manifest/", admin()).json().get("objects")) {
      if (Instant.parse(m.get("date_added").asText()).isAfter(t)) expected.add(m.get("id").asText());
    }
    Set<String> served = new HashSet<>();
    get(objects + "?added_after=" + first, admin()).json().path("objects").forEach(o -> served.add(o.get("id").asText()));
    assertThat(served).isEqualTo(expected).isNotEmpty();
  }

  @Test
  void manifest_listsVersionsWithDateAddedAndMediaType() {
    String id = newId("indicator");
    add(indicator(id, "2020-01-01T00:00:00.000Z"), indicator(id, "2021-01-01T00:00:00.000Z"));
    Reply r = get("/api1/collections/" + c + "/manifest/?match[version]=all", admin());
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("X-TAXII-Date-Added-First")).isNotNull();
    JsonNode first = r.json().get("objects").get(0);
    assertThat(first.get("id").asText()).isEqualTo(id);
    assertThat(first.get("version").asText()).isEqualTo("2020-01-01T00:00:00.000Z");
    assertThat(first.get("media_type").asText()).isEqualTo("application/stix+json;version=2.1");
    assertThat(first.get("date_added").asText()).endsWith("Z");
    assertThat(r.json().get("objects")).hasSize(2);
  }

  @Test
  void object_get_latestByDefault_404WhenAbsent() {
    String id = newId("indicator");
    add(indicator(id, "2020-01-01T00:00:00.000Z"), indicator(id, "2021-01-01T00:00:00.000Z"));
    Reply r = get(objects + id + "/", admin());
    assertThat(r.status()).isEqualTo(200);
    assertThat(versions(r.json())).containsExactly("2021-01-01T00:00:00.000Z");
    assertThat(r.header("X-TAXII-Date-Added-Last")).isNotNull();
    assertThat(versions(get(objects + id + "/?match[version]=all", admin()).json())).hasSize(2);
    assertThat(get(objects + newId("indicator") + "/", admin()).status()).isEqualTo(404);
    assertThat(get(objects + "not-an-id/", admin()).status()).isEqualTo(400);
    assertThat(get(objects + id + "/?foo=1", admin()).status()).isEqualTo(400);
  }

  @Test
  void versions_listsAllVersionsInOrderAdded() {
    String id = newId("indicator");
    add(indicator(id, "2021-01-01T00:00:00.000Z"));
    add(indicator(id, "2020-01-01T00:00:00.000Z"));
    Reply r = get(objects + id + "/versions/", admin());
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().get("versions").get(0).asText()).isEqualTo("2021-01-01T00:00:00.000Z");
    assertThat(r.json().get("versions")).hasSize(2);
    assertThat(r.header("X-TAXII-Date-Added-First")).isNotNull();
    Reply page = get(objects + id + "/versions/?limit=1", admin());
    assertThat(page.json().get("more").asBoolean()).isTrue();
    Reply rest = get(objects + id + "/versions/?limit=1&next=" + page.json().get("next").asText(), admin());
    assertThat(rest.json().get("versions").get(0).asText()).isEqualTo("2020-01-01T00:00:00.000Z");
    assertThat(get(objects + newId("indicator") + "/versions/", admin()).status()).isEqualTo(404);
  }

  @Test
  void delete_oneVersion_thenAll() {
    String id = newId("indicator");
    add(indicator(id, "2020-01-01T00:00:00.000Z"), indicator(id, "2021-01-01T00:00:00.000Z"));
    assertThat(delete(objects + id + "/?match[version]=2021-01-01T00:00:00.000Z", admin()).status()).isEqualTo(200);
    assertThat(versions(get(objects + id + "/", admin()).json())).containsExactly("2020-01-01T00:00:00.000Z");
    assertThat(delete(objects + id + "/", admin()).status()).isEqualTo(200);
    assertThat(get(objects + id + "/", admin()).status()).isEqualTo(404);
    assertThat(delete(objects + id + "/", admin()).status()).isEqualTo(404);
  }

  @Test
  void delete_readOnlyAccount_403() {
    String id = newId("malware");
    add(malware(id));
    assertThat(delete(objects + id + "/", account(Map.of(c.toString(), new Right(true, false)))).status()).isEqualTo(403);
  }

  @Test
  void post_concurrentWritersOfSameObject_oneStoredNoErrors() throws Exception {
    String obj = indicator(newId("indicator"), "2020-01-01T00:00:00.000Z");
    List<Thread> threads = new ArrayList<>();
    List<Integer> statuses = Collections.synchronizedList(new ArrayList<>());
    for (int i = 0; i < 8; i++) {
      Thread t = new Thread(() -> statuses.add(post(objects, admin(), envelope(obj)).status()));
      threads.add(t);
      t.start();
    }
    for (Thread t : threads) t.join();
    assertThat(statuses).containsOnly(202);
    assertThat(get(objects + "?match[version]=all", admin()).json().get("objects")).hasSize(1);
  }

  private static List<String> versions(JsonNode envelope) {
    List<String> out = new ArrayList<>();
    if (envelope.has("objects")) envelope.get("objects").forEach(o -> out.add(o.get("modified").asText()));
    return out;
  }
}
