package dev.parley.node.detect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.node.DetectionConfig;
import dev.parley.node.Node;
import dev.parley.node.NodeConfig;
import dev.parley.stix.Json;
import dev.parley.store.collections.Collection;
import dev.parley.store.objects.NewObject;
import dev.parley.store.objects.ObjectQuery;
import dev.parley.store.objects.ObjectRow;
import dev.parley.store.objects.VersionFilter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12: "It can also follow files ({@code --telemetry-dir DIR}: every file that appears or grows,
 * by format from its name or header, resuming where it stopped after a restart)". A node of its own,
 * stopped and started again on the same data folder.
 */
class TelemetryFolderTest {
  private static final String T = "\t";
  private static final String IND = "indicator--6d1e5a0c-3c1b-4d2e-9f6a-1b2c3d4e5f60";

  @TempDir Path data;
  @TempDir Path folder;

  private Node start() {
    return Node.start(NodeConfig.defaults().withDataDir(data).withListen("127.0.0.1", 0),
        DetectionConfig.defaults().withTelemetryDir(folder));
  }

  private static void addIndicator(Node node) throws Exception {
    UUID c = UUID.randomUUID();
    node.stores().collections().create(new Collection(c, "api1", "indicators", null, null));
    String indicator = "{\"type\":\"indicator\",\"spec_version\":\"2.1\",\"id\":\"" + IND + "\",\"created\":\"2016-01-01T00:00:00.000Z\","
        + "\"modified\":\"2016-01-01T00:00:00.000Z\",\"pattern\":\"[ipv4-addr:value = '198.51.100.7']\",\"pattern_type\":\"stix\","
        + "\"valid_from\":\"2016-01-01T00:00:00Z\"}";
    node.stores().objects().add(c, List.of(NewObject.of((com.fasterxml.jackson.databind.node.ObjectNode) Json.mapper().readTree(indicator))));
    node.detection().indicators().awaitRefresh();
  }

  private static String conn(String ts, String uid, String resp) {
    return String.join(T, ts, uid, "192.168.4.76", "46378", resp, "80", "tcp", "http") + "\n";
  }

  private static final String HEADER = String.join("\n", "#separator \\x09", "#set_separator" + T + ",", "#empty_field" + T + "(empty)",
      "#unset_field" + T + "-", "#path" + T + "conn",
      String.join(T, "#fields", "ts", "uid", "id.orig_h", "id.orig_p", "id.resp_h", "id.resp_p", "proto", "service"),
      String.join(T, "#types", "time", "string", "addr", "port", "addr", "port", "enum", "string")) + "\n";

  private static List<Integer> counts(Node node) throws Exception {
    List<Integer> out = new ArrayList<>();
    for (ObjectRow row : node.stores().objects().page(new ObjectQuery(node.detection().sightingsCollection(), 0, null, 1000, List.of(),
        List.of("sighting"), VersionFilter.ALL, ObjectQuery.ANY_SPEC_VERSION, true)).rows()) {
      JsonNode s = Json.readTree(row.body());
      if (s.get("sighting_of_ref").asText().equals(IND)) out.add(s.get("count").asInt());
    }
    return out;
  }

