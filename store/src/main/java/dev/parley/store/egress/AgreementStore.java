package dev.parley.store.egress;

import dev.parley.policy.agreement.Accept;
import dev.parley.policy.agreement.Agreement;
import dev.parley.policy.agreement.Parsed;
import dev.parley.policy.agreement.Share;
import dev.parley.store.Database;
import dev.parley.store.NotFoundException;
import dev.parley.store.StoreException;
import dev.parley.store.accounts.AccountStore;
import dev.parley.store.accounts.Right;
import dev.parley.store.log.Leaf;
import dev.parley.store.log.LogAppender;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The agreements with peers, every version kept. Installing one is one transaction: the version is
 * stored, the peer's account gets exactly the rights its {@code share} (read) and {@code accept}
 * (write) give, and an entry of kind agreement is appended to the log, so what was agreed, and when,
 * is on the record. Thread-safe.
 */
public final class AgreementStore {
  private final Database db;
  private final AccountStore accounts;

  public AgreementStore(Database db, AccountStore accounts) {
    this.db = db;
    this.accounts = accounts;
  }

  /** One installed version of an agreement. */
  public record Installed(String peer, int version, Agreement agreement, String hash, Instant installed) {}

  /**
   * Installs {@code agreement} as the peer's next version, unless it equals the one in force
   * (then nothing changes and the one in force is returned). Throws {@link NotFoundException} when
   * there is no such peer or its account is gone.
   */
  public Installed install(String peer, Agreement agreement, LogAppender log) {
    // all of it in the database: run again if a concurrent sync's transaction and this one deadlock
    return db.inTransactionRetrying(c -> {
      try (PreparedStatement s = c.prepareStatement("select 1 from peer where name = ? for update")) {
        s.setString(1, peer);
        try (ResultSet r = s.executeQuery()) {
          if (!r.next()) throw new NotFoundException("no peer named " + peer + "; add it first with parley peer add");
        }
      }
      if (!accounts.exists(c, peer)) {
        throw new NotFoundException("peer " + peer + " has no account here (it was revoked); run parley peer add " + peer + " again");
      }
      Optional<Installed> current = current(c, peer);
      if (current.isPresent() && current.get().hash().equals(agreement.hash())) return current.get();
      int version = current.map(i -> i.version() + 1).orElse(1);
      String body = agreement.toJson();
      insert(c, peer, version, agreement); // before the feeds change: rule 3 reads the peer's relay from it
      Publisher.agreementChanged(c, peer, current.map(Installed::agreement).orElse(Agreement.NONE), agreement);
      // installed when the feeds' change is made, not when the transaction began (hostile run 10m: a peer read by
      // the old terms for the 1-2 s after the time recorded, while its feed was changed)
      Instant at = installedNow(c, peer, version);
      grant(c, peer, agreement, accounts);
      if (log != null) log.append(c, List.of(Leaf.agreement(peer, version, body.getBytes(StandardCharsets.UTF_8))));
      return new Installed(peer, version, agreement, agreement.hash(), at);
    });
  }

  /**
   * Ends the agreement with a peer being removed, inside the removal's transaction: when one is in
   * force and shares, pulls, pushes, accepts or relays anything, an empty one (the file {@code {}})
   * becomes its next version, logged like any other. A peer added again under that name starts with
   * nothing, and its operator installs an agreement again; the old terms never come back by
   * themselves (before, {@code policy explain} still listed what the old agreement served while the
   * new account had no rights, and installing the same file again was "unchanged" and granted nothing).
   */
  public static void end(Connection c, String peer, LogAppender log) throws SQLException {
    Optional<Installed> current = current(c, peer);
    if (current.isEmpty() || current.get().hash().equals(Agreement.NONE.hash())) return;
    int version = current.get().version() + 1;
    insert(c, peer, version, Agreement.NONE);
    Publisher.agreementChanged(c, peer, current.get().agreement(), Agreement.NONE);
    if (log != null) {
      log.append(c, List.of(Leaf.agreement(peer, version, Agreement.NONE.toJson().getBytes(StandardCharsets.UTF_8))));
    }
  }

  /** Sets the time version {@code version} of the peer's agreement was installed to now, and returns it. */
  private static Instant installedNow(Connection c, String peer, int version) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("update agreement set installed = clock_timestamp() where peer = ? and version = ? returning installed")) {
      s.setString(1, peer);
      s.setInt(2, version);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getObject(1, OffsetDateTime.class).toInstant();
      }
    }
  }

  /** Inserts version {@code version} of the peer's agreement; returns when it was installed. */
  private static Instant insert(Connection c, String peer, int version, Agreement agreement) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(
        "insert into agreement (peer, version, body, sha256) values (?, ?, ?, ?) returning installed")) {
      s.setString(1, peer);
      s.setInt(2, version);
      s.setString(3, agreement.toJson());
      s.setBytes(4, HexFormat.of().parseHex(agreement.hash()));
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getObject(1, OffsetDateTime.class).toInstant();
      }
    }
  }

  /** The agreement in force with {@code peer}, if one was installed. */
  public Optional<Installed> current(String peer) {
    return db.withConnection(c -> current(c, peer));
  }

  /** Version {@code version} of the agreement with {@code peer}. */
  public Optional<Installed> version(String peer, int version) {
    return db.withConnection(c -> read(c, "select peer, version, body, installed from agreement where peer = ? and version = ?", peer, version));
  }

  private static Optional<Installed> current(Connection c, String peer) throws SQLException {
    return read(c, "select peer, version, body, installed from agreement where peer = ? order by version desc limit 1", peer, null);
  }

  private static Optional<Installed> read(Connection c, String sql, String peer, Integer version) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql)) {
      s.setString(1, peer);
      if (version != null) s.setInt(2, version);
      try (ResultSet r = s.executeQuery()) {
        if (!r.next()) return Optional.empty();
        Agreement a = parseStored(r.getString(3));
        return Optional.of(new Installed(r.getString(1), r.getInt(2), a, a.hash(), r.getObject(4, OffsetDateTime.class).toInstant()));
      }
    }
  }

  /** Reads back a stored (canonical) agreement: its local collections are ids already. */
  static Agreement parseStored(String body) {
    Parsed p = Agreement.parse(body, Optional::of);
    if (p instanceof Parsed.Valid v) return v.agreement();
    throw new StoreException("a stored agreement does not read back: " + ((Parsed.Invalid) p).problems());
  }

  /**
   * Gives the peer's account exactly the rights of the agreement in force (none without one), inside
   * the caller's transaction: when the agreement is installed, and when {@code parley peer add} makes
   * an account the peer's.
   */
  public static void grant(Connection c, String peer, AccountStore accounts) throws SQLException {
    grant(c, peer, current(c, peer).map(Installed::agreement).orElse(Agreement.NONE), accounts);
  }

  private static void grant(Connection c, String peer, Agreement agreement, AccountStore accounts) throws SQLException {
    Map<String, Right> rights = rights(agreement);
    UUID feedback = Feedbacks.collection(c, agreement);
    if (feedback != null) rights.merge(feedback.toString(), new Right(true, false), Right::or);
    accounts.replaceRights(c, peer, rights);
  }

  /** The rights a peer's account has: read what {@code share} lists, write what {@code accept} lists; nothing else. */
  static Map<String, Right> rights(Agreement a) {
    Map<String, Right> rights = new HashMap<>();
    for (Share s : a.share()) rights.merge(s.collection(), new Right(true, false), Right::or);
    for (Accept x : a.accept()) rights.merge(x.collection(), new Right(false, true), Right::or);
    return rights;
  }
}
