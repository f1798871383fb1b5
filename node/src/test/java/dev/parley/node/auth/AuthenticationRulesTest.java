package dev.parley.node.auth;

import static dev.parley.node.TestNode.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.store.accounts.Right;
import java.net.http.HttpRequest;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * One rule on every authenticated route (TAXII 2.1 §1.6.9, RFC 9110 §11.6.1): no credential or a
 * refused one is 401 with a challenge for both schemes; a valid credential without the right is 403
 * where the account may see the collection, and 404 where it may not, as if it did not exist.
 */
class AuthenticationRulesTest {
  private final UUID c = newCollection();
  private final String object = newId("indicator");
  private final String base = "/api1/collections/" + c + "/";

  private List<String[]> routes() {
    return List.of(new String[] {"GET", "/taxii2/"}, new String[] {"GET", "/api1/"}, new String[] {"GET", "/api1/status/" + UUID.randomUUID() + "/"},
        new String[] {"GET", "/api1/collections/"}, new String[] {"GET", base}, new String[] {"GET", base + "manifest/"},
        new String[] {"GET", base + "objects/"}, new String[] {"POST", base + "objects/"}, new String[] {"GET", base + "objects/" + object + "/"},
        new String[] {"DELETE", base + "objects/" + object + "/"}, new String[] {"GET", base + "objects/" + object + "/versions/"},
        new String[] {"GET", "/log/receipt?collection=" + c + "&object=" + object});
  }

  private static Reply call(String method, String path, String auth) {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).header("Accept", TAXII).header("Content-Type", TAXII);
    if (auth != null) b.header("Authorization", auth);
    b.method(method, method.equals("POST") ? HttpRequest.BodyPublishers.ofString(envelope(malware(newId("malware"))))
        : HttpRequest.BodyPublishers.noBody());
    return send(b);
  }

  @Test
  void everyRoute_noOrRefusedCredential_401WithChallenge() {
    String known = account(Map.of(c.toString(), new Right(true, true)));
    String name = new String(Base64.getDecoder().decode(known.substring(6))).split(":")[0];
    for (String[] route : routes()) {
      for (String auth : new String[] {null, "Bearer parley_wrong", basic(name, "parley_wrong"), "Digest x", "Basic !!!", ""}) {
        Reply r = call(route[0], route[1], auth);
        assertThat(r.status()).as("%s %s with %s", route[0], route[1], auth).isEqualTo(401);
        assertThat(r.header("WWW-Authenticate")).as("%s %s", route[0], route[1]).startsWith("Basic realm=\"parley\", charset=\"UTF-8\", Bearer");
      }
    }
  }

  @Test
  void everyCollectionRoute_validCredentialWithoutTheRight_403IfVisible404Otherwise() {
    post(base + "objects/", admin(), envelope(indicator(object, "2020-01-01T00:00:00.000Z")));
    String writer = account(Map.of(c.toString(), new Right(false, true)));
    String reader = account(Map.of(c.toString(), new Right(true, false)));
    String stranger = account(Map.of(UUID.randomUUID().toString(), new Right(true, true)));
    for (String[] route : routes()) {
      boolean collectionRoute = route[1].startsWith(base) || route[1].startsWith("/log/receipt");
      if (!collectionRoute) {
        assertThat(call(route[0], route[1], stranger).status()).as("%s %s", route[0], route[1]).isIn(200, 404);
        continue;
      }
      boolean reads = route[0].equals("GET");
      boolean resourceItself = route[1].equals(base);
      assertThat(call(route[0], route[1], stranger).status()).as("stranger %s %s", route[0], route[1]).isEqualTo(404);
      int writerExpected = resourceItself || route[0].equals("POST") ? (route[0].equals("POST") ? 202 : 200) : 403;
      assertThat(call(route[0], route[1], writer).status()).as("writer %s %s", route[0], route[1]).isEqualTo(writerExpected);
      if (!reads) assertThat(call(route[0], route[1], reader).status()).as("reader %s %s", route[0], route[1]).isEqualTo(403);
    }
  }
}
