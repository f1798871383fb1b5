package dev.parley.node.taxii;

import static dev.parley.node.TestNode.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.stix.Json;
import dev.parley.store.Stores;
import dev.parley.store.accounts.Right;
import dev.parley.store.objects.NewObject;
import java.net.http.HttpRequest;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ServerInfoTest {

  @Test
  void discovery_admin_listsApiRoots() {
    Reply r = get("/taxii2/", admin());
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("Content-Type")).isEqualTo(TAXII);
    // TAXII 2.1 §4.1.1: "HTTPS absolute URLs or relative URLs"; this node speaks plain HTTP
    assertThat(r.json().get("default").asText()).isEqualTo("/api1/");
    assertThat(r.json().get("api_roots")).hasSize(2);
    assertThat(r.json().get("api_roots").get(1).asText()).isEqualTo("/other/");
  }

  @Test
  void discovery_noCredential_401WithChallenge() {
    Reply r = send(HttpRequest.newBuilder(uri("/taxii2/")).header("Accept", TAXII).GET());
    assertThat(r.status()).isEqualTo(401);
    assertThat(r.header("WWW-Authenticate")).isEqualTo("Basic realm=\"parley\", charset=\"UTF-8\", Bearer realm=\"parley\"");
    assertThat(r.json().get("title").asText()).isEqualTo("Unauthorized");
    assertThat(r.json().get("http_status").asText()).isEqualTo("401");
  }

  @Test
  void discovery_bearerToken_200() {
    assertThat(get("/taxii2/", "Bearer " + adminToken()).status()).isEqualTo(200);
  }

  @Test
  void discovery_basicWithWrongUser_401() {
    assertThat(get("/taxii2/", basic("someone-else", adminToken())).status()).isEqualTo(401);
  }

  @Test
  void discovery_wrongToken_401() {
    assertThat(get("/taxii2/", "Bearer parley_nope").status()).isEqualTo(401);
  }

  @Test
  void discovery_acceptJsonOnly_406() {
    Reply r = send(HttpRequest.newBuilder(uri("/taxii2/")).header("Accept", "application/json").header("Authorization", admin()).GET());
    assertThat(r.status()).isEqualTo(406);
    assertThat(r.json().get("title").asText()).isEqualTo("Not acceptable");
  }

  @Test
  void discovery_garbageAccept_406Not500() {
    // the bug: ";;;,,,=;q=abc" threw an index out of bounds in MediaTypes and answered 500
    Reply r = send(HttpRequest.newBuilder(uri("/taxii2/")).header("Accept", ";;;,,,=;q=abc").header("Authorization", admin()).GET());
    assertThat(r.status()).isEqualTo(406);
    assertThat(r.json().get("title").asText()).isEqualTo("Not acceptable");
  }

  @Test
  void discovery_wrongToken_saysRefusedNotNeeded() {
    // the bug: a wrong token got "this server needs HTTP Basic...", as if nothing had been sent
    Reply wrong = get("/taxii2/", "Bearer parley_nope");
    assertThat(wrong.json().get("description").asText()).contains("refused").doesNotContain("needs");
    assertThat(wrong.header("WWW-Authenticate")).contains("error=\"invalid_token\"");
    Reply none = send(HttpRequest.newBuilder(uri("/taxii2/")).header("Accept", TAXII).GET());
    assertThat(none.json().get("description").asText()).contains("needs a credential");
    // a known account with a wrong token, an unknown account, a valid token under another name: one answer
    String known = account(Map.of());
    String user = new String(Base64.getDecoder().decode(known.substring(6))).split(":")[0];
    List<Reply> refusals = List.of(get("/taxii2/", basic(user, "parley_nope")), get("/taxii2/", basic("nobody-" + user, "parley_nope")),
        get("/taxii2/", basic("nobody-" + user, adminToken())));
    for (Reply r : refusals) {
      assertThat(r.status()).isEqualTo(401);
      assertThat(r.header("WWW-Authenticate")).isEqualTo(refusals.get(0).header("WWW-Authenticate"));
      assertThat(withoutErrorId(r)).isEqualTo(withoutErrorId(refusals.get(0)));
    }
  }

  private static String withoutErrorId(Reply r) {
    return r.raw().body().replaceAll("\"error_id\":\"[^\"]+\"", "");
  }

  @Test
  void discovery_acceptTaxiiWithoutVersion_200() {
    Reply r = send(HttpRequest.newBuilder(uri("/taxii2/")).header("Accept", "application/taxii+json").header("Authorization", admin()).GET());
    assertThat(r.status()).isEqualTo(200);
  }

  @Test
  void discovery_acceptTaxiiVersion20_406() {
    Reply r = send(HttpRequest.newBuilder(uri("/taxii2/")).header("Accept", "application/taxii+json;version=2.0").header("Authorization", admin()).GET());
    assertThat(r.status()).isEqualTo(406);
  }

  @Test
  void apiRoot_known_advertisesLimits() {
    Reply r = get("/api1/", admin());
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().get("versions").get(0).asText()).isEqualTo(TAXII);
    assertThat(r.json().get("max_content_length").asLong()).isEqualTo(64 * 1024);
    assertThat(r.json().get("x_parley_max_page_size").asInt()).isEqualTo(50);
  }

  @Test
  void apiRoot_unknown_404() {
    Reply r = get("/nope/", admin());
    assertThat(r.status()).isEqualTo(404);
    assertThat(r.json().get("title").asText()).isEqualTo("Not found");
  }

  @Test
  void unknownPath_404WithErrorResource() {
    Reply r = get("/api1/collections/x/y/z/w/v/", admin());
    assertThat(r.status()).isEqualTo(404);
    assertThat(r.json().has("title")).isTrue();
  }

  @Test
  void wrongMethod_405WithErrorResource() {
    Reply r = delete("/api1/collections/", admin());
    assertThat(r.status()).isEqualTo(405);
    assertThat(r.json().has("title")).isTrue();
  }

  @Test
  void status_unknownId_404() {
    assertThat(get("/api1/status/" + UUID.randomUUID() + "/", admin()).status()).isEqualTo(404);
  }

  @Test
  void status_notUuid_404() {
    // TAXII 2.1 §4.3 lists 404 for a status that is not found; "abc" names none
    assertThat(get("/api1/status/abc/", admin()).status()).isEqualTo(404);
  }

  @Test
  void status_otherAccount_404() {
    var c = newCollection();
    String writer = account(Map.of(c.toString(), new Right(true, true)));
    Reply posted = post("/api1/collections/" + c + "/objects/", writer, envelope(malware(newId("malware"))));
    String statusId = posted.json().get("id").asText();
    assertThat(get("/api1/status/" + statusId + "/", writer).status()).isEqualTo(200);
    String other = account(Map.of(c.toString(), new Right(true, true)));
    assertThat(get("/api1/status/" + statusId + "/", other).status()).isEqualTo(404);
  }

  @Test
  void healthz_databaseUp_200() {
    Reply r = send(HttpRequest.newBuilder(uri("/healthz")).GET());
    assertThat(r.status()).isEqualTo(200);
  }

  @Test
  void metrics_afterRequests_prometheusText() {
    get("/taxii2/", admin());
    Reply r = send(HttpRequest.newBuilder(uri("/metrics")).header("Authorization", admin()).GET());
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.raw().body()).contains("parley_http_requests_total{route=\"discovery\",method=\"GET\",status=\"200\"}")
        .contains("parley_http_request_duration_seconds_bucket{route=\"discovery\",le=\"+Inf\"}")
        .contains("parley_sync_receipts_failed").contains("parley_sync_receipts_overdue 0");
  }

  /**
   * The object counters move differently for an object the node held and a new one, and the request
   * counters with how much other accounts read (both found by hostile runs): a write-only account
   * or a peer watching them would learn what it may not read, so only an administrator reads them;
   * everyone reads the alarms.
   */
  @Test
  void metrics_countersForAnAdministratorOnly_alarmsForAnyone() {
    String reader = account(Map.of(newCollection().toString(), new Right(true, true)));
    for (String who : new String[] {null, reader, "Bearer not-a-token"}) {
      HttpRequest.Builder b = HttpRequest.newBuilder(uri("/metrics")).GET();
      if (who != null) b.header("Authorization", who);
      Reply r = send(b);
      assertThat(r.status()).as(String.valueOf(who)).isEqualTo(200);
      assertThat(r.raw().body()).as(String.valueOf(who)).contains("parley_sync_receipts_failed").contains("administrator's credentials")
          .doesNotContain("parley_http_request").doesNotContain("parley_objects_").doesNotContain("parley_store_objects_added_total");
    }
    assertThat(send(HttpRequest.newBuilder(uri("/metrics")).header("Authorization", admin()).GET()).raw().body())
        .contains("parley_objects_stored_total").contains("parley_objects_duplicate_total").contains("parley_store_objects_added_total");
  }

  /**
   * A peer left unreachable or in key-mismatch is an alarm where monitoring scrapes, for the
   * administrator, whose names for its peers no one else reads (hostile run 10ay L1: only the log and
   * peer list said so).
   */
  @Test
  void metrics_peerStates_forAnAdministratorOnly() {
    Stores stores = get().stores();
    String name = "metrics-" + UUID.randomUUID().toString().substring(0, 8);
    String token = stores.peers().put(name, "http://127.0.0.1:1/api1/", null, null, stores.accounts()).accountToken();
    try {
      stores.peers().state(name, "key-mismatch", "the key served is not the pinned one");
      String body = send(HttpRequest.newBuilder(uri("/metrics")).header("Authorization", admin()).GET()).raw().body();
      assertThat(body).contains("# TYPE parley_peer_state gauge")
          .contains("parley_peer_state{peer=\"" + name + "\",state=\"key-mismatch\"} 1")
          .contains("parley_peer_state{peer=\"" + name + "\",state=\"ok\"} 0")
          .contains("parley_peer_state{peer=\"" + name + "\",state=\"unreachable\"} 0");
      // anonymous, a reader of every collection, the peer itself and wrong credentials: none reads the operator's names for its peers
      String reader = account(Map.of("*", new Right(true, false)));
      for (String who : java.util.Arrays.asList(null, reader, basic(name, token), basic(name, "not-" + token), admin() + "x")) {
        HttpRequest.Builder asked = HttpRequest.newBuilder(uri("/metrics")).GET();
        if (who != null) asked.header("Authorization", who);
        assertThat(send(asked).raw().body()).as(String.valueOf(who)).doesNotContain(name).doesNotContain("parley_peer_state");
      }
    } finally {
      stores.peers().remove(name, stores.accounts(), null);
    }
  }

  @Test
  void metrics_objectsAddedByAnyProcess_counted() throws Exception {
    // an import by another process changes nothing in this node's counters; the store's total shows it
    long before = storeTotal();
    UUID c = newCollection();
    get().stores().objects().add(c, List.of(NewObject.of(
        (com.fasterxml.jackson.databind.node.ObjectNode) Json.mapper().readTree(malware(newId("malware"))))));
    assertThat(storeTotal()).isEqualTo(before + 1);
  }

  private static long storeTotal() {
    String body = send(HttpRequest.newBuilder(uri("/metrics")).header("Authorization", admin()).GET()).raw().body();
    return body.lines().filter(l -> l.startsWith("parley_store_objects_added_total ")).mapToLong(l -> Long.parseLong(l.split(" ")[1]))
        .findFirst().orElseThrow();
  }
}
