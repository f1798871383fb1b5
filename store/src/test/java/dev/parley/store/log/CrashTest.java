package dev.parley.store.log;

import dev.parley.store.testing.TestDatabases;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.store.Database;
import dev.parley.tlog.note.SignerKey;
import dev.parley.tlog.verify.LogVerifier;
import dev.parley.tlog.verify.VerificationResult;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The fault: a node SIGKILLed in the middle of appending; after restart the log verifies. */
class CrashTest {
  @Test
  void sigkillDuringAppends_restart_denseVerifiesAndConsistentWithEveryEarlierCheckpoint() throws Exception {
    SignerKey key = SignerKey.generate("crash.test");
    Database db = TestDatabases.fresh();
    String schema = TestDatabases.schemaOf(db);
    Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), AppendingProcess.class.getName(), TestDatabases.url(), schema, key.encode())
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    long acknowledged = 0;
    try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while (acknowledged < 6_000 && (line = out.readLine()) != null) {
        if (line.startsWith("committed ")) acknowledged = Long.parseLong(line.substring(10));
      }
      List<String> before = notes(db);
      assertThat(before).isNotEmpty();
      child.destroyForcibly(); // SIGKILL on Unix
      child.waitFor();
      assertThat(child.exitValue()).isEqualTo(137);

      TransparencyLog log = TransparencyLog.open(db, key, Duration.ofMillis(20));
      try {
        assertThat(log.failure()).isEmpty();
        long entries = scalar(db, "select count(*) from log_entry");
        assertThat(scalar(db, "select size from log_head")).isEqualTo(entries);
        assertThat(scalar(db, "select coalesce(max(idx), -1) + 1 from log_entry")).isEqualTo(entries);
        assertThat(entries).isGreaterThanOrEqualTo(acknowledged);
        assertThat(log.awaitSize(entries, Duration.ofSeconds(10))).isTrue();
        LogVerifier verifier = new LogVerifier(new ReaderFetcher(log.reader()), key.verifierKey());
        VerificationResult full = verifier.verify(true, Optional.empty());
        assertThat(full).isInstanceOf(VerificationResult.Verified.class);
        for (String old : before) assertThat(verifier.verify(false, Optional.of(old)).ok()).as(old).isTrue();
      } finally {
        log.close();
      }
    } finally {
      child.destroyForcibly();
      db.close();
    }
  }

  private static List<String> notes(Database db) {
    return db.withConnection(c -> {
      List<String> out = new ArrayList<>();
      try (var s = c.createStatement(); var r = s.executeQuery("select note from log_checkpoint order by size")) {
        while (r.next()) out.add(r.getString(1));
      }
      return out;
    });
  }

  private static long scalar(Database db, String sql) {
    return db.withConnection(c -> {
      try (var s = c.createStatement(); var r = s.executeQuery(sql)) {
        r.next();
        return r.getLong(1);
      }
    });
  }
}
