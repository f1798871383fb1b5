package dev.parley.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.node.NodeConfig;
import dev.parley.node.Stores;
import dev.parley.node.auth.Credential;
import dev.parley.node.log.LogRoutes;
import dev.parley.stix.Json;
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
import java.util.List;
import java.util.Optional;
import java.util.UUID;
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
    stores = Stores.open(NodeConfig.defaults().withDataDir(dir), hook);
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

  private static String url() {
    return "http://127.0.0.1:" + app.port() + "/log/";
  }

  record Run(int code, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = ExitCodes.configure(new CommandLine(new LogCommand()));
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int code = cli.execute(args);
    return new Run(code, out.toString(), err.toString());
  }
}
