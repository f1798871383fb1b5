package dev.parley.store.peers;

import dev.parley.store.Database;
import dev.parley.store.NotFoundException;
import dev.parley.store.accounts.AccountStore;
import dev.parley.store.egress.AgreementStore;
import dev.parley.store.egress.Publisher;
import dev.parley.store.log.LogAppender;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The peers of a node and how syncing with each went. Thread-safe; every change is one transaction. */
public final class PeerStore {
  /** The advisory-lock class of sync passes ("Sync"); the key is the peer's name. */
  static final int PASS_LOCK_CLASS = 0x53796e63;

  private final Database db;

  public PeerStore(Database db) {
    this.db = db;
  }

  /**
   * What {@link #put} did.
   *
   * @param created whether the peer was added (it was not registered), a removed peer added again included
   * @param returned whether it was added again as the peer removed under its name, with its identity
   * @param accountToken the new account's token (shown once), or null when the account existed
   */
  public record Put(boolean created, boolean returned, String accountToken) {}

  /**
   * Adds a peer, or updates what is given (non-null) of a known one and nothing else; in the same
   * transaction, makes the account the peer uses here when no account has its name.
   */
  public Put put(String name, String url, String token, String key, AccountStore accounts) {
    return put(name, url, token, key, null, accounts);
  }

  /** {@link #put}, with the certificates (PEM, checked by {@link PeerTrust#canonical}) trusted for its HTTPS, when not null. */
  public Put put(String name, String url, String token, String key, String tlsTrust, AccountStore accounts) {
    return put(name, url, token, key, key != null, tlsTrust, accounts);
  }

  /**
   * {@link #put}, saying whether an operator gave {@code key} ({@code keyGiven}) or the peer's URL
   * served it: only given keys join names of one node ({@link #sameNode}).
   */
  public Put put(String name, String url, String token, String key, boolean keyGiven, String tlsTrust, AccountStore accounts) {
    return db.inTransaction(c -> {
      boolean created;
      int id;
      boolean returned = revive(c, name, url, key);
      Set<Integer> before = Set.of();
      if (key != null) {
        try (PreparedStatement s = c.prepareStatement("select id from peer where name = ?")) {
          s.setString(1, name);
          try (ResultSet r = s.executeQuery()) {
            if (r.next()) before = Set.of(sameNode(c, r.getInt(1)));
          }
        }
      }
      try (PreparedStatement s = c.prepareStatement("insert into peer (name, url, token, verifier_key, tls_trust, key_given)"
          + " values (?, ?, ?, ?, ?, ?)"
          + " on conflict (name) do update set url = coalesce(excluded.url, peer.url),"
          + " token = coalesce(excluded.token, peer.token), verifier_key = coalesce(excluded.verifier_key, peer.verifier_key),"
          // another log key is another node: its witness key is pinned again at the next contact (hostile run 10p: the old
          // one stayed, and the re-installed peer's cosignatures were refused for ever)
          + " witness_key = case when excluded.verifier_key is distinct from peer.verifier_key and excluded.verifier_key is not null"
          + " then null else peer.witness_key end,"
          + " tls_trust = coalesce(excluded.tls_trust, peer.tls_trust), key_given = case when excluded.verifier_key is null"
          + " then peer.key_given when excluded.verifier_key = peer.verifier_key then peer.key_given or excluded.key_given"
          + " else excluded.key_given end"
          + " returning (xmax = 0), id")) {
        s.setString(1, name);
        s.setString(2, url);
        s.setString(3, token);
        s.setString(4, key);
        s.setString(5, tlsTrust);
        s.setBoolean(6, key != null && keyGiven);
        try (ResultSet r = s.executeQuery()) {
          r.next();
          // a returning peer's row was inserted by revive, so this statement updated it: it is added all the same
          created = r.getBoolean(1) || returned;
          id = r.getInt(2);
        }
      }
      if (key != null) {
        forkStateOfKey(c, id);
        // a key given joins the names of one node, or moves this name to another: their feeds are built again
        Set<Integer> after = Set.of(sameNode(c, id));
        if (!after.equals(before) && (after.size() > 1 || before.size() > 1)) {
          Set<Integer> both = new HashSet<>(after);
          both.addAll(before);
          Publisher.sameNodeChanged(c, both);
        }
      }
      String accountToken = null;
      if (!accounts.exists(c, name)) {
        accountToken = accounts.createForPeer(c, name);
      } else if (created) {
        // an account made before the peer keeps its token, not its rights: exactly what the agreement gives
        accounts.becomePeer(c, name);
      }
      AgreementStore.grant(c, name, accounts);
      AccountStore.changed(c); // the account is now a peer's: caches of accounts must read it again
      return new Put(created, returned, accountToken);
    });
  }

