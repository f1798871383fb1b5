package dev.parley.node.auth;

import static dev.parley.node.TestNode.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.store.accounts.Right;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The account cache: a revoke through the node's own store takes effect on the next request. */
class AuthenticatorTest {

  @Test
  void revoke_throughTheNodesStore_nextRequest401() {
    UUID c = newCollection();
    String name = "r" + UUID.randomUUID().toString().substring(0, 8);
    String token = get().stores().accounts().create(name, false, Map.of(c.toString(), new Right(true, false)));
    String path = "/api1/collections/" + c + "/objects/";
    assertThat(get(path, basic(name, token)).status()).isEqualTo(200); // now cached for two seconds

    get().stores().accounts().revoke(name);

    assertThat(get(path, basic(name, token)).status()).isEqualTo(401);
    assertThat(get(path, "Bearer " + token).status()).isEqualTo(401);
  }

  @Test
  void authenticate_revokedElsewhere_401WithinTwoSeconds() throws Exception {
    // another process revokes with its own store: this node sees it when its cache entry expires
    Authenticator auth = new Authenticator(get().stores().accounts());
    String name = "e" + UUID.randomUUID().toString().substring(0, 8);
    String token = get().stores().accounts().create(name, false, Map.of());
    assertThat(auth.authenticate("Bearer " + token)).isPresent();
    var elsewhere = new dev.parley.store.accounts.AccountStore(get().stores().db());
    elsewhere.revoke(name);
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (auth.authenticate("Bearer " + token).isPresent()) {
      assertThat(System.nanoTime()).as("still accepted after 5 s").isLessThan(deadline);
      Thread.sleep(100);
    }
  }
}
