package dev.parley.cli;

import static dev.parley.cli.TestCli.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class TokenCommandTest {

  private static String name() {
    return "acct-" + UUID.randomUUID().toString().substring(0, 8);
  }

  @Test
  void create_printsATokenThatAuthenticatesWithItsRights() {
    String c = newCollection();
    String name = name();
    Result r = run("token", "create", "--name", name, "--read", c);
    assertThat(r.code()).as(r.err()).isZero();
    String token = r.out().trim();
    assertThat(token).startsWith("parley_");
    var account = stores().accounts().authenticate(token).orElseThrow();
    String id = stores().collections().resolve(c).orElseThrow().id().toString();
    assertThat(account.canRead(id)).isTrue();
    assertThat(account.canWrite(id)).isFalse();
    assertThat(run("token", "list").out()).contains(name + "  " + id + ":r");
  }

  @Test
  void revoke_tokenStopsAuthenticating() {
    String name = name();
    String token = run("token", "create", "--name", name, "--write", newCollection()).out().trim();
    assertThat(stores().accounts().authenticate(token)).isPresent();
    Result r = run("token", "revoke", name);
    assertThat(r.code()).isZero();
    assertThat(stores().accounts().authenticate(token)).isEmpty();
    assertThat(run("token", "list").out()).doesNotContain(name);
  }

  @Test
  void revoke_unknownAccount_exits1() {
    assertThat(run("token", "revoke", name()).code()).isEqualTo(1);
  }

  @Test
  void create_takenName_exits1() {
    String name = name();
    assertThat(run("token", "create", "--name", name).code()).isZero();
    assertThat(run("token", "create", "--name", name).code()).isEqualTo(1);
  }

  @Test
  void create_unknownCollection_exits1() {
    assertThat(run("token", "create", "--name", name(), "--read", "no-such-collection").code()).isEqualTo(1);
  }

  @Test
  void create_withoutName_exits2() {
    assertThat(run("token", "create").code()).isEqualTo(2);
  }
}