  /**
   * A peer added again under the name of one removed, with the same log key when both are known, is
   * that peer again: its row comes back with its id and log name (and no token; the put that follows
   * sets what is given), so what was received from it and what it sent still count as its own. A
   * different key is another node: it gets a new identity, and the retired one stays. Every identity
   * retired under the name is kept (V67): the one with the same key comes back first, else the last
   * retired whose key is not known on a side. Returns whether the peer came back.
   */
  private static boolean revive(Connection c, String name, String url, String key) throws SQLException {
    Integer id = null;
    try (PreparedStatement s = c.prepareStatement("insert into peer (id, name, url, verifier_key, log_name, key_given)"
        + " select r.id, r.name, ?, r.verifier_key, r.log_name, r.key_given from peer_retired r where r.name = ?"
        + " and (r.verifier_key is null or ?::text is null or r.verifier_key = ?) and not exists (select 1 from peer where name = ?)"
        + " order by (r.verifier_key is not distinct from ?::text) desc, r.retired desc limit 1"
        + " on conflict do nothing returning id")) {
      s.setString(1, url);
      s.setString(2, name);
      s.setString(3, key);
      s.setString(4, key);
      s.setString(5, name);
      s.setString(6, key);
      try (ResultSet r = s.executeQuery()) {
        if (r.next()) id = r.getInt(1);
      }
    }
    if (id == null) return false;
    try (PreparedStatement s = c.prepareStatement("delete from peer_retired where id = ?")) {
      s.setInt(1, id);
      s.executeUpdate();
    }
    return true;
  }

  /** Forgets the certificates pinned for the peer's HTTPS: the JVM's trust store decides again. */
  public void forgetTlsTrust(String name) {
    db.inTransaction(c -> {
      try (PreparedStatement s = c.prepareStatement("update peer set tls_trust = null where name = ?")) {
        s.setString(1, name);
        if (s.executeUpdate() == 0) throw new NotFoundException("no peer named " + name);
      }
      return null;
    });
  }

  /**
   * Whether {@code key} is this node's own log key: a node is not its own peer (hostile run 10q: a node
   * added under its own URL pulled its objects back as received from a peer, its log watched as a peer's).
   */
  public boolean isOwnKey(String key) {
    return key != null && db.withConnection(c -> {
      try (PreparedStatement s = c.prepareStatement("select exists (select 1 from log_key where verifier_key = ?)")) {
        s.setString(1, key);
        try (ResultSet r = s.executeQuery()) {
          return r.next() && r.getBoolean(1);
        }
      }
    });
  }

  /**
   * Pins the peer's log key when none is pinned yet; returns the key pinned now (the given one, or the
   * one pinned before). A key that another peer pinned makes the two one node ({@link #sameNode}): the
   * feeds of all its names are built again in the same transaction, so that none serves what another
   * name sent.
   */
  public String pinKey(String name, String key) {
    return db.inTransactionRetrying(c -> {
      int id;
      try (PreparedStatement s = c.prepareStatement("select id, verifier_key from peer where name = ? for update")) {
        s.setString(1, name);
        try (ResultSet r = s.executeQuery()) {
          if (!r.next()) throw new NotFoundException("no peer named " + name);
          if (r.getString(2) != null) return r.getString(2);
          id = r.getInt(1);
        }
      }
      try (PreparedStatement s = c.prepareStatement("update peer set verifier_key = ? where id = ?")) {
        s.setString(1, key);
        s.setInt(2, id);
        s.executeUpdate();
      }
      forkStateOfKey(c, id);
      Integer[] node = sameNode(c, id);
      if (node.length > 1) Publisher.sameNodeChanged(c, Set.of(node));
      return key;
    });
  }

