package dev.parley.store.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.stix.Json;
import dev.parley.store.Database;
import dev.parley.store.collections.Collection;
import dev.parley.store.collections.CollectionStore;
import dev.parley.store.objects.NewObject;
import dev.parley.store.objects.ObjectStore;
import dev.parley.store.objects.VersionFilter;
import dev.parley.store.testing.TestDatabases;
import dev.parley.tlog.note.SignerKey;
import dev.parley.tlog.tiles.TilePath;
import dev.parley.tlog.tree.Hash;
import dev.parley.tlog.tree.Proofs;
import dev.parley.tlog.verify.LogVerifier;
import dev.parley.tlog.verify.Receipt;
import dev.parley.tlog.verify.Receipts;
import dev.parley.tlog.verify.VerificationResult;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TransparencyLogTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private final SignerKey key = SignerKey.generate("node-a.example");
  private final UUID collection = UUID.randomUUID();
  private Database db;
  private TransparencyLog log;

  @BeforeEach
  void open() {
    db = TestDatabases.fresh();
    log = TransparencyLog.open(db, key, Duration.ofMillis(20));
  }

  @AfterEach
  void close() {
    log.close();
    db.close();
  }

  @Test
  void open_emptyLog_signsCheckpointOfSizeZero() throws Exception {
    assertThat(log.awaitSize(0, WAIT)).isTrue();
    assertThat(log.reader().latest().note()).startsWith("node-a.example\n0\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n\n");
    assertThat(verify(false, Optional.empty()).ok()).isTrue();
  }

  @Test
  void integrate_manyAppends_checkpointVerifiesFullyAndIsConsistentWithEveryEarlierOne() throws Exception {
    int total = 0;
    for (int round = 0; round < 12; round++) {
      int n = 1 + round * 97;
      db.inTransaction(tx -> log.appender().append(tx, leaves(n)));
      total += n;
      assertThat(log.awaitSize(total, WAIT)).isTrue();
    }
    assertThat(log.reader().latest().size()).isEqualTo(total);
    VerificationResult full = verify(true, Optional.empty());
    assertThat(full).isInstanceOf(VerificationResult.Verified.class);
    assertThat(((VerificationResult.Verified) full).entriesChecked()).isEqualTo(total);
    List<String> history = notes();
    assertThat(history.size()).isGreaterThanOrEqualTo(12);
    for (String old : history) {
      assertThat(verify(false, Optional.of(old))).as(old).isInstanceOf(VerificationResult.Verified.class);
    }
    var cp = log.reader().latest().checkpoint();
    var proof = log.reader().consistency(1, total);
    assertThat(Proofs.verifyConsistency(proof, firstRoot(), cp.root())).isTrue();
  }

  @Test
  void receipt_storedViaObjectStore_verifiesWithCanonicalBytes() throws Exception {
    new CollectionStore(db).create(new Collection(collection, "api1", "shared", null, null));
    ObjectStore objects = new ObjectStore(db, log.writeHook());
    List<NewObject> batch = new ArrayList<>();
    for (int i = 0; i < 300; i++) batch.add(NewObject.of(indicator("indicator--" + UUID.randomUUID(), "2024-03-01T10:00:00.000Z")));
    ObjectNode mine = indicator("indicator--6b616fc1-1505-48e3-8b2c-0d19337bff38", "2024-03-02T11:22:33.456Z");
    batch.add(NewObject.of(mine));
    objects.add(collection, batch);
    objects.delete(collection, batch.get(0).stixId(), VersionFilter.ALL, List.of());
    assertThat(log.awaitSize(302, WAIT)).isTrue();

    LogReceipt receipt = log.reader().receipt(collection, "indicator--6b616fc1-1505-48e3-8b2c-0d19337bff38", Optional.empty());
    assertThat(receipt.version()).isEqualTo("2024-03-02T11:22:33.456Z");
    Receipt parsed = Receipt.parse(receipt.toJson());
    byte[] canonical = Leaf.stored(collection, mine, receipt.version()).canonical();
    assertThat(Receipts.verify(parsed, key.verifierKey(), Optional.of(canonical))).isInstanceOf(VerificationResult.Verified.class);
    byte[] other = Leaf.stored(UUID.randomUUID(), mine, receipt.version()).canonical();
    assertThat(Receipts.verify(parsed, key.verifierKey(), Optional.of(other)).ok()).isFalse();
    assertThatThrownBy(() -> log.reader().receipt(collection, "indicator--" + UUID.randomUUID(), Optional.empty()))
        .isInstanceOf(LogNotFoundException.class);
  }

  @Test
  void reopen_afterAppends_checkPassesAndLogGrowsConsistently() throws Exception {
    db.inTransaction(tx -> log.appender().append(tx, leaves(700)));
    assertThat(log.awaitSize(700, WAIT)).isTrue();
    String before = log.reader().latest().note();
    db.inTransaction(tx -> log.appender().append(tx, leaves(5))); // maybe not yet integrated when we stop
    log.close();
    log = TransparencyLog.open(db, key, Duration.ofMillis(20));
    assertThat(log.failure()).isEmpty();
    db.inTransaction(tx -> log.appender().append(tx, leaves(300)));
    assertThat(log.awaitSize(1005, WAIT)).isTrue();
    assertThat(verify(true, Optional.of(before)).ok()).isTrue();
  }

  @Test
  void reopen_tamperedTile_detectedAndNeverServed() throws Exception {
    db.inTransaction(tx -> log.appender().append(tx, leaves(600)));
    assertThat(log.awaitSize(600, WAIT)).isTrue();
    log.close();
    // a bit flipped, never a byte written over: the byte of a hash is 0x00 once in 256 runs, and the tile the same
    sql("update log_tile set data = set_byte(data, 32, get_byte(data, 32) # 1) where level = 0 and idx = 1");
    log = TransparencyLog.open(db, key, Duration.ofMillis(20));
    assertThat(log.failure()).get().asString().contains("tile/0/001").contains("differs");
    assertThatThrownBy(() -> log.reader().latest()).isInstanceOf(LogUnavailableException.class)
        .hasMessageContaining("tile/0/001");
    assertThatThrownBy(() -> log.reader().tile(new TilePath.HashTile(0, 0, 256)))
        .isInstanceOf(LogUnavailableException.class);
  }

  @Test
  void reopen_tamperedEntry_detectedAndNeverServed() throws Exception {
    db.inTransaction(tx -> log.appender().append(tx, leaves(300)));
    assertThat(log.awaitSize(300, WAIT)).isTrue();
    log.close();
    sql("alter table log_entry disable trigger log_entry_append_only;"
        + " update log_entry set entry = set_byte(entry, 19, get_byte(entry, 19) # 1) where idx = 42;" // a commitment's bit
        + " alter table log_entry enable trigger log_entry_append_only");
    log = TransparencyLog.open(db, key, Duration.ofMillis(20));
    assertThat(log.failure()).get().asString().contains("entry 42");
    assertThatThrownBy(() -> log.reader().receipt(collection, "x", Optional.empty())).isInstanceOf(LogUnavailableException.class);
  }

  @Test
  void open_withAnotherKey_refused() {
    log.close();
    assertThatThrownBy(() -> TransparencyLog.open(db, SignerKey.generate("node-a.example")))
        .isInstanceOf(LogException.class).hasMessageContaining("never changes");
  }

  @Test
  void reader_beyondTheTree_notFound() throws Exception {
    db.inTransaction(tx -> log.appender().append(tx, leaves(10)));
    assertThat(log.awaitSize(10, WAIT)).isTrue();
    assertThatThrownBy(() -> log.reader().tile(new TilePath.HashTile(0, 0, 11)))
        .isInstanceOf(LogNotFoundException.class);
    assertThatThrownBy(() -> log.reader().inclusion(10, 10)).isInstanceOf(LogNotFoundException.class);
    assertThatThrownBy(() -> log.reader().inclusion(0, 11)).isInstanceOf(LogNotFoundException.class);
    assertThat(log.reader().tile(new TilePath.HashTile(0, 0, 4))).hasSize(4 * 32);
  }

  private Hash firstRoot() {
    return db.withConnection(c -> {
      try (var s = c.createStatement(); var r = s.executeQuery("select root from log_checkpoint where size = 1")) {
        r.next();
        return Hash.of(r.getBytes(1));
      }
    });
  }

  private VerificationResult verify(boolean full, Optional<String> previous) {
    return new LogVerifier(new ReaderFetcher(log.reader()), key.verifierKey()).verify(full, previous);
  }

  private List<String> notes() {
    return db.withConnection(c -> {
      List<String> out = new ArrayList<>();
      try (var s = c.createStatement(); var r = s.executeQuery("select note from log_checkpoint order by size")) {
        while (r.next()) out.add(r.getString(1));
      }
      return out;
    });
  }

  private void sql(String sql) {
    db.withConnection(c -> {
      try (Statement s = c.createStatement()) {
        s.execute(sql);
      }
      return null;
    });
  }

  private List<Leaf> leaves(int n) {
    List<Leaf> out = new ArrayList<>();
    for (int i = 0; i < n; i++) out.add(Leaf.stored(collection, indicator("indicator--" + UUID.randomUUID(), "2024-01-01T00:00:00.000Z"), "2024-01-01T00:00:00.000Z"));
    return out;
  }

  static ObjectNode indicator(String id, String modified) {
    ObjectNode o = Json.mapper().createObjectNode();
    o.put("type", "indicator").put("spec_version", "2.1").put("id", id).put("created", "2024-01-01T00:00:00.000Z")
        .put("modified", modified).put("pattern", "[ipv4-addr:value = '198.51.100.7']").put("pattern_type", "stix")
        .put("valid_from", "2024-01-01T00:00:00Z");
    return o;
  }
}
