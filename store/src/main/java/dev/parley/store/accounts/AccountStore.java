package dev.parley.store.accounts;

import dev.parley.store.ConflictException;
import dev.parley.store.Database;
import dev.parley.store.NotFoundException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Accounts, their hashed tokens and rights. Every change is announced with a NOTIFY on
 * {@value #CHANNEL} in its transaction, so that caches of accounts in other processes hear of it at
 * commit ({@link #changes()}). Thread-safe.
 */
public final class AccountStore {
  /** The channel account changes are announced on. */
  public static final String CHANNEL = "parley_accounts";

  private final Database db;
  private final AtomicLong changes = new AtomicLong();
  private volatile Database.Listening listening;

  public AccountStore(Database db) {
    this.db = db;
  }

  /**
   * Creates an account with a fresh token and returns the token (the only time it exists in clear).
   * Throws {@link ConflictException} when the name is taken.
   */
  public String create(String name, boolean admin, Map<String, Right> rights) {
    return create(name, admin, rights, false);
  }

  /** As {@link #create(String, boolean, Map)}; {@code telemetry}: the account may post telemetry. */
  public String create(String name, boolean admin, Map<String, Right> rights, boolean telemetry) {
    String token = db.inTransaction(c -> {
      String t = create(c, name, admin, rights);
      if (telemetry) {
        try (PreparedStatement s = c.prepareStatement("update account set telemetry = true where name = ?")) {
          s.setString(1, name);
          s.executeUpdate();
        }
      }
      return t;
    });
    changes.incrementAndGet();
    return token;
  }

  /**
   * As {@link #create(String, boolean, Map)}, inside the caller's transaction. The name of a peer is
   * refused: a peer's account has exactly the rights of its agreement, and is made by {@code parley
   * peer add} ({@link #createForPeer}); an account made under a peer's name (after its token was
   * revoked) would otherwise be the peer's with whatever rights it was given, an administrator's too.
   */
  public String create(Connection c, String name, boolean admin, Map<String, Right> rights) throws SQLException {
    refuseIfPeer(c, name, "its account is made by 'parley peer add " + name + "', with exactly the rights its agreement gives");
    return insert(c, name, admin, rights);
  }

  /** Throws {@link ConflictException} ("NAME is a peer: {@code why}") when {@code name} is a peer's. */
  private static void refuseIfPeer(Connection c, String name, String why) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("select 1 from peer where name = ?")) {
      s.setString(1, name);
      try (ResultSet r = s.executeQuery()) {
        if (r.next()) throw new ConflictException(name + " is a peer: " + why);
      }
    }
  }

  /** Makes the account of the peer {@code name}, without rights (its agreement gives them), inside the caller's transaction. */
  public String createForPeer(Connection c, String name) throws SQLException {
    return insert(c, name, false, Map.of());
  }

  /**
   * Makes an existing account the account of the peer {@code name}, inside the caller's transaction:
   * it keeps its token, and loses every right it had (its agreement gives them again) and the
   * telemetry right. An administrator's account is refused: it would stop being one.
   */
  public void becomePeer(Connection c, String name) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("select admin from account where name = ? for update")) {
      s.setString(1, name);
      try (ResultSet r = s.executeQuery()) {
        if (r.next() && r.getBoolean(1)) {
          throw new ConflictException("the account " + name + " is an administrator; a peer's account has only the rights of its"
              + " agreement: give the peer another name, or revoke the account first ('parley token revoke " + name + "')");
        }
      }
    }
    try (PreparedStatement s = c.prepareStatement("update account set telemetry = false where name = ?")) {
      s.setString(1, name);
      s.executeUpdate();
    }
    replaceRights(c, name, Map.of());
  }

  private String insert(Connection c, String name, boolean admin, Map<String, Right> rights) throws SQLException {
    if (name == null || !name.matches("[A-Za-z0-9._@-]{1,64}")) {
      throw new IllegalArgumentException("an account name is 1-64 letters, digits, '.', '_', '@' or '-'");
    }
    String token = Tokens.generate();
    try (PreparedStatement s = c.prepareStatement(
        "insert into account (name, token_sha256, admin) values (?, ?, ?) on conflict do nothing")) {
      s.setString(1, name);
      s.setBytes(2, Tokens.hash(token));
      s.setBoolean(3, admin);
      if (s.executeUpdate() == 0) throw new ConflictException("an account named " + name + " exists");
    }
    setRights(c, name, rights);
    announce(c);
    return token;
  }

  /** Whether an account of this name exists, read inside the caller's transaction. */
  public boolean exists(Connection c, String name) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("select 1 from account where name = ?")) {
      s.setString(1, name);
      try (ResultSet r = s.executeQuery()) {
        return r.next();
      }
    }
  }

  /** Tells every process that caches accounts that one changed, inside the caller's transaction (at its commit). */
  public static void changed(Connection c) throws SQLException {
    announce(c);
  }

  /** Replaces the account's rights with {@code rights}, inside the caller's transaction. */
  public void replaceRights(Connection c, String name, Map<String, Right> rights) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("delete from account_right where account = ?")) {
      s.setString(1, name);
      s.executeUpdate();
    }
    setRights(c, name, rights);
    announce(c);
  }

  /**
   * Replaces the rights of the account {@code name} with {@code rights}; a running node judges the
   * account's next request by them. Throws {@link NotFoundException} when there is no such account.
   */
  public void changeRights(String name, Map<String, Right> rights) {
    boolean found = db.inTransaction(c -> {
      if (!exists(c, name)) return false;
      refuseIfPeer(c, name, "its rights are what its agreement says ('parley agreement set')");
      replaceRights(c, name, rights);
      return true;
    });
    changes.incrementAndGet();
    if (!found) throw new NotFoundException("no account named " + name);
  }

  private static void setRights(Connection c, String name, Map<String, Right> rights) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(
        "insert into account_right (account, collection, can_read, can_write, can_replace) values (?, ?, ?, ?, ?)")) {
      for (Map.Entry<String, Right> e : rights.entrySet()) {
        s.setString(1, name);
        s.setString(2, e.getKey());
        s.setBoolean(3, e.getValue().read());
        s.setBoolean(4, e.getValue().write());
        s.setBoolean(5, e.getValue().replace());
        s.addBatch();
      }
      s.executeBatch();
    }
  }

  /** Whether any administrator account exists. */
  public boolean hasAdmin() {
    return db.withConnection(c -> {
      try (PreparedStatement s = c.prepareStatement("select 1 from account where admin limit 1");
          ResultSet r = s.executeQuery()) {
        return r.next();
      }
    });
  }

  /** The account holding this token, if any. */
  public Optional<Account> authenticate(String token) {
    return db.withConnection(c -> {
      String name;
      boolean admin;
      Integer peer;
      boolean telemetry;
      try (PreparedStatement s = c.prepareStatement(
          "select a.name, a.admin, p.id, a.telemetry from account a left join peer p on p.name = a.name where a.token_sha256 = ?")) {
        s.setBytes(1, Tokens.hash(token));
        try (ResultSet r = s.executeQuery()) {
          if (!r.next()) return Optional.empty();
          name = r.getString(1);
          admin = r.getBoolean(2);
          peer = (Integer) r.getObject(3);
          telemetry = r.getBoolean(4);
        }
      }
      return Optional.of(new Account(name, admin, rights(c, name), peer, telemetry));
    });
  }

  /** Every account, by name. */
  public List<Account> list() {
    return db.withConnection(c -> {
      List<Account> bare = new ArrayList<>();
      try (PreparedStatement s = c.prepareStatement(
          "select a.name, a.admin, p.id, a.telemetry from account a left join peer p on p.name = a.name order by a.name");
          ResultSet r = s.executeQuery()) {
        while (r.next()) bare.add(new Account(r.getString(1), r.getBoolean(2), Map.of(), (Integer) r.getObject(3), r.getBoolean(4)));
      }
      List<Account> out = new ArrayList<>();
      for (Account a : bare) out.add(new Account(a.name(), a.admin(), rights(c, a.name()), a.peer(), a.telemetry()));
      return out;
    });
  }

  /**
   * A number that moves whenever an account is created or revoked, here or (once the first call has
   * started listening) by any other process on the same database, a few milliseconds after its
   * commit. A cache of accounts drops what it holds when the number moves.
   */
  public long changes() {
    if (listening == null) {
      synchronized (this) {
        if (listening == null) listening = db.listen(CHANNEL, changes::incrementAndGet);
      }
    }
    return changes.get();
  }

  /** Whether {@link #changes()} hears other processes' changes now (its connection is up). */
  public boolean hearsOthers() {
    Database.Listening l = listening;
    return l != null && l.connected();
  }

  private static void announce(Connection c) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("select pg_notify(?, '')")) {
      s.setString(1, CHANNEL);
      s.executeQuery().close();
    }
  }

  /** Deletes the account; its token stops working at once here, and in other processes at the commit's notification. */
  public void revoke(String name) {
    int n = db.inTransaction(c -> revoke(c, name));
    changes.incrementAndGet();
    if (n == 0) throw new NotFoundException("no account named " + name);
  }

  /** As {@link #revoke(String)}, inside the caller's transaction; returns how many accounts it deleted (0 or 1). */
  public int revoke(Connection c, String name) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("delete from account where name = ?")) {
      s.setString(1, name);
      int deleted = s.executeUpdate();
      if (deleted > 0) announce(c);
      return deleted;
    }
  }

  private static Map<String, Right> rights(Connection c, String name) throws SQLException {
    Map<String, Right> rights = new HashMap<>();
    try (PreparedStatement s = c.prepareStatement(
        "select collection, can_read, can_write, can_replace from account_right where account = ?")) {
      s.setString(1, name);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) rights.put(r.getString(1), new Right(r.getBoolean(2), r.getBoolean(3), r.getBoolean(4)));
      }
    }
    return rights;
  }
}