  /**
   * The ids of peer {@code id} and of every other peer, present or removed, whose log key is its own,
   * each key given by an operator ({@code peer add --key}): one node added under several names, whose
   * names the echo rule judges as one (what the node sent under one name does not come back to it
   * under another). A key a peer's URL served at first contact joins nothing: a log key is public, and
   * a stranger that served another peer's took objects out of that peer's feed (hostile run 10p).
   */
  public static Integer[] sameNode(Connection c, int id) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("select ? union select p.id from peer p join peer q on q.verifier_key = p.verifier_key"
        + " where q.id = ? and q.key_given and p.key_given union select r.id from peer_retired r join peer q"
        + " on q.verifier_key = r.verifier_key where q.id = ? and q.key_given and r.key_given")) {
      s.setInt(1, id);
      s.setInt(2, id);
      s.setInt(3, id);
      List<Integer> out = new ArrayList<>();
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) out.add(r.getInt(1));
      }
      return out.toArray(Integer[]::new);
    }
  }

  public Optional<Peer> find(String name) {
    return db.withConnection(c -> {
      try (PreparedStatement s = c.prepareStatement(SELECT + " where name = ?")) {
        s.setString(1, name);
        try (ResultSet r = s.executeQuery()) {
          return r.next() ? Optional.of(read(r)) : Optional.empty();
        }
      }
    });
  }

  /** Every peer, by name. */
  public List<Peer> list() {
    return db.withConnection(c -> {
      try (PreparedStatement s = c.prepareStatement(SELECT + " order by name"); ResultSet r = s.executeQuery()) {
        List<Peer> out = new ArrayList<>();
        while (r.next()) out.add(read(r));
        return out;
      }
    });
  }

  /**
   * Records the state a contact with the peer found, and why. A {@code forked} peer stays forked
   * whatever a later contact finds, until an operator accepts the fork ({@link #acceptFork}).
   */
  public void state(String name, String state, String detail) {
    db.inTransaction(c -> {
      try (PreparedStatement s = c.prepareStatement(
          "update peer set state = ?, state_detail = ? where name = ? and (state <> 'forked' or ? = 'forked')")) {
        s.setString(1, state);
        s.setString(2, detail);
        s.setString(3, name);
        s.setString(4, state);
        s.executeUpdate();
      }
      return null;
    });
  }

  /**
   * Takes the lock of a sync pass with peer {@code name}: a session advisory lock, so that of every
   * process sharing this database (the node's loop, {@code parley sync}) one pass at a time runs with
   * a peer. It is held until the handle is closed or the process ends. Empty when another pass holds it.
   */
  public Optional<AutoCloseable> holdPass(String name) {
    return Optional.ofNullable(db.holdLock(PASS_LOCK_CLASS, name));
  }

  /**
   * Whether the peer's log was seen forked (fork evidence is recorded) and no operator accepted it
   * since: sync with such a peer must not run (fail closed). An unknown peer is not forked. A fork is
   * of a log, its key ({@code forked_log}): every name that pins a forked key is forked, whatever name
   * showed the fork (hostile run 10q: a node known under two names went on syncing under the name
   * that had not shown it), and a name whose key changed is not forked by its old key's fork (10s).
   */
  public boolean isForked(String name) {
    return db.withConnection(c -> {
      try (PreparedStatement s = c.prepareStatement("select exists (select 1 from peer p where p.name = ? and (p.state = 'forked'"
          + " or exists (select 1 from forked_log f where f.verifier_key = p.verifier_key and f.accepted is null)))")) {
        s.setString(1, name);
        try (ResultSet r = s.executeQuery()) {
          return r.next() && r.getBoolean(1);
        }
      }
    });
  }

  /**
   * Marks the peer's log key forked, with why, and so the peer and every peer that pins the same key
   * (one log, whatever the names it is known by); it stays so until {@link #acceptFork}, also for a
   * name that pins the key later.
   */
  public void markForked(String name, String detail) {
    db.inTransaction(c -> {
      try (PreparedStatement s = c.prepareStatement("insert into forked_log (verifier_key, detail)"
          + " select verifier_key, ? from peer where name = ? and verifier_key is not null"
          + " on conflict (verifier_key) do update set detail = excluded.detail, accepted = null,"
          + " since = case when forked_log.accepted is null then forked_log.since else now() end")) {
        s.setString(1, detail);
        s.setString(2, name);
        s.executeUpdate();
      }
      // every name of the key is forked; each told what showed it, and its own command (hostile run 10w: a name that
      // served the accepted history read the other name's words, and "peer trust" of the other name)
      try (PreparedStatement s = c.prepareStatement("update peer set state = 'forked', state_detail = case when name = ? then ?"
          + " else 'its log key is forked, shown through peer ' || ? || ': ' || replace(?, 'peer trust ' || ? || ' --accept-fork',"
          + " 'peer trust ' || name || ' --accept-fork') end where name = ? or verifier_key = (select verifier_key from peer where name = ?)")) {
        s.setString(1, name);
        s.setString(2, detail);
        s.setString(3, name);
        s.setString(4, detail);
        s.setString(5, name);
        s.setString(6, name);
        s.setString(7, name);
        s.executeUpdate();
      }
      return null;
    });
  }

  /**
   * The fork state of peer {@code id} after its key was pinned or changed, from its key alone: forked,
   * with the key's detail, when the key's fork stands; a name that was forked under another key is no
   * longer (that key's fork stays on record, for any name that pins it), and waits for its next contact.
   */
  private static void forkStateOfKey(Connection c, int id) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("update peer p set state = 'forked', state_detail = f.detail from forked_log f"
        + " where p.id = ? and f.verifier_key = p.verifier_key and f.accepted is null")) {
      s.setInt(1, id);
      if (s.executeUpdate() > 0) return;
    }
    try (PreparedStatement s = c.prepareStatement("update peer set state = 'unreachable', state_detail = ?"
        + " where id = ? and state = 'forked'")) {
      s.setString(1, "not contacted since its log key changed; the fork of the key it had stays on record");
      s.setInt(2, id);
      s.executeUpdate();
    }
  }

  /**
   * An operator accepts the peer's forked log: its key's fork no longer stands, and the peer, and
   * every peer that pins the same key, is {@code ok} again (sync resumes); returns false when none was
   * forked. The evidence is kept.
   */
  public boolean acceptFork(String name, String detail) {
    return db.inTransaction(c -> {
      int keys;
      try (PreparedStatement s = c.prepareStatement("update forked_log set accepted = now() where accepted is null"
          + " and verifier_key = (select verifier_key from peer where name = ?)")) {
        s.setString(1, name);
        keys = s.executeUpdate();
      }
      try (PreparedStatement s = c.prepareStatement(
          "update peer set state = 'ok', state_detail = ? where state = 'forked'"
          + " and (name = ? or verifier_key = (select verifier_key from peer where name = ?))")) {
        s.setString(1, detail);
        s.setString(2, name);
        s.setString(3, name);
        return s.executeUpdate() + keys > 0;
      }
    });
  }

  /** The peer's witness key (cosignature/v1), when pinned. */
  public Optional<String> witnessKey(String name) {
    return db.withConnection(c -> {
      try (PreparedStatement s = c.prepareStatement("select witness_key from peer where name = ?")) {
        s.setString(1, name);
        try (ResultSet r = s.executeQuery()) {
          return r.next() ? Optional.ofNullable(r.getString(1)) : Optional.empty();
        }
      }
    });
  }

  /** Pins the peer's witness key unless one is pinned; returns the key pinned now. */
  public Optional<String> pinWitnessKey(String name, String key) {
    return db.inTransaction(c -> {
      try (PreparedStatement s = c.prepareStatement(
          "update peer set witness_key = coalesce(witness_key, ?) where name = ? returning witness_key")) {
        s.setString(1, key);
        s.setString(2, name);
        try (ResultSet r = s.executeQuery()) {
          return r.next() ? Optional.ofNullable(r.getString(1)) : Optional.empty();
        }
      }
    });
  }

  /**
   * Records the end of a sync pass with the peer. What moved is counted as it is committed (each
   * page pulled, {@link SyncPositions#pulled}; each envelope pushed, {@link SyncPositions#pushed}),
   * so a pass cut short by a kill still counts it.
   */
  public void synced(String name, Instant at) {
    db.inTransaction(c -> {
      try (PreparedStatement s = c.prepareStatement("update peer set last_sync = ? where name = ?")) {
        s.setObject(1, OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
        s.setString(2, name);
        s.executeUpdate();
      }
      return null;
    });
  }

  /**
   * Removes the peer, revokes its account and ends its agreement ({@link AgreementStore#end}, logged
   * with {@code log}), in one transaction; throws {@link NotFoundException} when there is no such peer.
   */
  public void remove(String name, AccountStore accounts, LogAppender log) {
    db.inTransactionRetrying(c -> {
      try (PreparedStatement s = c.prepareStatement("select 1 from peer where name = ? for update")) {
        s.setString(1, name);
        try (ResultSet r = s.executeQuery()) {
          if (!r.next()) throw new NotFoundException("no peer named " + name);
        }
      }
      accounts.revoke(c, name);
      // while the peer is still there: the end of its agreement takes down its feed, and the others'
      // where they serve what it sent and may no longer relay
      AgreementStore.end(c, name, log);
      // every identity retired under the name is kept (V67): one added by mistake does not overwrite the real one
      try (PreparedStatement s = c.prepareStatement("insert into peer_retired (name, id, log_name, verifier_key, key_given)"
          + " select name, id, log_name, verifier_key, key_given from peer where name = ? on conflict (id) do update set name = excluded.name,"
          + " log_name = excluded.log_name, verifier_key = excluded.verifier_key, key_given = excluded.key_given, retired = now()")) {
        s.setString(1, name);
        s.executeUpdate();
      }
      try (PreparedStatement s = c.prepareStatement("delete from peer where name = ?")) {
        s.setString(1, name);
        s.executeUpdate();
      }
      return null;
    });
  }

  private static final String SELECT =
      "select id, name, url, token, verifier_key, state, state_detail, last_sync, pulled, pushed, log_name, tls_trust from peer";

  private static Peer read(ResultSet r) throws SQLException {
    OffsetDateTime last = r.getObject(8, OffsetDateTime.class);
    return new Peer(r.getInt(1), r.getString(2), r.getString(3), r.getString(4), r.getString(5), r.getString(6), r.getString(7),
        last == null ? null : last.toInstant(), r.getLong(9), r.getLong(10), r.getString(11), r.getString(12));
  }
}
