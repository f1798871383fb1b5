package dev.parley.node;

import static dev.parley.node.TestNode.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.store.accounts.Right;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * HEAD on every GET route runs the GET's checks (RFC 9110 §9.3.2: "identical to GET except that the
 * server MUST NOT send content"): the same status and headers, no body. The bug: HEAD answered 200
 * on every GET route, without a credential and for resources that do not exist.
 */
class HeadTest {
  private static UUID collection;
  private static String object;
  private static String status;

  @BeforeAll
  static void data() throws InterruptedException {
    collection = newCollection();
    object = newId("indicator");
    Reply posted = post("/api1/collections/" + collection + "/objects/", admin(), envelope(indicator(object, "2020-01-01T00:00:00.000Z")));
    status = posted.json().get("id").asText();
    // the receipt needs the entry in a signed checkpoint (one every 100 ms)
    for (int i = 0; i < 100 && get("/log/receipt?collection=" + collection + "&object=" + object, admin()).status() != 200; i++) {
      Thread.sleep(50);
    }
  }

  /** Every GET route: TAXII (§3.1's table), the log, health and metrics. */
  private static List<String> existing() {
    String c = "/api1/collections/" + collection + "/";
    return List.of("/taxii2/", "/api1/", "/api1/status/" + status + "/", "/api1/collections/", c, c + "manifest/", c + "objects/",
        c + "objects/" + object + "/", c + "objects/" + object + "/versions/", "/log/checkpoint", "/log/key", "/log/tile/0/000.p/1",
        "/log/tile/entries/000.p/1", "/log/proof/inclusion?index=0&size=1", "/log/proof/consistency?first=1&second=1",
        "/log/receipt?collection=" + collection + "&object=" + object, "/healthz", "/metrics");
  }

  /** The same routes for things that do not exist, or malformed. */
  private static List<String> missing() {
    String c = "/api1/collections/" + UUID.randomUUID() + "/";
    String o = "/api1/collections/" + collection + "/objects/" + newId("indicator") + "/";
    return List.of("/nope/", "/api1/status/" + UUID.randomUUID() + "/", c, c + "manifest/", c + "objects/", o, o + "versions/",
        "/log/tile/9/999", "/log/tile/x", "/log/proof/inclusion?index=" + Long.MAX_VALUE + "&size=1",
        "/log/receipt?collection=" + collection + "&object=" + newId("indicator"), "/api1/collections/" + collection + "/objects/?limit=0");
  }

  @Test
  void head_everyGetRoute_sameStatusAndHeadersAsGetNoBody() {
    List<String> paths = new ArrayList<>(existing());
    paths.addAll(missing());
    for (String auth : new String[] {admin(), null, "Bearer parley_wrong", account(Map.of(collection.toString(), new Right(false, true)))}) {
      for (String path : paths) {
        RawReply get = raw("GET", path, auth, TAXII);
        RawReply head = raw("HEAD", path, auth, TAXII);
        assertThat(head.status()).as("HEAD %s with %s", path, auth).isEqualTo(get.status());
        assertThat(headers(head)).as("HEAD %s with %s", path, auth).isEqualTo(headers(get));
        assertThat(head.body()).as("HEAD %s with %s", path, auth).isEmpty();
      }
    }
  }

  @Test
  void head_taxiiRoutesWithoutCredential_401WithChallenge() {
    for (String path : existing()) {
      if (path.startsWith("/log/") && !path.startsWith("/log/receipt") || path.equals("/healthz") || path.equals("/metrics")) continue;
      RawReply head = raw("HEAD", path, null, TAXII);
      assertThat(head.status()).as(path).isEqualTo(401);
      assertThat(head.header("WWW-Authenticate")).as(path).startsWith("Basic realm=\"parley\"").contains("Bearer");
    }
  }

  @Test
  void head_existingWithCredential_200_missing_404() {
    for (String path : existing()) assertThat(raw("HEAD", path, admin(), TAXII).status()).as(path).isEqualTo(200);
    assertThat(raw("HEAD", "/api1/collections/" + UUID.randomUUID() + "/objects/", admin(), TAXII).status()).isEqualTo(404);
    assertThat(raw("HEAD", "/log/tile/9/999", null, null).status()).isEqualTo(404);
  }

  /** The headers that must agree: all but Date, and the length of content that is not sent. */
  private static Map<String, List<String>> headers(RawReply r) {
    Map<String, List<String>> h = new TreeMap<>(r.headers());
    h.remove("date");
    h.remove("content-length");
    h.remove("transfer-encoding");
    return h;
  }
}
