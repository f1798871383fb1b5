package dev.parley.cli;

import static dev.parley.cli.TestCli.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.store.objects.ObjectQuery;
import dev.parley.store.objects.VersionFilter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ImportCommandTest {

  private static String lines(int n, List<String> ids) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < n; i++) {
      String id = newId("indicator");
      ids.add(id);
      b.append(indicator(id, "2020-01-01T00:00:00.000Z")).append('\n');
    }
    return b.toString();
  }

  @Test
  void import_jsonLines_storesAllAndCounts() {
    String c = newCollection();
    List<String> ids = new ArrayList<>();
    var f = file("a.jsonl", lines(2500, ids));
    Result r = run("import", f.toString(), "--collection", c, "--quiet");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out().trim()).isEqualTo("stored 2500, duplicate 0, refused 0");
    var coll = stores().collections().resolve(c).orElseThrow();
    assertThat(stores().objects().count(coll.id())).isEqualTo(2500);
  }

  @Test
  void import_jsonLines_storedAsReceived() throws Exception {
    // a JSON Lines record is kept byte for byte: member order and a float's decimal text included
    String c = newCollection();
    String id = newId("indicator");
    String line = indicator(id, "2020-01-01T00:00:00.000Z").replace("{\"type\"", "{\"x_score\":1.50,\"type\"");
    Result r = run("import", file("exact.jsonl", line + "\n").toString(), "--collection", c, "--quiet");
    assertThat(r.code()).as(r.err()).isZero();
    var coll = stores().collections().resolve(c).orElseThrow();
    var page = stores().objects().page(new ObjectQuery(coll.id(), 0, null, 10, List.of(), List.of(),
        VersionFilter.ALL, List.of(), true));
    assertThat(new String(page.rows().get(0).body(), StandardCharsets.UTF_8)).isEqualTo(line);
  }

  /** A file that is not UTF-8 (Latin-1) is refused, named, exit 1, not stored with its bytes replaced (hostile run 12z). */
  @Test
  void import_latin1_refusedNamed() throws Exception {
    String c = newCollection();
    Path f = file("latin1.json", "");
    Files.write(f, ("{\"type\":\"indicator\",\"spec_version\":\"2.1\",\"id\":\"" + newId("indicator") + "\",\"created\":"
        + "\"2020-01-01T00:00:00.000Z\",\"modified\":\"2020-01-01T00:00:00.000Z\",\"pattern\":\"[domain-name:value = 'caf\u00e9.example']\","
        + "\"pattern_type\":\"stix\",\"valid_from\":\"2020-01-01T00:00:00Z\"}\n").getBytes(StandardCharsets.ISO_8859_1));
    Result r = run("import", f.toString(), "--collection", c, "--quiet");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("is not UTF-8 text").doesNotContain("Exception");
    assertThat(TestCli.runExactly("validate", f.toString()).err()).contains("is not UTF-8 text");
  }

  @Test
  void import_again_countsDuplicates() {
    String c = newCollection();
    var f = file("b.jsonl", lines(30, new ArrayList<>()));
    assertThat(run("import", f.toString(), "--collection", c, "--quiet").code()).isZero();
    Result again = run("import", f.toString(), "--collection", c, "--quiet");
    assertThat(again.code()).isZero();
    assertThat(again.out().trim()).isEqualTo("stored 0, duplicate 30, refused 0");
  }

  @Test
  void import_bundleWithInvalidAndConflicting_storesTheRestExits1() {
    String c = newCollection();
    String id = newId("indicator");
    String same = indicator(id, "2020-01-01T00:00:00.000Z");
    String conflict = same.replace("\"name\":\"x\"", "\"name\":\"y\"");
    String invalid = "{\"type\":\"indicator\",\"spec_version\":\"2.1\",\"id\":\"indicator--not-a-uuid\"}";
    String bundle = "{\"type\":\"bundle\",\"id\":\"bundle--" + UUID.randomUUID() + "\",\"objects\":["
        + same + "," + invalid + "," + indicator(newId("indicator"), "2020-01-01T00:00:00.000Z") + "," + conflict + "]}";
    Result r = run("import", file("c.json", bundle).toString(), "--collection", c, "--quiet");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out().trim()).isEqualTo("stored 2, duplicate 0, refused 2");
    assertThat(r.err()).contains("indicator--not-a-uuid").contains(id).contains("different object");
  }

  /** A release whose objects were corrected without a new modified, as MITRE ATT&CK releases are (17.0 then 17.1). */
  private static String release(List<String> ids, String name) {
    StringBuilder b = new StringBuilder();
    for (String id : ids) b.append(indicator(id, "2020-01-01T00:00:00.000Z").replace("\"name\":\"x\"", "\"name\":\"" + name + "\"")).append('\n');
    return b.toString();
  }

  @Test
  void import_correctedReleaseSameModified_keepRefusesWithLineAndRemedy() {
    String c = newCollection();
    List<String> ids = List.of(newId("indicator"), newId("indicator"));
    assertThat(run("import", file("r1.jsonl", release(ids, "v1")).toString(), "--collection", c, "--quiet").code()).isZero();
    Result r = run("import", file("r2.jsonl", release(ids, "v2")).toString(), "--collection", c, "--quiet");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out().trim()).isEqualTo("stored 0, duplicate 0, refused 2");
    assertThat(r.err()).contains("r2.jsonl:1: " + ids.get(0)).contains("r2.jsonl:2: " + ids.get(1)).contains("--on-conflict replace");
  }

  @Test
  void import_correctedReleaseSameModified_replaceLoadsIt() {
    String c = newCollection();
    List<String> ids = List.of(newId("indicator"), newId("indicator"));
    assertThat(run("import", file("s1.jsonl", release(ids, "v1")).toString(), "--collection", c, "--quiet").code()).isZero();
    Result r = run("import", file("s2.jsonl", release(ids, "v2")).toString(), "--collection", c, "--quiet", "--on-conflict", "replace");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out().trim()).isEqualTo("stored 0, duplicate 0, refused 0, replaced 2");
    var coll = stores().collections().resolve(c).orElseThrow();
    assertThat(stores().objects().count(coll.id())).isEqualTo(2);
  }

  @Test
  void import_releaseAnotherCollectionHoldsCorrected_storedInAnEmptyCollection() {
    List<String> ids = List.of(newId("indicator"), newId("indicator"));
    assertThat(run("import", file("t1.jsonl", release(ids, "v1")).toString(), "--collection", newCollection(), "--quiet").code()).isZero();
    Result r = run("import", file("t2.jsonl", release(ids, "v2")).toString(), "--collection", newCollection(), "--quiet");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out().trim()).isEqualTo("stored 2, duplicate 0, refused 0");
  }

  @Test
  void import_onConflictUnknownValue_exits2() {
    assertThat(run("import", "x.json", "--collection", newCollection(), "--on-conflict", "overwrite").code()).isEqualTo(2);
  }

  @Test
  void import_malformedLine_refusedOthersStored() {
    String c = newCollection();
    String text = indicator(newId("indicator"), "2020-01-01T00:00:00.000Z") + "\n{not json\n"
        + indicator(newId("indicator"), "2020-01-01T00:00:00.000Z") + "\n";
    Result r = run("import", file("d.jsonl", text).toString(), "--collection", c, "--quiet");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out().trim()).isEqualTo("stored 2, duplicate 0, refused 1");
  }

  @Test
  void import_jsonLinesExponentOverflow_lineRefusedOthersStored() {
    // regression: the NumberFormatException of 1e2147483648 ended the import with a raw Jackson message, storing nothing
    String c = newCollection();
    String bad = indicator(newId("indicator"), "2020-01-01T00:00:00.000Z").replace("\"name\":\"x\"", "\"name\":\"x\",\"x_score\":1e2147483648");
    String text = indicator(newId("indicator"), "2020-01-01T00:00:00.000Z") + "\n" + bad + "\n"
        + indicator(newId("indicator"), "2020-01-01T00:00:00.000Z") + "\n";
    Result r = run("import", file("overflow.jsonl", text).toString(), "--collection", c, "--quiet");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out().trim()).isEqualTo("stored 2, duplicate 0, refused 1");
    assertThat(r.err()).contains("overflow.jsonl:2:").contains("json-syntax").contains("out of range");
  }

  @Test
  void import_missingFile_exits1() {
    Result r = run("import", dataDir().resolve("nope.json").toString(), "--collection", newCollection());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("cannot read").contains("no such file");
  }

  @Test
  void import_emptyFile_exits1AndSaysSo() {
    Result r = run("import", file("empty.jsonl", " \n").toString(), "--collection", newCollection(), "--quiet");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("empty input");
  }

  @Test
  void import_unknownCollection_exits1() {
    Result r = run("import", file("e.jsonl", lines(1, new ArrayList<>())).toString(), "--collection", "no-such-collection");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("no collection");
  }

  @Test
  void import_withoutCollection_exits2() {
    assertThat(run("import", "x.json").code()).isEqualTo(2);
  }
}
