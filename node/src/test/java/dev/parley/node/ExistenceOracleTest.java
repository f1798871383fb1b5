package dev.parley.node;

import static dev.parley.node.TestNode.*;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.store.accounts.Right;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Hostile probes of the read side: nothing an account receives (status, headers, body) may depend
 * on objects held only in collections it cannot read. Three accounts probe every endpoint for an
 * object that exists only where they cannot read it, and for an id that exists nowhere; the answers
 * must be the same bytes, but for the Date header, the error id and the ids probed. The accounts:
 * one that may only write to W, one that may only read R, one with no rights. X is a collection
 * none of them may see. (POSTs whose object has an id and version stored elsewhere are not probed here.)
 */
class ExistenceOracleTest {
  private static UUID w;
  private static UUID r;
  private static UUID x;
  private static String secret;
  private static String adminStatus;
  private static Map<String, String> accounts;

  @BeforeAll
  static void data() throws InterruptedException {
    w = newCollection();
    r = newCollection();
    x = newCollection();
    secret = newId("indicator");
    for (UUID c : List.of(w, x)) {
      Reply posted = post("/api1/collections/" + c + "/objects/", admin(),
          envelope(indicator(secret, "2020-01-01T00:00:00.000Z"), indicator(secret, "2021-01-01T00:00:00.000Z")));
      assertThat(posted.json().get("success_count").asInt()).isEqualTo(2);
      adminStatus = posted.json().get("id").asText();
    }
    post("/api1/collections/" + r + "/objects/", admin(), envelope(malware(newId("malware"))));
    accounts = new LinkedHashMap<>();
    accounts.put("writer of W", account(Map.of(w.toString(), new Right(false, true))));
    accounts.put("reader of R", account(Map.of(r.toString(), new Right(true, false))));
    accounts.put("no rights", account(Map.of()));
    // receipts need the entries in a signed checkpoint
    for (int i = 0; i < 100 && get("/log/receipt?collection=" + x + "&object=" + secret, admin()).status() != 200; i++) Thread.sleep(50);
  }

  /** Every probe of an object id in a collection, by method and path. */
  private static List<String[]> probes(UUID c, String id) {
    String base = "/api1/collections/" + c + "/";
    List<String[]> out = new ArrayList<>();
    for (String method : List.of("GET", "HEAD")) {
      for (String path : List.of(base + "objects/?match[id]=" + id, base + "objects/?match[id]=" + id + "&match[version]=all",
          base + "manifest/?match[id]=" + id + "&match[version]=all", base + "objects/" + id + "/", base + "objects/" + id + "/?match[version]=first",
          base + "objects/" + id + "/versions/", base + "objects/" + id + "/versions/?limit=1",
          "/log/receipt?collection=" + c + "&object=" + id, "/log/receipt?collection=" + c + "&object=" + id + "&version=2021-01-01T00:00:00.000Z")) {
        out.add(new String[] {method, path});
      }
    }
    out.add(new String[] {"DELETE", base + "objects/" + id + "/"});
    out.add(new String[] {"DELETE", base + "objects/" + id + "/?match[version]=first"});
    return out;
  }

