package dev.parley.node.detect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.detect.telemetry.TelemetryFormat;
import dev.parley.ingest.Ingest;
import dev.parley.ingest.detect.TelemetryDetection;
import dev.parley.node.DetectionConfig;
import dev.parley.node.Node;
import dev.parley.node.NodeConfig;
import dev.parley.policy.Tlp;
import dev.parley.stix.Json;
import dev.parley.store.collections.Collection;
import dev.parley.store.detect.DetectionStore;
import dev.parley.store.objects.NewObject;
import dev.parley.store.objects.ObjectQuery;
import dev.parley.store.objects.ObjectRow;
import dev.parley.store.objects.VersionFilter;
import java.io.ByteArrayOutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.event.Level;

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

  /**
   * The followed folder's telemetry is marked with {@code serve --telemetry-tlp} (default amber), as a
   * request's with {@code tlp=}: a sighting of an unmarked indicator carries it (hostile run 12ah: the
   * folder's sightings were always TLP:AMBER, undocumented and unchangeable).
   */
  @Test
  void folder_telemetryTlp_marksItsSightings() throws Exception {
    try (Node node = Node.start(NodeConfig.defaults().withDataDir(data).withListen("127.0.0.1", 0),
        DetectionConfig.defaults().withTelemetryDir(folder).withTelemetryTlp(Tlp.GREEN))) {
      addIndicator(node);
      append(folder.resolve("conn.log"), HEADER + conn("1764496800.000000", "C1", "198.51.100.7"));
      node.detection().folder().awaitRound();
      assertThat(counts(node)).containsExactly(1);
      for (ObjectRow row : node.stores().objects().page(new ObjectQuery(node.detection().sightingsCollection(), 0, null, 1000, List.of(),
          List.of("sighting"), VersionFilter.ALL, ObjectQuery.ANY_SPEC_VERSION, true)).rows()) {
        assertThat(Json.readTree(row.body()).get("object_marking_refs").get(0).asText()).isEqualTo(Tlp.GREEN.tlp2Id());
      }
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

  /**
   * A file whose format only its first line tells, after a UTF-8 byte order mark and a blank line, is
   * followed (hostile run 12o: it was "not telemetry" for good, its hits lost, though every reader
   * reads such lines).
   */
  @Test
  void folder_firstLineAfterABomAndABlankLine_tellsTheFormat() throws Exception {
    try (Node node = start()) {
      addIndicator(node);
      String flow = "{\"timestamp\":\"2025-11-30T10:00:00.000000+0000\",\"event_type\":\"flow\",\"src_ip\":\"10.0.0.1\",\"src_port\":1,"
          + "\"dest_ip\":\"198.51.100.7\",\"dest_port\":443,\"proto\":\"TCP\",\"flow\":{\"start\":\"2025-11-30T10:00:00.000000+0000\"}}\n";
      Path sensor = folder.resolve("sensor-output");
      Files.write(sensor, ("\uFEFF\n  \n" + flow).getBytes(StandardCharsets.UTF_8));
      node.detection().folder().awaitRound();
      assertThat(counts(node)).containsExactly(1);
    }
  }

  /** A follower of the folder that looks every 2 s, so that a test acts between two looks. */
  private TelemetryFolder followSlowly(Node node, RecordingLog log) throws Exception {
    return TelemetryFolder.start(node.stores(), node.detection(), folder, Duration.ofSeconds(2), log);
  }

  /** {@code n} conn records of hits, a second apart from {@code second}, their uids {@code uid} and 1, 2, ... */
  private static String lines(long second, String uid, int n) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < n; i++) s.append(conn((second + i) + ".000000", uid + (i + 1), "198.51.100.7"));
    return s.toString();
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
   * Hostile run 12v: files rotated while the folder looks at them (renamed, the writer going on in the
   * renamed file through its open handle, a new file under the name) lost whole rotated files: a
   * handle opened by the name read the new file under the old file's identity. Twelve rotations at
   * random moments against looks every 50 ms: every record counted once, and no file said written
   * again or unreadable.
   */
  @Test
  void folder_rotatedWhileLookedAt_everyRotatedFileReadWhole() throws Exception {
    RecordingLog log = new RecordingLog();
    try (Node node = startWithoutFolder(); TelemetryFolder follower = follow(node, folder, log)) {
      addIndicator(node);
      Path live = folder.resolve("spin.log");
      Random random = new Random(12);
      int written = 0;
      for (int round = 0; round < 12; round++) {
        try (Writer w = Files.newBufferedWriter(live, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
          w.write(HEADER);
          for (int i = 0; i < 40; i++, written++) w.write(conn((1764496800L + written) + ".000000", "S" + written, "198.51.100.7"));
          w.flush();
          Thread.sleep(random.nextInt(80));
          Files.move(live, folder.resolve("spin.log." + round));
          for (int i = 0; i < 10; i++, written++) w.write(conn((1764496800L + written) + ".000000", "S" + written, "198.51.100.7"));
        }
      }
      follower.awaitRound();
      follower.awaitRound();
      assertThat(total(node)).isEqualTo(written);
      assertThat(log.lines(org.slf4j.event.Level.INFO, "written again")).isEmpty();
      assertThat(log.lines(org.slf4j.event.Level.WARN, "cannot read")).isEmpty();
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
      Files.setLastModifiedTime(same, FileTime.fromMillis(System.currentTimeMillis() + 5_000));
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

  /**
   * A file whose name tells no format and whose first line is still being written is judged once
   * the line is whole: no warning that it is not telemetry (a hostile run saw one, then the file
   * followed a moment later), and its record counted. A subfolder is not followed, and said once.
   */
  @Test
  void folder_firstLineHalfWrittenAndSubfolder_judgedWhenWhole_subfolderSaidOnce() throws Exception {
    RecordingLog log = new RecordingLog();
    try (Node node = startWithoutFolder(); TelemetryFolder follower = follow(node, folder, log)) {
      addIndicator(node);
      Path file = folder.resolve("sensor-7");
      append(file, "{\"@timestamp\":\"2025-11-30T10:00:00.000Z\",\"source\":{\"ip\":\"10.0.0.1\"},");
      follower.awaitRound();
      follower.awaitRound();
      append(file, "\"destination\":{\"ip\":\"198.51.100.7\"}}\n");
      follower.awaitRound();
      follower.awaitRound();
      assertThat(total(node)).isEqualTo(1);
      assertThat(log.lines(Level.WARN, "sensor-7")).isEmpty();
      append(folder.resolve("notes"), "not telemetry\n");
      follower.awaitRound();
      follower.awaitRound();
      assertThat(log.lines(Level.WARN, "notes")).hasSize(1);
      Files.createDirectories(folder.resolve("2025-11-30"));
      follower.awaitRound();
      follower.awaitRound();
      assertThat(log.lines(Level.INFO, "2025-11-30")).singleElement().asString().contains("is a folder: not followed");
    }
  }

  /** A node that follows no folder: a test starts its follower, with a log it can read. */
  private Node startWithoutFolder() {
    return Node.start(NodeConfig.defaults().withDataDir(data).withListen("127.0.0.1", 0), DetectionConfig.defaults());
  }

  private static TelemetryFolder follow(Node node, Path folder, RecordingLog log) {
    return TelemetryFolder.start(node.stores(), node.detection(), folder, Duration.ofMillis(50), log);
  }

  /** A Zeek header block of 8 lines, tab-separated, for {@code path} with these fields. */
  private static String block(String path, String... fields) {
    return String.join("\n", "#separator \\x09", "#set_separator" + T + ",", "#empty_field" + T + "(empty)",
        "#unset_field" + T + "-", "#path" + T + path, "#open" + T + "2025-11-30-10-00-00",
        "#fields" + T + String.join(T, fields), "#types" + T + "time") + "\n";
  }

  private static final String DNS = block("dns", "ts", "uid", "id.orig_h", "id.orig_p", "id.resp_h", "id.resp_p", "proto", "query");
  private static final String HTTP = block("http", "ts", "uid", "id.orig_h", "id.orig_p", "id.resp_h", "id.resp_p", "method", "host", "uri");

  private static String dns(int i, String resp) {
    return String.join(T, "17644968" + (10 + i) + ".000000", "D" + i, "192.168.4.76", "5353", resp, "53", "udp", "q" + i + ".example") + "\n";
  }

  private static String http(int i, String resp) {
    return String.join(T, "17644969" + (10 + i) + ".000000", "H" + i, "192.168.4.76", "40000", resp, "80", "GET", "h.example",
        "/" + i) + "\n";
  }

  /**
   * A hostile run: a Zeek TSV file with a dns block and its lines, then an http block and its lines,
   * written at once and read in one look, was resumed with the dns block, its first (the http lines
   * after it wrong columns, or dropped as malformed with line numbers 8 too high, the dns block's
   * lines counted twice). The header in force where a look stops is kept with the position.
   */
  @Test
  void folder_zeekFileWithTwoHeaderBlocks_resumedWithTheLaterBlockAndTrueLineNumbers() throws Exception {
    Path mixed = folder.resolve("mixed.log");
    RecordingLog log = new RecordingLog();
    try (Node node = startWithoutFolder(); TelemetryFolder follower = follow(node, folder, log)) {
      addIndicator(node);
      // lines 1-8 dns block, 9-10 dns, 11-18 http block, 19-20 http
      append(mixed, DNS + dns(0, "198.51.100.7") + dns(1, "192.0.2.1") + HTTP + http(0, "198.51.100.7") + http(1, "192.0.2.1"));
      follower.awaitRound();
      assertThat(total(node)).isEqualTo(2);
      append(mixed, http(2, "198.51.100.7")); // line 21, the next look of the same node
      follower.awaitRound();
      assertThat(total(node)).as("the next look, split by the http block").isEqualTo(3);
    }

    append(mixed, http(3, "198.51.100.7") + "x" + T + "y\n" + http(4, "198.51.100.7")); // lines 22, 23 (malformed) and 24
    try (Node node = startWithoutFolder(); TelemetryFolder follower = follow(node, folder, log)) {
      follower.awaitRound();
      assertThat(follower.recordsRead()).isEqualTo(2);
      assertThat(total(node)).as("after a restart, split by the http block").isEqualTo(5);
      assertThat(log.lines(Level.WARN, "mixed.log")).containsExactly("WARN " + mixed + ":23: 2 fields where the header names 9");
      DetectionStore.Position at = node.stores().detection().position(TelemetryFolder.key(mixed)).orElseThrow();
      assertThat(at.lines()).isEqualTo(24);
      assertThat(at.header()).contains("#path" + T + "http\n");
    }
  }

  /**
   * A position saved before the header was kept with it (V60) has none: the header in force there is
   * found from the file's {@code #} lines before it, once, not taken from its first block.
   */
  @Test
  void folder_positionSavedWithoutItsHeader_headerFoundFromTheFile() throws Exception {
    Path mixed = folder.resolve("older.log");
    append(mixed, DNS + dns(0, "192.0.2.1") + HTTP + http(0, "192.0.2.1"));
    RecordingLog log = new RecordingLog();
    try (Node node = startWithoutFolder()) {
      addIndicator(node);
      node.stores().detection().savePosition(TelemetryFolder.key(mixed), new DetectionStore.Position(Files.size(mixed), 18));
      append(mixed, http(1, "198.51.100.7") + "x\n");
      try (TelemetryFolder follower = follow(node, folder, log)) {
        follower.awaitRound();
        assertThat(total(node)).isEqualTo(1);
        assertThat(log.lines(Level.WARN, "older.log"))
            .containsExactly("WARN " + mixed + ":20: no separator \\x09 (the header's #separator) in the line, where the header names 9 fields");
        assertThat(node.stores().detection().position(TelemetryFolder.key(mixed)).orElseThrow().header()).contains("#path" + T + "http\n");
      }
    }
  }

  private static byte[] gzip(byte[] bytes) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream z = new GZIPOutputStream(out)) {
      z.write(bytes);
    }
    return out.toByteArray();
  }

  /**
   * A hostile run: a rotated {@code conn.log.gz} in the followed folder was read as Zeek TSV, a WARN
   * per line of garbage (64 for 18 KB), again as it grew. A compressed file is not followed, said
   * once at INFO.
   */
  @Test
  void folder_compressedFiles_notFollowedSaidOnce() throws Exception {
    Random random = new Random(7);
    byte[] noise = new byte[18_000];
    random.nextBytes(noise);
    RecordingLog log = new RecordingLog();
    try (Node node = startWithoutFolder(); TelemetryFolder follower = follow(node, folder, log)) {
      addIndicator(node);
      Path gz = folder.resolve("conn.log.gz");
      Files.write(gz, gzip((HEADER + conn("1764496800.000000", "Z1", "198.51.100.7")).getBytes(StandardCharsets.UTF_8)));
      Files.write(gz, noise, StandardOpenOption.APPEND); // compressed data holds newlines: lines of garbage
      byte[] xz = new byte[4096];
      random.nextBytes(xz);
      System.arraycopy(new byte[] {(byte) 0xfd, '7', 'z', 'X', 'Z', 0}, 0, xz, 0, 6);
      Files.write(folder.resolve("dns.log.1"), xz);
      append(folder.resolve("conn.log"), HEADER + conn("1764496801.000000", "Z2", "198.51.100.7"));
      follower.awaitRound();
      Files.write(gz, noise, StandardOpenOption.APPEND);
      follower.awaitRound();
      assertThat(follower.recordsRead()).isEqualTo(1);
      assertThat(total(node)).isEqualTo(1);
      assertThat(log.lines(Level.INFO, "conn.log.gz")).containsExactly("INFO " + gz + ": gzip compressed (a rotated log?), not text telemetry; not followed");
      assertThat(log.lines(Level.INFO, "dns.log.1")).hasSize(1).allMatch(l -> l.contains(": xz compressed"));
      assertThat(log.lines(Level.WARN, "")).isEmpty();
    }
  }

  /**
   * A followed file truncated, written again and gzip-rotated within one look: the compressed file
   * does not hold the file's text where it was read, so it is not read, and what the node never saw
   * is said at WARN, naming the file that left (hostile run 12ba D6: lost in silence, an INFO line
   * like any archive's).
   */
  @Test
  void folder_writtenAgainThenCompressedWithinOneLook_saidAtWarn() throws Exception {
    RecordingLog log = new RecordingLog();
    try (Node node = startWithoutFolder(); TelemetryFolder follower = follow(node, folder, log)) {
      addIndicator(node);
      Path conn = folder.resolve("conn.log");
      append(conn, hits(0, 200));
      follower.awaitRound();
      assertThat(total(node)).isEqualTo(200);
      Path hidden = folder.resolve(".conn.log.1.gz.tmp");
      Files.write(hidden, gzip(hits(900, 5).getBytes(StandardCharsets.UTF_8)));
      Files.delete(conn);
      Files.move(hidden, folder.resolve("conn.log.1.gz"));
      follower.awaitRound();
      follower.awaitRound();
      assertThat(total(node)).isEqualTo(200);
      assertThat(log.lines(Level.WARN, "conn.log.1.gz")).singleElement().asString()
          .startsWith("WARN " + folder.resolve("conn.log.1.gz") + ": gzip data that holds none of the files that left the folder (" + conn + ")")
          .endsWith("what was written after the last look is not read");
    }
  }

  /**
   * logrotate without {@code delaycompress} renames {@code conn.log} and compresses it to
   * {@code conn.log.1.gz} at once: the lines written since the last look are only in the compressed
   * file (an independent run lost them). The compressed rotation of a followed file is read from where
   * that file was read up to, its malformed lines named by their line in the file; a compressed file
   * that is no followed file, or one renamed again, is not read.
   */
  @Test
  void folder_renamedAndCompressedAtOnce_theUnreadLinesReadFromTheRotation() throws Exception {
    RecordingLog log = new RecordingLog();
    try (Node node = startWithoutFolder(); TelemetryFolder follower = follow(node, folder, log)) {
      addIndicator(node);
      Path conn = folder.resolve("conn.log");
      String first = hits(0, 200); // past 8 KiB: the digest of the first and of the last 4 KiB read
      append(conn, first);
      follower.awaitRound();
      assertThat(total(node)).isEqualTo(200);
      StringBuilder tail = new StringBuilder();
      for (int i = 300; i < 303; i++) tail.append(conn("17644969" + i + ".000000", "C" + i, "198.51.100.7"));
      tail.append("x\n");
      // written, then compressed beside under a name the follower skips, the original deleted, the copy named
      byte[] whole = (first + tail).getBytes(StandardCharsets.UTF_8);
      Path hidden = folder.resolve(".conn.log.1.gz.tmp");
      Files.write(hidden, gzip(whole));
      Files.delete(conn);
      Files.move(hidden, folder.resolve("conn.log.1.gz"));
      // a compressed file of other text that appears in the same look is none of them: not read
      Files.write(folder.resolve("dns.log.1.gz"), gzip((HEADER + conn("1764496999.000000", "D1", "198.51.100.7")).getBytes(StandardCharsets.UTF_8)));
      follower.awaitRound();
      assertThat(total(node)).as("the three lines written before the rotation, once: " + log.lines(Level.INFO, "") + log.lines(Level.WARN, "")).isEqualTo(203);
      long lineOfX = first.lines().count() + 4;
      assertThat(log.lines(Level.WARN, "conn.log")).singleElement().asString()
          .startsWith("WARN " + folder.resolve("conn.log.1.gz") + " (" + conn + " compressed):" + lineOfX + ": ");
      assertThat(log.lines(Level.INFO, "dns.log.1.gz")).singleElement().asString().contains("not followed");

      // renamed again at the next rotation: the same file, not read again, and not said again either (hostile run be D4:
      // each logrotate shift of a rotation already read drew a WARN that text may be lost)
      Files.move(folder.resolve("conn.log.1.gz"), folder.resolve("conn.log.2.gz"));
      Files.move(folder.resolve("dns.log.1.gz"), folder.resolve("dns.log.2.gz"));
      follower.awaitRound();
      follower.awaitRound();
      assertThat(total(node)).isEqualTo(203);
      assertThat(follower.recordsRead()).isEqualTo(203);
      assertThat(log.lines(Level.INFO, "conn.log.2.gz")).isEmpty();
      assertThat(log.lines(Level.INFO, "dns.log.2.gz")).isEmpty();
      assertThat(log.lines(Level.WARN, ".log.2.gz")).isEmpty();

      // copytruncate and compress: the copy compressed, the file truncated and written again
      Path http = folder.resolve("http.log");
      String before = hits(400, 150);
      append(http, before);
      follower.awaitRound();
      String more = conn("1764497900.000000", "H1", "198.51.100.7");
      Files.write(hidden, gzip((before + more).getBytes(StandardCharsets.UTF_8)));
      Files.writeString(http, hits(600, 1), StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
      Files.move(hidden, folder.resolve("http.log.1.gz"));
      follower.awaitRound();
      follower.awaitRound();
      assertThat(total(node)).as("150 read, 1 from the compressed copy, 1 in the file written again").isEqualTo(203 + 152);

      // a rotation that holds a bomb is read no further than a hundred times its size, said once (hostile run 12z: a 2 MB
      // rotation held 2 GiB of newlines, read for 36 s)
      Path bomb = folder.resolve("bomb.log");
      String read = hits(700, 150);
      append(bomb, read);
      follower.awaitRound();
      Files.write(hidden, gzip((read + "\n".repeat(30_000_000) + conn("1764498900.000000", "B1", "198.51.100.7")).getBytes(StandardCharsets.UTF_8)));
      Files.delete(bomb);
      Files.move(hidden, folder.resolve("bomb.log.1.gz"));
      follower.awaitRound();
      follower.awaitRound();
      assertThat(total(node)).as("the line past the newlines not read").isEqualTo(203 + 152 + 150);
      assertThat(log.lines(Level.WARN, "bomb.log.1.gz")).singleElement().asString().contains("expands to more than 100 times");
    }
  }

  /**
   * logrotate's compress step seen while gzip writes: the rotation is first looked at cut short, past
   * the position read or before it; it is judged once whole, and the lines it holds past those read
   * are read then, once (a rotation first seen half written was said not followed, its unread lines
   * lost).
   */
  @Test
  void folder_rotationFirstSeenHalfWritten_readOnceWhole() throws Exception {
    RecordingLog log = new RecordingLog();
    try (Node node = startWithoutFolder(); TelemetryFolder follower = follow(node, folder, log)) {
      addIndicator(node);
      int expected = 0;
      for (int cut : new int[] {-5, 60}) {
        String name = "case" + (cut < 0 ? "past" : "before") + ".log";
        Path file = folder.resolve(name);
        String first = hits(1000 + expected, 200);
        append(file, first);
        follower.awaitRound();
        expected += 200;
        assertThat(total(node)).isEqualTo(expected);
        StringBuilder tail = new StringBuilder();
        for (int i = 0; i < 3; i++) tail.append(conn("17645" + (cut < 0 ? 1 : 2) + "0000" + i + ".000000", "R" + cut + i, "198.51.100.7"));
        byte[] whole = gzip((first + tail).getBytes(StandardCharsets.UTF_8));
        int at = cut < 0 ? whole.length + cut : cut;
        Files.delete(file);
        Path rotation = folder.resolve(name + ".1.gz");
        Files.write(rotation, Arrays.copyOf(whole, at));
        follower.awaitRound();
        follower.awaitRound();
        assertThat(total(node)).as("nothing of a rotation cut short").isEqualTo(expected);
        assertThat(log.lines(Level.INFO, rotation.getFileName().toString())).isEmpty();
        Files.write(rotation, Arrays.copyOfRange(whole, at, whole.length), StandardOpenOption.APPEND);
        follower.awaitRound();
        follower.awaitRound();
        expected += 3;
        assertThat(total(node)).as(log.lines(Level.INFO, "") + " " + log.lines(Level.WARN, "")).isEqualTo(expected);
        assertThat(log.lines(Level.INFO, rotation.getFileName().toString() + " is ")).singleElement().asString().contains("rotated and compressed");
        assertThat(log.lines(Level.INFO, "not followed")).isEmpty();
      }
      assertThat(log.lines(Level.WARN, "")).isEmpty();
      assertThat(follower.recordsRead()).isEqualTo(expected);
    }
  }

  /**
   * A followed file that grew and left the folder between two looks, moved out by an archiver or
   * deleted: the whole lines it grew by are read all the same, through the handle the follower keeps
   * (hostile run 12n: lines appended just before a move were lost without a word); a half line is not.
   */
  @Test
  void folder_grownThenMovedOutOrDeletedBetweenTwoLooks_itsLastWholeLinesRead() throws Exception {
    RecordingLog log = new RecordingLog();
    try (Node node = startWithoutFolder();
        TelemetryFolder follower = followSlowly(node, log)) {
      addIndicator(node);
      Path conn = folder.resolve("conn.log");
      Path dns = folder.resolve("dns.log");
      append(conn, hits(0, 3));
      append(dns, hits(10, 2));
      follower.awaitRound();
      assertThat(total(node)).isEqualTo(5);
      // just after a look: the next is 2 s away
      append(conn, conn("1764497000.000000", "M1", "198.51.100.7") + conn("1764497001.000000", "M2", "198.51.100.7") + "1764497002.0");
      Files.move(conn, data.resolve("archived-conn.log"));
      append(dns, conn("1764497003.000000", "D1", "198.51.100.7"));
      Files.delete(dns);
      follower.awaitRound();
      assertThat(total(node)).as(log.lines(Level.INFO, "") + " " + log.lines(Level.WARN, "")).isEqualTo(8);
      assertThat(follower.recordsRead()).isEqualTo(8);
      assertThat(log.lines(Level.INFO, "since moved out of the folder")).hasSize(2);
      // a file under the old name is another file, read from its start
      append(conn, hits(20, 1));
      follower.awaitRound();
      assertThat(total(node)).isEqualTo(9);
    }
  }

  /**
   * A file written again in place, larger than what was read, then grown and deleted between two
   * looks: the lines it grew by are read through the handle like any followed file's (hostile run
   * 12az D1: the file written again was no longer known as followed, and its last three hits were
   * lost without a word).
   */
  @Test
  void folder_writtenAgainThenGrownAndDeleted_itsLastWholeLinesRead() throws Exception {
    RecordingLog log = new RecordingLog();
    try (Node node = startWithoutFolder();
        TelemetryFolder follower = followSlowly(node, log)) {
      addIndicator(node);
      Path conn = folder.resolve("conn.log");
      append(conn, hits(0, 2));
      follower.awaitRound();
      assertThat(total(node)).isEqualTo(2);
      Files.writeString(conn, hits(300, 10), StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
      follower.awaitRound();
      assertThat(total(node)).isEqualTo(12);
      assertThat(log.lines(Level.INFO, "written again")).hasSize(1);
      // just after a look: the next is 2 s away
      append(conn, lines(1764497100, "W", 3));
      Files.delete(conn);
      follower.awaitRound();
      assertThat(total(node)).as(log.lines(Level.INFO, "") + " " + log.lines(Level.WARN, "")).isEqualTo(15);
      assertThat(log.lines(Level.INFO, "since moved out of the folder")).hasSize(1);
    }
  }

  /**
   * logrotate's copytruncate of a Zeek TSV log whose writer wrote its header once: the copy begins
   * with the records that the file held, not a header, and is read from where the file was read up
   * to, with the header in force there, whether the copy is seen before the file is emptied or after
   * (hostile run 12az D3: the copies were not telemetry, and the hits written between the last look
   * and the truncation, about 38 a rotation, were lost). What the copy and the file both gave counts once.
   * Also under a name that tells a format ({@code conn.log.1}: Zeek by its name), which read the copy
   * from its start without the header, every line malformed (12ba D5).
   */
  @ParameterizedTest
  @ValueSource(strings = {"zct.log", "conn.log"})
  void folder_zeekTsvCopytruncate_theCopyReadFromWhereTheFileWasRead(String name) throws Exception {
    RecordingLog log = new RecordingLog();
    try (Node node = startWithoutFolder();
        TelemetryFolder follower = followSlowly(node, log)) {
      addIndicator(node);
      Path rotated = folder.resolve(name);
      append(rotated, hits(0, 2));
      follower.awaitRound();
      assertThat(total(node)).isEqualTo(2);
      // grown since the look, copied, emptied, and written on without a header: one look sees it all. The first copy,
      // which begins with the header, is a copy too, read from where the file was read up to
      append(rotated, lines(1764497200, "K", 2));
      copytruncate(rotated, conn("1764497202.000000", "K3", "198.51.100.7"));
      follower.awaitRound();
      assertThat(total(node)).as(log.lines(Level.INFO, "") + " " + log.lines(Level.WARN, "")).isEqualTo(5);
      assertThat(log.lines(Level.INFO, name + ".1 begins as")).singleElement().asString().contains("a copy of it, read from there");
      // the next copy begins with a record
      append(rotated, conn("1764497203.000000", "K4", "198.51.100.7"));
      follower.awaitRound();
      assertThat(total(node)).isEqualTo(6);
      append(rotated, conn("1764497204.000000", "K5", "198.51.100.7"));
      copytruncate(rotated, conn("1764497205.000000", "K6", "198.51.100.7"));
      follower.awaitRound();
      assertThat(total(node)).as(log.lines(Level.INFO, "") + " " + log.lines(Level.WARN, "")).isEqualTo(8);
      assertThat(log.lines(Level.INFO, name + ".1 begins as")).hasSize(2);
      // a rotation seen half done: the copy made, the file not yet emptied when the look comes
      append(rotated, conn("1764497206.000000", "K7", "198.51.100.7"));
      Files.move(folder.resolve(name + ".1"), folder.resolve(name + ".2"), StandardCopyOption.REPLACE_EXISTING);
      Files.copy(rotated, folder.resolve(name + ".1"));
      follower.awaitRound();
      Files.writeString(rotated, conn("1764497207.000000", "K8", "198.51.100.7"), StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
      follower.awaitRound();
      assertThat(total(node)).as(log.lines(Level.INFO, "") + " " + log.lines(Level.WARN, "")).isEqualTo(10);
      assertThat(log.lines(Level.WARN, "not telemetry")).isEmpty();
      assertThat(log.lines(Level.WARN, "malformed")).isEmpty();
    }
  }

  /**
   * A run whose sightings could not be stored (the node stopping as it stored them) recorded its
   * records as counted: where it ended and the Zeek header in force are kept all the same, so that
   * the file emptied by copytruncate meanwhile and written on without a header is read with it
   * (hostile run bb D2: nothing was kept, and the file was read again from its start without the
   * header, every line malformed, 500 of 1,000 records lost). Its sightings are stored by a later
   * run, half a minute on.
   */
  @Test
  void folder_sightingsOfAFirstLookNotStored_itsPositionAndHeaderKept() throws Exception {
    RecordingLog log = new RecordingLog();
    try (Node node = startWithoutFolder(); TelemetryFolder follower = follow(node, folder, log)) {
      addIndicator(node);
      String refuse = "alter table collection_object add constraint refuse_sightings check (collection_id <> '"
          + node.detection().sightingsCollection() + "') not valid";
      sql(node, refuse);
      Path conn = folder.resolve("conn.log");
      try {
        append(conn, hits(0, 3));
        follower.awaitRound();
        follower.awaitRound();
      } finally {
        sql(node, "alter table collection_object drop constraint refuse_sightings");
      }
      assertThat(log.lines(Level.WARN, "could not be stored now")).isNotEmpty();
      Files.writeString(conn, conn("1764497300.000000", "T1", "198.51.100.7"), StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
      follower.awaitRound();
      follower.awaitRound();
      assertThat(log.lines(Level.WARN, "malformed")).isEmpty();
      assertThat(log.lines(Level.WARN, "neither a JSON object")).isEmpty();
      // the one written after the truncation, read with the header (the first look's three are stored by a run 30 s on)
      assertThat(total(node)).as(log.lines(Level.WARN, "").toString()).isEqualTo(1);
    }
  }

  private static void sql(Node node, String statement) {
    node.stores().db().withConnection(c -> {
      try (var s = c.createStatement()) {
        s.execute(statement);
      }
      return null;
    });
  }

  /** What logrotate's copytruncate does to {@code file} ({@code rotate 2}): the copies shifted, a copy made, the file emptied; then a writer's {@code more}. */
  private void copytruncate(Path file, String more) throws Exception {
    Path first = file.resolveSibling(file.getFileName() + ".1");
    if (Files.exists(first)) Files.move(first, file.resolveSibling(file.getFileName() + ".2"), StandardCopyOption.REPLACE_EXISTING);
    Files.copy(file, first);
    Files.writeString(file, more, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
  }

  /**
   * copytruncate on a Zeek TSV log: the writer goes on appending records to the emptied file, with no
   * header; they are read with the header that was in force (a hostile run's 400 lines were each
   * malformed, 40 hits lost). A file written again with a header of its own is read with that one.
   */
  @Test
  void folder_zeekTsvTruncatedInPlace_readWithTheHeaderItHad() throws Exception {
    RecordingLog log = new RecordingLog();
    try (Node node = startWithoutFolder(); TelemetryFolder follower = follow(node, folder, log)) {
      addIndicator(node);
      Path conn = folder.resolve("conn.log");
      append(conn, hits(0, 30));
      follower.awaitRound();
      assertThat(total(node)).isEqualTo(30);
      StringBuilder records = new StringBuilder();
      for (int i = 100; i < 110; i++) records.append(conn("17644969" + i + ".000000", "T" + i, "198.51.100.7"));
      Files.writeString(conn, records.toString(), StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
      follower.awaitRound();
      assertThat(total(node)).as("the ten records after the truncation, read with the header in force").isEqualTo(40);
      assertThat(log.lines(Level.WARN, "conn.log")).isEmpty();
      Files.writeString(conn, hits(200, 3), StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
      follower.awaitRound();
      assertThat(total(node)).isEqualTo(43);
      assertThat(log.lines(Level.WARN, "conn.log")).isEmpty();
    }
  }

  /**
   * A file emptied by copytruncate on a quiet sensor stays empty for hours: it is said shorter once,
   * not at every look (a hostile run counted five lines a second), and what is written to it later
   * is read once.
   */
  @Test
  void folder_truncatedAndLeftEmpty_saidOnce() throws Exception {
    RecordingLog log = new RecordingLog();
    try (Node node = startWithoutFolder(); TelemetryFolder follower = follow(node, folder, log)) {
      addIndicator(node);
      Path quiet = folder.resolve("quiet.log");
      append(quiet, hits(0, 3));
      follower.awaitRound();
      Files.write(quiet, new byte[0], StandardOpenOption.TRUNCATE_EXISTING);
      for (int i = 0; i < 5; i++) follower.awaitRound();
      assertThat(log.lines(Level.INFO, "quiet.log is shorter than where it was read up to")).hasSize(1);
      append(quiet, hits(10, 2));
      follower.awaitRound();
      follower.awaitRound();
      assertThat(total(node)).isEqualTo(5);
      assertThat(log.lines(Level.INFO, "quiet.log is shorter")).hasSize(1);
    }
  }

  /**
   * A file of garbage under a telemetry name: its first 10 malformed lines are logged one by one,
   * then one line per look counts the rest, so the node's log does not grow with the file.
   */
  @Test
  void folder_garbageFile_malformedWarningsBoundedPerFile() throws Exception {
    RecordingLog log = new RecordingLog();
    try (Node node = startWithoutFolder(); TelemetryFolder follower = follow(node, folder, log)) {
      Path weird = folder.resolve("weird.log");
      StringBuilder garbage = new StringBuilder();
      for (int i = 0; i < 64; i++) garbage.append("garbage ").append(i).append('\n');
      append(weird, garbage.toString());
      follower.awaitRound();
      List<String> warned = log.lines(Level.WARN, "weird.log");
      assertThat(warned).hasSize(11);
      assertThat(warned.get(0)).startsWith("WARN " + weird + ":1: ");
      assertThat(warned.get(9)).startsWith("WARN " + weird + ":10: ");
      assertThat(warned.get(10)).startsWith("WARN " + weird + ": 54 more malformed lines from line 11 (");

      append(weird, garbage.toString());
      follower.awaitRound();
      assertThat(log.lines(Level.WARN, "weird.log")).hasSize(12).last().asString()
          .startsWith("WARN " + weird + ": 64 more malformed lines from line 65 (");
    }
  }

  /**
   * Hostile run 12p: a hit appended to a followed file waited behind 1,000 new files, a run each. The
   * files followed already are read first at every look, and at most {@link TelemetryFolder#NEW_RUNS}
   * new files a look: the hit is in after the next whole look, however many files arrived; every
   * new file is read, once, in the looks after.
   */
  @Test
  void folder_manyNewFilesAndAHitInAFollowedOne_followedReadFirstNewOnesInLaterLooks() throws Exception {
    RecordingLog log = new RecordingLog();
    try (Node node = startWithoutFolder(); TelemetryFolder follower = follow(node, folder, log)) {
      addIndicator(node);
      Path conn = folder.resolve("conn.log");
      append(conn, HEADER + conn("1764496800.000000", "C1", "198.51.100.7"));
      follower.awaitRound();
      assertThat(total(node)).isEqualTo(1);
      long before = follower.recordsRead();
      int fresh = 3 * TelemetryFolder.NEW_RUNS + 5;
      for (int i = 0; i < fresh; i++) {
        // named to sort before conn.log, each a Zeek log of one record that hits nothing
        append(folder.resolve(String.format("a-%04d.log", i)), HEADER + conn("1764496801.000000", "N" + i, "192.0.2.1"));
      }
      append(conn, conn("1764496802.000000", "C2", "198.51.100.7"));
      follower.awaitRound(); // the look under way, then one whole look
      assertThat(total(node)).isEqualTo(2);
      // the look under way may have taken NEW_RUNS of them, the whole one NEW_RUNS more
      assertThat(follower.recordsRead() - before).isBetween(1L, 1L + 2 * TelemetryFolder.NEW_RUNS);
      for (int looks = 0; looks < 20 && follower.recordsRead() - before < fresh + 1; looks++) follower.awaitRound();
      assertThat(follower.recordsRead() - before).isEqualTo(fresh + 1);
      follower.awaitRound();
      assertThat(follower.recordsRead() - before).as("each read once").isEqualTo(fresh + 1);
      assertThat(total(node)).isEqualTo(2);
    }
  }

  /**
   * Hostile run 10q: {@code parley detect --store} over a file of the followed folder, before the node
   * reached it, counted its hits; then the node counted them again (1,000 hits made 2,000): the node
   * read the records counted from the database once, at its first run. Another process's run (here,
   * runs of their own on the node's database, as {@code parley detect --store} makes) holds the
   * folder's source across processes; the node waits for it, then takes in what it counted.
   */
  @Test
  void folder_fileStoredByAnotherProcessFirst_itsRecordsRepeatsForTheNode() throws Exception {
    RecordingLog log = new RecordingLog();
    try (Node node = startWithoutFolder(); TelemetryFolder follower = follow(node, folder, log);
        Ingest ingest = new Ingest(node.stores())) {
      addIndicator(node);
      append(folder.resolve("a.log"), HEADER + conn("1764496800.000000", "A1", "198.51.100.7"));
      follower.awaitRound();
      assertThat(total(node)).isEqualTo(1); // the node has read the source's counted records by now
      var other = new TelemetryDetection(node.stores(), ingest, node.detection().sightingsCollection(), "other");
      String source = TelemetryDetection.folderSource(folder.toRealPath());
      Path b = folder.resolve("b.log");
      try (AutoCloseable held = other.holdSource(source, () -> { })) {
        append(b, hits(0, 3));
        try (var reader = TelemetryFormat.ZEEK.open(Files.newInputStream(b), source, b.toString())) {
          var result = other.run(reader, source, Tlp.AMBER, node.detection().indicators().current(), true, m -> { });
          assertThat(result.sightings()).hasSize(1);
        }
        assertThat(total(node)).isEqualTo(4);
      }
      follower.awaitRound();
      follower.awaitRound();
      assertThat(follower.recordsRead()).isEqualTo(4);
      assertThat(total(node)).as("the records the other process counted are repeats for the node").isEqualTo(4);
    }
  }
}
