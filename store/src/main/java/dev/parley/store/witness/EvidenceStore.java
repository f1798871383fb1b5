package dev.parley.store.witness;

import dev.parley.store.Database;
import dev.parley.tlog.tree.Hash;
import dev.parley.tlog.tree.Hashes;
import dev.parley.tlog.witness.ForkEvidence;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fork evidence, kept forever (a trigger refuses changes and deletes). One record per pair of notes,
 * whoever reports it first. Thread-safe.
 */
public final class EvidenceStore {
  private final Database db;

  public EvidenceStore(Database db) {
    this.db = db;
  }

  /** One record: the evidence, the peer whose log it is about (null if none), when it was recorded. */
  public record Recorded(long id, ForkEvidence evidence, String peer, Instant recorded) {}

  /** Records the evidence about {@code peer}'s log; false when the same pair of notes is recorded already. */
  public boolean record(ForkEvidence evidence, String peer) {
    return db.inTransaction(c -> {
      try (PreparedStatement s = c.prepareStatement("insert into fork_evidence (origin, peer, notes, proof, sources, seen, digest)"
          + " values (?, ?, ?, ?, ?, ?, ?) on conflict (digest) do nothing")) {
        s.setString(1, evidence.origin());
        s.setString(2, peer);
        s.setArray(3, c.createArrayOf("text", evidence.notes().toArray()));
        s.setArray(4, c.createArrayOf("text", evidence.proof().stream().map(Hash::toBase64).toArray()));
        s.setArray(5, c.createArrayOf("text", evidence.from().toArray()));
        s.setArray(6, c.createArrayOf("timestamptz",
            evidence.at().stream().map(t -> OffsetDateTime.ofInstant(t, ZoneOffset.UTC)).toArray()));
        s.setString(7, digest(evidence));
        return s.executeUpdate() == 1;
      }
    });
  }

  /** Whether a record about the log {@code origin} exists. */
  boolean recorded(String origin) {
    return db.withConnection(c -> {
      try (PreparedStatement s = c.prepareStatement("select exists (select 1 from fork_evidence where origin = ?)")) {
        s.setString(1, origin);
        try (ResultSet r = s.executeQuery()) {
          return r.next() && r.getBoolean(1);
        }
      }
    });
  }

  /** Whether a record about the log {@code origin} holds the checkpoint that the signed {@code note} carries, however signed. */
  public boolean holdsNote(String origin, String note) {
    return origin != null && note != null && holdsCheckpoint(origin, Forks.body(note));
  }

  /** Whether a record about the log {@code origin} holds a note whose checkpoint text is {@code body} ({@link Forks#body}). */
  boolean holdsCheckpoint(String origin, String body) {
    return db.withConnection(c -> {
      try (PreparedStatement s = c.prepareStatement("select notes from fork_evidence where origin = ?")) {
        s.setString(1, origin);
        try (ResultSet r = s.executeQuery()) {
          while (r.next()) {
            for (String note : strings(r.getArray(1))) if (Forks.body(note).equals(body)) return true;
          }
        }
      }
      return false;
    });
  }

  /** Every record, oldest first. */
  public List<Recorded> list() {
    return db.withConnection(c -> {
      try (PreparedStatement s = c.prepareStatement(
          "select id, origin, peer, notes, proof, sources, seen, recorded from fork_evidence order by id");
          ResultSet r = s.executeQuery()) {
        List<Recorded> out = new ArrayList<>();
        while (r.next()) {
          List<Hash> proof = Arrays.stream(strings(r.getArray(5))).map(Hash::fromBase64).toList();
          Object[] seen = (Object[]) r.getArray(7).getArray();
          List<Instant> at = Arrays.stream(seen).map(EvidenceStore::instant).toList();
          ForkEvidence e = new ForkEvidence(r.getString(2), List.of(strings(r.getArray(4))), proof,
              List.of(strings(r.getArray(6))), at);
          out.add(new Recorded(r.getLong(1), e, r.getString(3), r.getObject(8, OffsetDateTime.class).toInstant()));
        }
        return out;
      }
    });
  }

  /** How many forks are recorded about each peer's log, by peer name. */
  public Map<String, Long> countsByPeer() {
    // by the log: a record found through one name counts for every name that pins its key, and for a name since removed
    // (hostile run 10w: of two names of a forked log, the one that had not shown the fork had no count, and no alert fired)
    return db.withConnection(c -> {
      try (PreparedStatement s = c.prepareStatement("select p.name, count(distinct f.id) from peer p join fork_evidence f on f.peer = p.name"
          + " or (p.verifier_key is not null and (f.peer in (select o.name from peer o where o.verifier_key = p.verifier_key)"
          + " or f.peer in (select r.name from peer_retired r where r.verifier_key = p.verifier_key)))"
          + " group by p.name order by p.name");
          ResultSet r = s.executeQuery()) {
        Map<String, Long> out = new LinkedHashMap<>();
        while (r.next()) out.put(r.getString(1), r.getLong(2));
        return out;
      }
    });
  }

  /** The fork evidence records about peers' logs (those found through a peer), each once. */
  public long countAboutPeers() {
    return db.withConnection(c -> {
      try (PreparedStatement s = c.prepareStatement("select count(*) from fork_evidence where peer is not null");
          ResultSet r = s.executeQuery()) {
        r.next();
        return r.getLong(1);
      }
    });
  }

  private static Instant instant(Object value) {
    if (value instanceof Timestamp t) return t.toInstant();
    if (value instanceof OffsetDateTime o) return o.toInstant();
    throw new IllegalStateException("unexpected timestamp " + value);
  }

  private static String[] strings(Array array) throws SQLException {
    Object[] values = (Object[]) array.getArray();
    return Arrays.copyOf(values, values.length, String[].class);
  }

  /** The two notes, in either order, name the record. */
  private static String digest(ForkEvidence e) {
    List<String> notes = new ArrayList<>(e.notes());
    notes.sort(null);
    return Hashes.sha256((e.origin() + "\n" + String.join("\u0000", notes)).getBytes(StandardCharsets.UTF_8)).toHex();
  }
}