  @Test
  void objectOnlyWhereTheAccountCannotRead_sameAnswerAsAnIdThatExistsNowhere() {
    // the control: to an account that may read W, every GET probe tells the object from a ghost
    String ghostOfAdmin = newId("indicator");
    List<String[]> seen = probes(w, secret);
    List<String[]> unseen = probes(w, ghostOfAdmin);
    for (int i = 0; i < seen.size(); i++) {
      if (!seen.get(i)[0].equals("GET")) continue;
      String a = normalized(raw("GET", seen.get(i)[1], admin(), TAXII), secret, w);
      assertThat(a).as(seen.get(i)[1]).isNotEqualTo(normalized(raw("GET", unseen.get(i)[1], admin(), TAXII), ghostOfAdmin, w));
    }
    for (var account : accounts.entrySet()) {
      for (UUID c : List.of(w, r, x)) {
        String ghost = newId("indicator");
        List<String[]> withSecret = probes(c, secret);
        List<String[]> withGhost = probes(c, ghost);
        for (int i = 0; i < withSecret.size(); i++) {
          String what = account.getKey() + ": " + withSecret.get(i)[0] + " " + withSecret.get(i)[1];
          String a = normalized(raw(withSecret.get(i)[0], withSecret.get(i)[1], account.getValue(), TAXII), secret, c);
          String b = normalized(raw(withGhost.get(i)[0], withGhost.get(i)[1], account.getValue(), TAXII), ghost, c);
          assertThat(a).as(what).isEqualTo(b);
        }
      }
      // the collection itself: one it may not see answers as one that does not exist
      for (UUID hidden : List.of(w, r, x)) {
        String path = "/api1/collections/" + hidden + "/";
        if (get(path, account.getValue()).status() != 404) continue;
        UUID none = UUID.randomUUID();
        for (String suffix : List.of("", "objects/", "manifest/", "objects/" + secret + "/", "objects/" + secret + "/versions/")) {
          String a = normalized(raw("GET", path + suffix, account.getValue(), TAXII), "", hidden);
          String b = normalized(raw("GET", "/api1/collections/" + none + "/" + suffix, account.getValue(), TAXII), "", none);
          assertThat(a).as(account.getKey() + ": " + path + suffix).isEqualTo(b);
        }
        String a = normalized(raw("GET", "/log/receipt?collection=" + hidden + "&object=" + secret, account.getValue(), null), "", hidden);
        String b = normalized(raw("GET", "/log/receipt?collection=" + none + "&object=" + secret, account.getValue(), null), "", none);
        assertThat(a).as(account.getKey() + ": receipt in " + hidden).isEqualTo(b);
      }
    }
  }

  @Test
  void receiptsBatch_objectOnlyWhereTheAccountCannotRead_sameAnswerAsAnIdThatExistsNowhere() {
    for (var account : accounts.entrySet()) {
      for (UUID c : List.of(w, r, x)) {
        String ghost = newId("indicator");
        String a = batchAnswer(account.getValue(), c, secret, secret, c);
        String b = batchAnswer(account.getValue(), c, ghost, ghost, c);
        assertThat(a).as(account.getKey() + ": receipts in " + c).isEqualTo(b).startsWith("200");
      }
      // a collection it may not see answers as one that does not exist
      for (UUID hidden : List.of(w, r, x)) {
        if (get("/api1/collections/" + hidden + "/", account.getValue()).status() != 404) continue;
        UUID none = UUID.randomUUID();
        assertThat(batchAnswer(account.getValue(), hidden, secret, "", hidden)).as(account.getKey() + ": receipts in " + hidden)
            .isEqualTo(batchAnswer(account.getValue(), none, secret, "", none));
      }
    }
  }

  /** POST /log/receipts for {@code id} in {@code c}, with and without a version, normalized as {@link #normalized} does. */
  private static String batchAnswer(String auth, UUID c, String id, String replaceId, UUID replaceCollection) {
    String body = "{\"items\":[{\"collection\":\"" + c + "\",\"object\":\"" + id + "\"},{\"collection\":\"" + c + "\",\"object\":\""
        + id + "\",\"version\":\"2021-01-01T00:00:00.000Z\"}]}";
    Reply reply = send(HttpRequest.newBuilder(uri("/log/receipts")).header("Content-Type", "application/json")
        .header("Authorization", auth).POST(HttpRequest.BodyPublishers.ofString(body)));
    Map<String, List<String>> headers = new TreeMap<>(reply.raw().headers().map());
    headers.remove("date");
    String text = reply.raw().body();
    if (!replaceId.isEmpty()) text = text.replace(replaceId, "<id>");
    return reply.status() + " " + headers + "\n" + text.replace(replaceCollection.toString(), "<collection>");
  }

