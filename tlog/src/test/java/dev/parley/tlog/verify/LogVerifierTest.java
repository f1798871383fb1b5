package dev.parley.tlog.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.tlog.note.SignerKey;
import java.io.IOException;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LogVerifierTest {
  private static final SignerKey KEY = SignerKey.generate(ServedLog.ORIGIN);

  private static VerificationResult verify(ServedLog log, boolean full, Optional<String> since) {
    return new LogVerifier(log.fetcher(), KEY.verifierKey()).verify(full, since);
  }

  @Test
  void verify_fullCheckOfHonestLog_verifiedEveryEntry() {
    ServedLog log = new ServedLog(KEY).append(70_000);
    VerificationResult result = verify(log, true, Optional.empty());
    assertThat(result).isInstanceOf(VerificationResult.Verified.class);
    assertThat(((VerificationResult.Verified) result).entriesChecked()).isEqualTo(70_000);
  }

  @Test
  void verify_emptyLog_verified() {
    assertThat(verify(new ServedLog(KEY).append(0), true, Optional.empty()).ok()).isTrue();
  }

  @Test
  void verify_tamperedEntryInBundle_failsNamingTheEntry() {
    ServedLog log = new ServedLog(KEY).append(600);
    log.files.get("tile/entries/001")[2 + 42 * 3 + 20] ^= 1;
    VerificationResult result = verify(log, true, Optional.empty());
    assertThat(result).isEqualTo(new VerificationResult.Failed(
        "entry 259: its leaf hash differs from tile/0/001 hash 3"));
  }

  @Test
  void verify_tamperedLevelOneTile_fails() {
    ServedLog log = new ServedLog(KEY).append(70_000);
    log.files.get("tile/1/000")[0] ^= 1;
    VerificationResult result = verify(log, true, Optional.empty());
    assertThat(result.ok()).isFalse();
    assertThat(((VerificationResult.Failed) result).reason()).contains("tile/1/000");
  }

  @Test
  void verify_missingBundle_failsWithPath() {
    ServedLog log = new ServedLog(KEY).append(300);
    log.files.remove("tile/entries/001.p/44");
    VerificationResult result = verify(log, true, Optional.empty());
    assertThat(((VerificationResult.Failed) result).reason()).contains("tile/entries/001.p/44");
    assertThat(verify(log, false, Optional.empty()).ok()).isTrue();
  }

  @Test
  void verify_wrongKey_fails() {
    ServedLog log = new ServedLog(SignerKey.generate(ServedLog.ORIGIN)).append(10);
    assertThat(verify(log, false, Optional.empty()).ok()).isFalse();
  }

  @Test
  void verify_checkpointRootNotMatchingTiles_fails() {
    ServedLog log = new ServedLog(KEY).append(10);
    log.files.get("tile/0/000.p/10")[0] ^= 1;
    assertThat(((VerificationResult.Failed) verify(log, false, Optional.empty())).reason())
        .contains("right-edge tiles");
  }

  @Test
  void verify_sinceOlderCheckpoint_consistent() {
    ServedLog log = new ServedLog(KEY).append(1000);
    String old = log.checkpoint;
    log.append(5000);
    assertThat(verify(log, false, Optional.of(old)).ok()).isTrue();
    assertThat(verify(log, false, Optional.of(log.checkpoint)).ok()).isTrue();
  }

  @Test
  void verify_sinceCheckpointOfAFork_failsAsInconsistent() {
    ServedLog fork = new ServedLog(KEY).append(1000);
    ServedLog log = new ServedLog(KEY).append(6000);
    VerificationResult result = verify(log, false, Optional.of(fork.checkpoint));
    assertThat(((VerificationResult.Failed) result).reason()).contains("not consistent");
  }

  @Test
  void verify_sinceLargerCheckpoint_failsAsShrunk() {
    ServedLog log = new ServedLog(KEY).append(100);
    String small = log.checkpoint;
    ServedLog bigger = new ServedLog(KEY).append(200);
    assertThat(((VerificationResult.Failed) verify(new ServedLog(KEY).append(100), false, Optional.of(bigger.checkpoint)))
        .reason()).contains("shrank");
    assertThat(small).isNotEmpty();
  }

  @Test
  void verify_unreachableLog_failsWithoutThrowing() {
    LogVerifier verifier = new LogVerifier(path -> {
      throw new IOException("connection refused");
    }, KEY.verifierKey());
    assertThat(verifier.verify(true, Optional.empty()))
        .isEqualTo(new VerificationResult.Failed("checkpoint: fetch failed: connection refused"));
  }
}
