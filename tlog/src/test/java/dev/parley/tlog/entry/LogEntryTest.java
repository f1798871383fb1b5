package dev.parley.tlog.entry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.tlog.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class LogEntryTest {
  private static final Salt SALT = Salt.of(new byte[32]);
  private static final byte[] CANONICAL = "{\"collection\":\"c\",\"object\":{},\"version\":\"v\"}".getBytes(StandardCharsets.UTF_8);

  @Test
  void commit_isSha256OfDomainSaltAndCanonicalBytes() throws Exception {
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    sha.update("parley/tlog/commitment/v1\n".getBytes(StandardCharsets.US_ASCII));
    sha.update(new byte[32]);
    sha.update(CANONICAL);
    assertThat(Commitments.commit(SALT, CANONICAL).bytes()).isEqualTo(sha.digest());
  }

  @Test
  void encode_store_hasDocumentedLayout() {
    LogEntry entry = LogEntry.of(EntryKind.STORE, Instant.ofEpochMilli(0x0102030405L), SALT, CANONICAL);
    byte[] bytes = entry.encode();
    assertThat(bytes).hasSize(42);
    assertThat(HexFormat.of().formatHex(bytes, 0, 10)).isEqualTo("01010000000102030405");
    assertThat(LogEntry.parse(bytes)).isEqualTo(entry);
  }

  @Test
  void encode_delete_kindTwo() {
    assertThat(LogEntry.of(EntryKind.DELETE, Instant.EPOCH, SALT, CANONICAL).encode()[1]).isEqualTo((byte) 2);
  }

  @Test
  void commitsTo_otherSaltOrBytes_false() {
    LogEntry entry = LogEntry.of(EntryKind.STORE, Instant.EPOCH, SALT, CANONICAL);
    assertThat(entry.commitsTo(SALT, CANONICAL)).isTrue();
    assertThat(entry.commitsTo(Salt.random(), CANONICAL)).isFalse();
    assertThat(entry.commitsTo(SALT, "{}".getBytes())).isFalse();
  }

  @Test
  void parse_badVersionKindOrLength_rejected() {
    byte[] bytes = LogEntry.of(EntryKind.STORE, Instant.EPOCH, SALT, CANONICAL).encode();
    byte[] version = bytes.clone();
    version[0] = 2;
    byte[] kind = bytes.clone();
    kind[1] = 5; // 1 store, 2 delete, 3 agreement, 4 receive; nothing else
    assertThatThrownBy(() -> LogEntry.parse(version)).isInstanceOf(MalformedInputException.class);
    assertThatThrownBy(() -> LogEntry.parse(kind)).isInstanceOf(MalformedInputException.class);
    assertThatThrownBy(() -> LogEntry.parse(new byte[41])).isInstanceOf(MalformedInputException.class);
  }

  @Test
  void salt_toString_hidesBytes() {
    assertThat(Salt.random().toString()).isEqualTo("Salt[hidden]");
  }
}