  private static void append(Path file, String text) throws Exception {
    Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  @Test
  void folder_filesAppearAndGrow_eachNewWholeLineReadOnceAcrossARestart() throws Exception {
    Path conn = folder.resolve("conn.log");
    Path eve = folder.resolve("eve.json");
    try (Node node = start()) {
      addIndicator(node);
      TelemetryFolder follower = node.detection().folder();
      append(conn, HEADER + conn("1764496800.000000", "C1", "198.51.100.7") + conn("1764496801.000000", "C2", "192.0.2.1"));
      follower.awaitRound();
      assertThat(counts(node)).containsExactly(1);
      assertThat(follower.recordsRead()).isEqualTo(2);

      // grows: a whole line and half of one; only the whole line is read, and the Zeek header is read again before it
      String third = conn("1764496802.000000", "C3", "198.51.100.7");
      String fourth = conn("1764496803.000000", "C4", "198.51.100.7");
      append(conn, third + fourth.substring(0, 20));
      // a file that appears, its format told by its name
      append(eve, "{\"timestamp\":\"2025-11-30T10:00:00.000000+0000\",\"event_type\":\"flow\",\"src_ip\":\"10.0.0.1\",\"src_port\":1,"
          + "\"dest_ip\":\"198.51.100.7\",\"dest_port\":443,\"proto\":\"TCP\",\"flow\":{\"start\":\"2025-11-30T10:00:00.000000+0000\"}}\n");
      follower.awaitRound();
      assertThat(counts(node)).containsExactlyInAnyOrder(1, 1, 1);
      assertThat(follower.recordsRead()).isEqualTo(4);

      append(conn, fourth.substring(20));
      follower.awaitRound();
      assertThat(counts(node)).containsExactlyInAnyOrder(1, 1, 1, 1);
      assertThat(follower.recordsRead()).isEqualTo(5);
      assertThat(node.stores().detection().position(TelemetryFolder.key(conn)).orElseThrow().bytes()).isEqualTo(Files.size(conn));
    }

    // stopped, the file grew; started again: only what is new is read
    append(conn, conn("1764496805.000000", "C5", "198.51.100.7"));
    try (Node node = start()) {
      TelemetryFolder follower = node.detection().folder();
      follower.awaitRound();
      assertThat(follower.recordsRead()).isEqualTo(1);
      assertThat(counts(node)).containsExactlyInAnyOrder(1, 1, 1, 1, 1);
    }
  }

  @Test
  void folder_fileOfNoKnownFormat_skippedWithoutStoppingTheOthers() throws Exception {
    try (Node node = start()) {
      addIndicator(node);
      append(folder.resolve("notes.txt"), "hello\n");
      append(folder.resolve("dns.log"), HEADER + conn("1764496800.000000", "C1", "198.51.100.7"));
      node.detection().folder().awaitRound();
      assertThat(counts(node)).containsExactly(1);
    }
  }

  private static String hits(int from, int n) {
    StringBuilder s = new StringBuilder(HEADER);
    for (int i = from; i < from + n; i++) s.append(conn("17644968" + (10 + i) + ".000000", "C" + i, "198.51.100.7"));
    return s.toString();
  }

  private static int total(Node node) throws Exception {
    return counts(node).stream().mapToInt(Integer::intValue).sum();
  }

  /**
   * Rotations (found by an independent run): a file renamed in the folder is not read again; a new
   * file under the old name, longer than the old position, is read whole; a file truncated and written
   * again past its old position (copytruncate) is read from its start.
   */
  @Test
  void folder_rotations_eachRecordCountedOnce() throws Exception {
    try (Node node = start()) {
      addIndicator(node);
      TelemetryFolder follower = node.detection().folder();
      Path rot = folder.resolve("rot.log");
      append(rot, hits(0, 5));
      follower.awaitRound();
      append(rot, conn("1764496900.000000", "R1", "198.51.100.7"));
      follower.awaitRound();
      assertThat(total(node)).isEqualTo(6);
      Files.move(rot, folder.resolve("rot.log.1"));
      append(rot, hits(20, 4));
      follower.awaitRound();
      follower.awaitRound();
      assertThat(total(node)).as("renamed: not again; the new rot.log: whole").isEqualTo(10);

      Path moved = folder.resolve("moved.log");
      append(moved, hits(40, 2));
      follower.awaitRound();
      Files.move(moved, data.resolve("moved-away.log"));
      append(moved, hits(50, 7));
      follower.awaitRound();
      assertThat(total(node)).as("a new file longer than the old position").isEqualTo(19);

      Path trunc = folder.resolve("trunc.log");
      append(trunc, hits(60, 2));
      follower.awaitRound();
      Files.writeString(trunc, hits(70, 6), StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
      follower.awaitRound();
      assertThat(total(node)).as("copytruncate, written past the old position").isEqualTo(27);
    }
  }

  /**
   * A copy kept in the folder (copytruncate with its copy left beside) is the same records: the
   * folder is their source. A file written again whose first 4 KiB are the old ones is still told
   * by the bytes before its position (both found by an independent run).
   */
  @Test
  void folder_copiesAndLongSharedPrefixes_countedOnce() throws Exception {
    try (Node node = start()) {
      addIndicator(node);
      TelemetryFolder follower = node.detection().folder();
      Path ct = folder.resolve("ct.log");
      append(ct, hits(0, 7));
      follower.awaitRound();
      Files.copy(ct, folder.resolve("ct.log.1"));
      Files.writeString(ct, hits(10, 3), StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
      follower.awaitRound();
      follower.awaitRound();
      assertThat(total(node)).as("the copy's records are repeats").isEqualTo(10);

      StringBuilder shared = new StringBuilder(HEADER);
      for (int i = 0; i < 300; i++) shared.append(conn("1764497000.000000", "Q" + i, "192.0.2." + (1 + i % 200)));
      Path long1 = folder.resolve("long.log");
      append(long1, shared + hits(100, 4).substring(HEADER.length()));
      follower.awaitRound();
      Files.writeString(long1, shared + hits(200, 9).substring(HEADER.length()), StandardCharsets.UTF_8,
          StandardOpenOption.TRUNCATE_EXISTING);
      follower.awaitRound();
      assertThat(total(node)).as("written again after a shared prefix longer than 4 KiB").isEqualTo(23);

      // written again to exactly its old size: told when its time of modification moves (found in review)
      Path same = folder.resolve("same.log");
      append(same, hits(10, 3).replace("\tC1", "\tS1"));
      follower.awaitRound();
      assertThat(total(node)).isEqualTo(26);
      long size = Files.size(same);
      Files.writeString(same, hits(20, 3).replace("\tC2", "\tS2"), StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
      assertThat(Files.size(same)).isEqualTo(size);
      Files.setLastModifiedTime(same, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 5_000));
      follower.awaitRound();
      assertThat(total(node)).as("written again to the same size").isEqualTo(29);
      follower.awaitRound();
      assertThat(total(node)).as("and read once").isEqualTo(29);
    }
  }

  /** The first line tells the format before the name does: ECS in a file whose name holds "eve" (found by an independent run). */
  @Test
  void folder_formatByFirstLine_beforeTheName() throws Exception {
    try (Node node = start()) {
      addIndicator(node);
      append(folder.resolve("events.ndjson"), "{\"@timestamp\":\"2025-11-30T10:00:00.000Z\",\"source\":{\"ip\":\"10.0.0.1\"},"
          + "\"destination\":{\"ip\":\"198.51.100.7\"}}\n");
      append(folder.resolve("prevent-conn.log"), hits(0, 2));
      // Zeek JSON without _path: its log told by the file's name, though the folder is the records' source
      append(folder.resolve("conn.json.log"), "{\"ts\":1764496800.5,\"uid\":\"CJ1\",\"id.orig_h\":\"192.168.4.76\",\"id.orig_p\":1,"
          + "\"id.resp_h\":\"198.51.100.7\",\"id.resp_p\":80,\"proto\":\"tcp\"}\n");
      node.detection().folder().awaitRound();
      node.detection().folder().awaitRound();
      assertThat(total(node)).isEqualTo(4);
    }
  }
}
