package dev.parley.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.node.auth.Credential;
import dev.parley.node.log.LogRoutes;
import dev.parley.stix.Json;
import dev.parley.store.StoreConfig;
import dev.parley.store.Stores;
import dev.parley.store.collections.Collection;
import dev.parley.store.log.Leaf;
import dev.parley.store.log.LogKeys;
import dev.parley.store.log.TransparencyLog;
import dev.parley.store.objects.NewObject;
import dev.parley.store.objects.StoredVersion;
import dev.parley.store.objects.WriteHook;
import dev.parley.tlog.note.SignerKey;
import dev.parley.tlog.verify.Receipt;
import dev.parley.tlog.verify.Receipts;
import io.javalin.Javalin;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class LogCommandTest {
  @TempDir static Path dir;
  static Stores stores;
  static TransparencyLog log;
  static Javalin app;
  static SignerKey key;
  static UUID collection = UUID.randomUUID();
  static ObjectNode object;

  /** The log needs the database the hook is handed to; the hook forwards once the log is open. */
  static final class Deferred implements WriteHook {
    volatile WriteHook target = WriteHook.NONE;

    @Override
    public void stored(Connection tx, UUID c, List<StoredVersion> v) throws SQLException {
      target.stored(tx, c, v);
    }

    @Override
    public void deleted(Connection tx, UUID c, List<StoredVersion> v) throws SQLException {
      target.deleted(tx, c, v);
    }
  }

  @BeforeAll
  static void start() throws Exception {
    Deferred hook = new Deferred();
    stores = Stores.open(StoreConfig.defaults().withDataDir(dir), hook);
    key = LogKeys.loadOrCreate(dir.resolve(LogKeys.FILE), "cli.test");
    log = TransparencyLog.open(stores.db(), key, Duration.ofMillis(20));
    hook.target = log.writeHook();
    stores.collections().create(new Collection(collection, "api1", "shared", null, "shared"));
    List<NewObject> batch = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      object = Json.mapper().createObjectNode().put("type", "indicator").put("spec_version", "2.1")
          .put("id", "indicator--" + UUID.randomUUID()).put("created", "2024-01-01T00:00:00.000Z")
          .put("modified", "2024-01-02T00:00:00.000Z");
      batch.add(NewObject.of(object));
    }
    stores.objects().add(collection, batch);
    assertThat(log.awaitSize(500, Duration.ofSeconds(10))).isTrue();
    app = Javalin.create(c -> {
      c.startup.showJavalinBanner = false;
      LogRoutes.register(c.routes, log.reader(), authorization -> new Credential.Missing());
    }).start("127.0.0.1", 0);
  }

  @AfterAll
  static void stop() {
    app.stop();
    log.close();
    stores.close();
  }

  @Test
  void key_dataFolder_printsVerifierKeyOfA0600File() throws Exception {
    Run r = run("key", "--data", dir.toString());
    assertThat(r.code).isZero();
    assertThat(r.out.strip()).isEqualTo(key.verifierKey().encode()).startsWith("cli.test+");
    assertThat(Files.getPosixFilePermissions(dir.resolve("log.key"))).isEqualTo(PosixFilePermissions.fromString("rw-------"));
    assertThat(Files.readString(dir.resolve("log.key"))).startsWith("PRIVATE+KEY+cli.test+");
  }

  @Test
  void checkpoint_fromUrlAndFromData_same() {
    Run http = run("checkpoint", "--url", url());
    Run data = run("checkpoint", "--data", dir.toString());
    assertThat(http.code).isZero();
    assertThat(data.code).isZero();
    assertThat(http.out).startsWith("cli.test\n500\n").isEqualTo(data.out);
  }

  @Test
  void verify_goodKeyFullSince_exit0() throws Exception {
    Path old = dir.resolve("old.checkpoint");
    Files.writeString(old, run("checkpoint", "--url", url()).out);
    Path keyFile = dir.resolve("vkey");
    Files.writeString(keyFile, key.verifierKey().encode() + "\n");
    Run r = run("verify", "--url", url(), "--key", keyFile.toString(), "--full", "--since", old.toString());
    assertThat(r.code).as(r.err).isZero();
    assertThat(r.out).contains("OK cli.test size 500").contains("500 entries checked");
  }

  @Test
  void verify_otherKey_exit1WithReason() {
    Run r = run("verify", "--url", url(), "--key", SignerKey.generate("cli.test").verifierKey().encode());
    assertThat(r.code).isEqualTo(1);
    assertThat(r.err).contains("log verification failed").contains("checkpoint");
  }

  @Test
  void verify_malformedKey_exit2() {
    assertThat(run("verify", "--url", url(), "--key", "not-a-key").code).isEqualTo(2);
    assertThat(run("verify", "--url", url()).code).isEqualTo(2);
  }

  @Test
  void prove_storedObject_printsReceiptThatVerifies() {
    String id = object.get("id").textValue();
    Run r = run("prove", "--data", dir.toString(), "--collection", "shared", "--object", id);
    assertThat(r.code).as(r.err).isZero();
    byte[] canonical = Leaf.stored(collection, object, "2024-01-02T00:00:00.000Z").canonical();
    assertThat(Receipts.verify(Receipt.parse(r.out.strip()), key.verifierKey(), Optional.of(canonical)).ok()).isTrue();
    assertThat(run("prove", "--data", dir.toString(), "--collection", "shared", "--object", "indicator--nope").code).isEqualTo(1);
  }

  @Test
  void verify_sinceFileMissing_exit1NamingIt() {
    Path absent = dir.resolve("absent.checkpoint");
    Run r = run("verify", "--url", url(), "--key", key.verifierKey().encode(), "--since", absent.toString());
    assertThat(r.code).isEqualTo(1);
    assertThat(r.err).contains("cannot read " + absent + ": no such file");
  }

  /** A receipt from {@code log prove} for {@link #object}, and the object as a file. */
  private static ObjectNode receipt() throws Exception {
    Run r = run("prove", "--data", dir.toString(), "--collection", "shared", "--object", object.get("id").textValue());
    assertThat(r.code).as(r.err).isZero();
    return (ObjectNode) Json.mapper().readTree(r.out);
  }

  private static Path write(String name, Object content) throws Exception {
    Path f = dir.resolve(name);
    Files.writeString(f, content.toString());
    return f;
  }

  private static Run verifyReceipt(ObjectNode receipt, String object, String... more) throws Exception {
    List<String> args = new ArrayList<>(List.of("verify-receipt", write("receipt-" + UUID.randomUUID() + ".json", receipt).toString(),
        "--key", key.verifierKey().encode(), "--object", write("object-" + UUID.randomUUID() + ".json", object).toString()));
    args.addAll(List.of(more));
    return run(args.toArray(new String[0]));
  }

  /** Flips the lowest bit of the byte at {@code index} of base64 {@code text}. */
  private static String flip(String text, int index) {
    byte[] bytes = Base64.getDecoder().decode(text);
    bytes[index] ^= 1;
    return Base64.getEncoder().encodeToString(bytes);
  }

  @Test
  void verifyReceipt_realReceiptAndObject_exit0() throws Exception {
    Run r = verifyReceipt(receipt(), object.toString());
    assertThat(r.code).as(r.err).isZero();
    assertThat(r.out).startsWith("OK " + object.get("id").textValue() + " version 2024-01-02T00:00:00.000Z in collection " + collection)
        .contains("of cli.test size 500");
  }

  @Test
  void verifyReceipt_objectInABundleOrEnvelope_exit0() throws Exception {
    String bundle = "{\"type\":\"bundle\",\"id\":\"bundle--" + UUID.randomUUID() + "\",\"objects\":[" + object + "]}";
    assertThat(verifyReceipt(receipt(), bundle).code).isZero();
    assertThat(verifyReceipt(receipt(), "{\"more\":false,\"objects\":[" + object + "]}").code).isZero();
  }

  /** One part of a receipt, or of the object, changed; and the part the failure must name. */
  private record Tamper(String what, Consumer<ObjectNode> receipt, UnaryOperator<String> object, String part) {}

  @Test
  void verifyReceipt_eachPartTampered_exit1NamingThePart() throws Exception {
    List<Tamper> cases = List.of(
        new Tamper("object byte", r -> {}, o -> o.replace("2024-01-01T00:00:00.000Z", "2024-01-01T00:00:00.001Z"), "commitment"),
        new Tamper("salt", r -> r.put("salt", flip(r.get("salt").textValue(), 0)), o -> o, "commitment"),
        new Tamper("proof hash", r -> ((ArrayNode) r.get("inclusion_path")).set(0, flip(r.get("inclusion_path").get(0).textValue(), 31)),
            o -> o, "inclusion proof"),
        new Tamper("entry byte", r -> r.put("entry", flip(r.get("entry").textValue(), 20)), o -> o, "inclusion proof"),
        new Tamper("checkpoint signature", r -> r.put("checkpoint", forgedSignature(r.get("checkpoint").textValue())), o -> o,
            "checkpoint signature"),
        // only a receive entry commits to a peer: one named beside a store entry is refused, never stated (hostile run 10ag)
        new Tamper("peer added to a store entry's receipt", r -> r.put("peer", "cert-evil"), o -> o, "receipt"));
    for (Tamper t : cases) {
      ObjectNode receipt = receipt();
      t.receipt().accept(receipt);
      Run r = verifyReceipt(receipt, t.object().apply(object.toString()));
      assertThat(r.code).as(t.what()).isEqualTo(1);
      assertThat(r.err).as(t.what()).contains("receipt verification failed (" + t.part() + ")");
    }
  }

  /** The signed note with one byte of its signature (after the 4-byte key id) changed. */
  private static String forgedSignature(String note) {
    int start = note.lastIndexOf(' ') + 1;
    return note.substring(0, start) + flip(note.substring(start).strip(), 40) + "\n";
  }

  @Test
  void verifyReceipt_objectChanged_saysWhatMayDiffer() throws Exception {
    Run r = verifyReceipt(receipt(), object.toString().replace("indicator\"", "indicator\",\"x_note\":\"added\""));
    assertThat(r.code).isEqualTo(1);
    assertThat(r.err).contains("the object's bytes or the salt differ from what was logged");
  }

  @Test
  void verifyReceipt_signatureChanged_saysItDoesNotVerify() throws Exception {
    ObjectNode receipt = receipt();
    receipt.put("checkpoint", forgedSignature(receipt.get("checkpoint").textValue()));
    assertThat(verifyReceipt(receipt, object.toString()).err).contains("does not verify");
  }

  @Test
  void verifyReceipt_otherKey_exit1OnCheckpointSignature() throws Exception {
    Path receipt = write("receipt-other-key.json", receipt());
    Run r = run("verify-receipt", receipt.toString(), "--key", SignerKey.generate("cli.test").verifierKey().encode(),
        "--object", write("object.json", object).toString());
    assertThat(r.code).isEqualTo(1);
    assertThat(r.err).contains("receipt verification failed (checkpoint signature)");
  }

  @Test
  void verifyReceipt_objectFileWithoutTheObject_exit1OnObject() throws Exception {
    Run r = verifyReceipt(receipt(), object.deepCopy().put("id", "indicator--" + UUID.randomUUID()).toString());
    assertThat(r.code).isEqualTo(1);
    assertThat(r.err).contains("receipt verification failed (object): no object with id " + object.get("id").textValue());
  }

  @Test
  void verifyReceipt_notAReceipt_exit1() throws Exception {
    Run r = run("verify-receipt", write("not-a-receipt.json", "{\"leaf_index\":1}").toString(), "--key", key.verifierKey().encode(),
        "--object", write("object.json", object).toString());
    assertThat(r.code).isEqualTo(1);
    assertThat(r.err).contains("receipt verification failed (receipt)");
  }

  @Test
  void verifyReceipt_withoutObject_exit2AndMissingReceipt_exit1() throws Exception {
    Run r = run("verify-receipt", write("receipt-alone.json", receipt()).toString(), "--key", key.verifierKey().encode());
    assertThat(r.code).isEqualTo(2);
    assertThat(r.err).contains("--object FILE is needed");
    Run missing = run("verify-receipt", dir.resolve("absent.json").toString(), "--key", key.verifierKey().encode());
    assertThat(missing.code).isEqualTo(1);
    assertThat(missing.err).contains("no such file");
  }

  @Test
  void verifyReceipt_formatJson_saysOkOrWhichPartFailed() throws Exception {
    Run ok = verifyReceipt(receipt(), object.toString(), "--format", "json");
    assertThat(ok.code).isZero();
    var json = Json.mapper().readTree(ok.out);
    assertThat(json.path("ok").asBoolean()).isTrue();
    assertThat(json.path("tree_size").asLong()).isEqualTo(500);
    assertThat(json.path("id").asText()).isEqualTo(object.get("id").textValue());
    assertThat(json.path("entry_kind").asText()).isEqualTo("store");

    ObjectNode salted = receipt();
    salted.put("salt", flip(salted.get("salt").textValue(), 3));
    Run failed = verifyReceipt(salted, object.toString(), "--format", "json");
    assertThat(failed.code).isEqualTo(1);
    var why = Json.mapper().readTree(failed.out);
    assertThat(why.path("ok").asBoolean()).isFalse();
    assertThat(why.path("failed").asText()).isEqualTo("commitment");
  }

  private static String url() {
    return "http://127.0.0.1:" + app.port() + "/log/";
  }

  record Run(int code, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = Parley.configure(new CommandLine(new LogCommand()));
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int code = cli.execute(args);
    return new Run(code, out.toString(), err.toString());
  }
}
