package dev.parley.cli;

import static dev.parley.cli.TestCli.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.stix.Json;
import java.util.HashMap;
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

  /** Issue 12: "accounts need the right given by parley token create --telemetry". */
  @Test
  void create_telemetry_givesOnlyTheTelemetryRight() {
    String name = name();
    Result r = run("token", "create", "--name", name, "--telemetry");
    assertThat(r.code()).as(r.err()).isZero();
    var account = stores().accounts().authenticate(r.out().trim()).orElseThrow();
    assertThat(account.canPostTelemetry()).isTrue();
    assertThat(account.admin()).isFalse();
    assertThat(account.rights()).isEmpty();
    assertThat(run("token", "list").out()).contains(name + "  telemetry");
    String other = name();
    Result plain = run("token", "create", "--name", other);
    assertThat(stores().accounts().authenticate(plain.out().trim()).orElseThrow().canPostTelemetry()).isFalse();
  }

  /** Regression: the list showed bare collection ids; now each comes with its alias or title. */
  @Test
  void list_showsAliasOrTitleBesideEachCollectionId() throws Exception {
    String alias = newCollection();
    String id = stores().collections().resolve(alias).orElseThrow().id().toString();
    UUID untitled = UUID.randomUUID();
    assertThat(run("collection", "create", "--title", "No alias here", "--id", untitled.toString()).code()).isZero();
    String name = name();
    assertThat(run("token", "create", "--name", name, "--read", alias + "," + untitled, "--write", alias).code()).isZero();

    String line = run("token", "list").out().lines().filter(l -> l.startsWith(name + "  ")).findFirst().orElseThrow();
    assertThat(line).contains(id + ":rw (" + alias + ")").contains(untitled + ":r (\"No alias here\")");

    Result json = run("token", "list", "--format", "json");
    assertThat(json.code()).isZero();
    com.fasterxml.jackson.databind.JsonNode account = null;
    for (var a : Json.mapper().readTree(json.out())) if (a.path("name").asText().equals(name)) account = a;
    assertThat(account).isNotNull();
    assertThat(account.path("admin").asBoolean()).isFalse();
    var rights = new HashMap<String, com.fasterxml.jackson.databind.JsonNode>();
    account.path("rights").forEach(r -> rights.put(r.path("collection").asText(), r));
    assertThat(rights.get(id).path("alias").asText()).isEqualTo(alias);
    assertThat(rights.get(id).path("write").asBoolean()).isTrue();
    assertThat(rights.get(untitled.toString()).path("alias").isNull()).isTrue();
    assertThat(rights.get(untitled.toString()).path("title").asText()).isEqualTo("No alias here");
    assertThat(rights.get(untitled.toString()).path("write").asBoolean()).isFalse();
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
