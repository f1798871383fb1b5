package dev.parley.node.auth;

import static dev.parley.node.TestNode.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.store.Database;
import dev.parley.store.accounts.AccountStore;
import dev.parley.store.accounts.Right;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The account cache: a revoke takes effect on the next request, also when another process makes it. */
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
  void authenticate_revokedByAnotherProcess_rejectedOnceItsCommitIsHeard() throws Exception {
    // another process: its own database handle and store on the same database
    var mine = get().stores().accounts();
    Authenticator auth = new Authenticator(mine);
    String name = "e" + UUID.randomUUID().toString().substring(0, 8);
    String token = mine.create(name, false, Map.of());
    assertThat(auth.authenticate("Bearer " + token)).isPresent(); // cached now
    for (int i = 0; i < 100 && !mine.hearsOthers(); i++) Thread.sleep(50);
    assertThat(mine.hearsOthers()).as("the node listens for account changes").isTrue();
    long before = mine.changes();
    try (var otherDb = Database.external(embeddedUrl())) {
      new AccountStore(otherDb).revoke(name);
    }
    // the NOTIFY of the revoke's transaction reaches this store: no two-second expiry is waited for
    for (int i = 0; i < 100 && mine.changes() == before; i++) Thread.sleep(50);
    assertThat(mine.changes()).as("the other process's revoke was heard").isGreaterThan(before);
    assertThat(auth.authenticate("Bearer " + token)).isEmpty();
  }

  /** The node's embedded database, with the password that the node's user may read next to it. */
  private static String embeddedUrl() throws IOException {
    var data = get().config().dataDir();
    var lines = Files.readAllLines(data.resolve("postgres/postmaster.pid"));
    return "jdbc:postgresql://127.0.0.1:" + lines.get(3).trim() + "/postgres?user=postgres&password="
        + Files.readString(data.resolve("postgres.password")).strip();
  }
}
