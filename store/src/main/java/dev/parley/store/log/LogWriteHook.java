package dev.parley.store.log;

import dev.parley.store.objects.StoredVersion;
import dev.parley.stix.Timestamps;
import dev.parley.store.objects.WriteHook;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The object store's write hook that logs every stored and deleted version in the writing
 * transaction, and the versions a blind add sent that the collection held already. The version
 * string in the entry is the STIX form of the stored version ({@link Timestamps#formatVersion}).
 * Thread-safe.
 */
final class LogWriteHook implements WriteHook {
  private final LogAppender appender;

  LogWriteHook(LogAppender appender) {
    this.appender = appender;
  }

  @Override
  public void stored(Connection tx, UUID collection, List<StoredVersion> versions) throws SQLException {
    if (versions.isEmpty()) return;
    appender.append(tx, versions.stream()
        .map(v -> v.source() == null ? Leaf.stored(collection, v.stixId(), v.canonical(), Timestamps.formatVersion(v.version()))
            : Leaf.received(collection, v.stixId(), v.canonical(), Timestamps.formatVersion(v.version()), v.source()))
        .toList());
  }

  /**
   * One entry for each slot (id and version) the sender had not sent before: a peer's versions
   * that the log already has an entry of from that peer (it stored them, or took them as held
   * already) are left out, as are repeats within the batch. So the log grows by what a peer sends
   * the first time, whatever the collection held, and its resends (a push that starts again after
   * its feed was rebuilt) change nothing; both depend only on what the peer itself sent. A sender
   * that is no peer (a write-only account) is not told apart from others, and each of its sends
   * has its entry.
   */
  @Override
  public void heldAlready(Connection tx, UUID collection, List<StoredVersion> versions) throws SQLException {
    List<Sent> sent = new ArrayList<>(versions.size());
    Set<String> slots = new HashSet<>();
    for (StoredVersion v : versions) {
      Sent one = new Sent(v, Timestamps.formatVersion(v.version()));
      if (v.source() == null || slots.add(one.key())) sent.add(one);
    }
    if (sent.isEmpty()) return;
    Set<String> before = sentBefore(tx, collection, sent);
    List<Leaf> leaves = new ArrayList<>(sent.size());
    for (Sent one : sent) {
      StoredVersion v = one.version();
      if (v.source() != null && before.contains(one.key())) continue;
      leaves.add(Leaf.heldAlready(collection, v.stixId(), v.canonical(), one.text(), v.source()));
    }
    if (!leaves.isEmpty()) appender.append(tx, leaves);
  }

  /** A version sent, with its version text; {@link #key} names its slot and sender. */
  private record Sent(StoredVersion version, String text) {
    String key() {
      return key(version.stixId(), text, version.source());
    }

    static String key(String stixId, String text, String sender) {
      return stixId + "\n" + text + "\n" + sender;
    }
  }

  /** The {@link Sent#key}s of the versions whose sender (a peer, by its log name) has an entry of them in the collection. */
  private static Set<String> sentBefore(Connection tx, UUID collection, List<Sent> sent) throws SQLException {
    List<Sent> fromPeers = sent.stream().filter(one -> one.version().source() != null).toList();
    Set<String> out = new HashSet<>();
    if (fromPeers.isEmpty()) return out;
    String[] ids = fromPeers.stream().map(one -> one.version().stixId()).toArray(String[]::new);
    String[] texts = fromPeers.stream().map(Sent::text).toArray(String[]::new);
    String[] peers = fromPeers.stream().map(one -> one.version().source()).toArray(String[]::new);
    // a probe of the id's hash index for each, never a scan (see VersionStager on lagging statistics)
    try (PreparedStatement s = tx.prepareStatement("select k.id, k.v, k.p from unnest(?::text[], ?::text[], ?::text[]) k (id, v, p)"
        + " where exists (select 1 from log_salt l where l.stix_id = k.id and l.collection_id = ? and l.version = k.v"
        + " and l.peer = k.p and l.kind in (1, 4) offset 0)")) {
      s.setObject(1, ids);
      s.setObject(2, texts);
      s.setObject(3, peers);
      s.setObject(4, collection);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) out.add(Sent.key(r.getString(1), r.getString(2), r.getString(3)));
      }
    }
    return out;
  }

  @Override
  public void deleted(Connection tx, UUID collection, List<StoredVersion> versions) throws SQLException {
    if (versions.isEmpty()) return;
    appender.append(tx, versions.stream()
        .map(v -> Leaf.deleted(collection, v.stixId(), Timestamps.formatVersion(v.version())))
        .toList());
  }
}
