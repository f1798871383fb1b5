package dev.parley.cli;

import static dev.parley.cli.TestCli.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class CollectionCommandTest {

  @Test
  void create_withId_printsItAndListShowsIt() {
    UUID id = UUID.randomUUID();
    Result r = run("collection", "create", "--title", "Shared indicators", "--id", id.toString(), "--alias", "s" + id.toString().substring(0, 6));
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out().trim()).isEqualTo(id.toString());
    Result list = run("collection", "list");
    assertThat(list.code()).isZero();
    assertThat(list.out()).contains(id + "  api1  s" + id.toString().substring(0, 6) + "  Shared indicators");
  }

  @Test
  void create_takenAlias_exits1() {
    String alias = newCollection();
    Result r = run("collection", "create", "--title", "again", "--alias", alias);
    assertThat(r.code()).isEqualTo(1);
  }

  @Test
  void create_idNotAUuid_exits2() {
    assertThat(run("collection", "create", "--title", "t", "--id", "nope").code()).isEqualTo(2);
  }

  @Test
  void create_withoutTitle_exits2() {
    assertThat(run("collection", "create").code()).isEqualTo(2);
  }
}