  @Test
  void statusOfAnotherAccountsRequest_sameAsAnUnknownStatus() {
    for (var account : accounts.entrySet()) {
      String unknown = UUID.randomUUID().toString();
      for (String method : List.of("GET", "HEAD")) {
        String a = normalized(raw(method, "/api1/status/" + adminStatus + "/", account.getValue(), TAXII), adminStatus, null);
        String b = normalized(raw(method, "/api1/status/" + unknown + "/", account.getValue(), TAXII), unknown, null);
        assertThat(a).as(account.getKey()).isEqualTo(b).startsWith("404");
      }
    }
    assertThat(get("/api1/status/" + adminStatus + "/", admin()).status()).as("an administrator reads every status").isEqualTo(200);
  }

  @Test
  void endpointsWithoutIds_unchangedWhenUnreadableCollectionsChange() throws InterruptedException {
    List<String> paths = new ArrayList<>(List.of("/taxii2/", "/api1/", "/api1/collections/"));
    for (UUID c : List.of(w, r, x)) {
      String base = "/api1/collections/" + c + "/";
      paths.addAll(List.of(base, base + "objects/", base + "manifest/", base + "objects/?match[type]=indicator"));
    }
    Map<String, String> before = snapshot(paths);
    String another = newId("indicator");
    post("/api1/collections/" + w + "/objects/", admin(), envelope(indicator(another, "2022-01-01T00:00:00.000Z")));
    post("/api1/collections/" + x + "/objects/", admin(), envelope(indicator(another, "2022-01-01T00:00:00.000Z"), malware(newId("malware"))));
    assertThat(delete("/api1/collections/" + x + "/objects/" + another + "/", admin()).status()).isEqualTo(200);
    assertThat(snapshot(paths)).isEqualTo(before);
  }

  @Test
  void postByWriteOnlyAccount_objectAlreadyInTheCollection_statusLikeANewObject() {
    String writer = accounts.get("writer of W");
    String fresh = newId("indicator");
    JsonNode dup = post("/api1/collections/" + w + "/objects/", writer, envelope(indicator(secret, "2021-01-01T00:00:00.000Z"))).json();
    JsonNode created = post("/api1/collections/" + w + "/objects/", writer, envelope(indicator(fresh, "2021-01-01T00:00:00.000Z"))).json();
    assertThat(statusShape(dup, secret)).isEqualTo(statusShape(created, fresh));
  }

  @Test
  void logRoutesByIndex_sameForEveryAccountAndNone() {
    JsonNode receipt = get("/log/receipt?collection=" + x + "&object=" + secret, admin()).json();
    long index = receipt.get("leaf_index").asLong();
    long size = index + 1;
    List<String> paths = List.of("/log/proof/inclusion?index=" + index + "&size=" + size, "/log/proof/consistency?first=" + index + "&second=" + size,
        "/log/tile/entries/" + String.format("%03d", index / 256) + ".p/" + (index % 256 + 1));
    for (String path : paths) {
      String none = normalized(raw("GET", path, null, null), "", null);
      assertThat(none).as(path).startsWith("200");
      for (String auth : accounts.values()) assertThat(normalized(raw("GET", path, auth, null), "", null)).as(path).isEqualTo(none);
    }
  }

  private static Map<String, String> snapshot(List<String> paths) {
    Map<String, String> out = new TreeMap<>();
    for (var account : accounts.entrySet()) {
      for (String path : paths) {
        out.put(account.getKey() + " " + path, normalized(raw("GET", path, account.getValue(), TAXII), "", null));
      }
    }
    return out;
  }

  /** Status line, headers but Date, and body, with the probed id, the collection and the error id replaced. */
  private static String normalized(RawReply reply, String id, UUID collection) {
    Map<String, List<String>> headers = new TreeMap<>(reply.headers());
    headers.remove("date");
    String body = new String(reply.body(), StandardCharsets.UTF_8).replaceAll("\"error_id\":\"[0-9a-f-]{36}\"", "\"error_id\":\"E\"");
    if (!id.isEmpty()) body = body.replace(id, "<id>");
    if (collection != null) body = body.replace(collection.toString(), "<collection>");
    return reply.status() + " " + headers + "\n" + body;
  }

  private static String statusShape(JsonNode status, String id) {
    return status.toString().replace(id, "<id>").replace(status.get("id").asText(), "<status>")
        .replace(status.get("request_timestamp").asText(), "<time>");
  }
}
