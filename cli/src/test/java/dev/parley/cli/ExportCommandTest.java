package dev.parley.cli;

import static dev.parley.cli.TestCli.*;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.stix.Json;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExportCommandTest {

  private static List<String> imported(String collection, int n) {
    List<String> ids = new ArrayList<>();
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < n; i++) {
      String id = newId("indicator");
      ids.add(id);
      b.append(indicator(id, "2021-05-01T00:00:00.000Z")).append('\n');
    }
    assertThat(run("import", file(collection + ".jsonl", b.toString()).toString(), "--collection", collection, "--quiet").code()).isZero();
    return ids;
  }

  @Test
  void export_bundle_holdsEveryObjectInOrder() throws Exception {
    String c = newCollection();
    List<String> ids = imported(c, 1500); // more than one page of the store
    Result r = run("export", "--collection", c);
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode bundle = Json.mapper().readTree(r.out());
    assertThat(bundle.get("type").asText()).isEqualTo("bundle");
    List<String> exported = new ArrayList<>();
    bundle.get("objects").forEach(o -> exported.add(o.get("id").asText()));
    assertThat(exported).isEqualTo(ids);
  }

  @Test
  void export_jsonl_oneObjectALineThatImportsAgain() {
    String c = newCollection();
    imported(c, 20);
    Result r = run("export", "--collection", c, "--format", "jsonl");
    assertThat(r.code()).isZero();
    assertThat(r.out().lines()).hasSize(20);
    String copy = newCollection();
    Result back = run("import", file("copy.jsonl", r.out()).toString(), "--collection", copy, "--quiet");
    assertThat(back.out().trim()).isEqualTo("stored 20, duplicate 0, refused 0");
  }

  @Test
  void export_addedAfterTheLastObject_isEmpty() {
    String c = newCollection();
    imported(c, 3);
    Result r = run("export", "--collection", c, "--format", "jsonl", "--added-after", "2999-01-01T00:00:00Z");
    assertThat(r.code()).isZero();
    assertThat(r.out()).isEmpty();
  }

  @Test
  void export_badAddedAfter_exits2() {
    assertThat(run("export", "--collection", newCollection(), "--added-after", "yesterday").code()).isEqualTo(2);
  }

  @Test
  void export_unknownCollection_exits1() {
    assertThat(run("export", "--collection", "no-such-collection").code()).isEqualTo(1);
  }
}
