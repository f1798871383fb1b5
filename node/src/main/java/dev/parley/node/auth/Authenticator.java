package dev.parley.node.auth;

import dev.parley.store.accounts.Account;
import dev.parley.store.accounts.AccountStore;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds the account behind an {@code Authorization} header: HTTP Basic (account name and token) or
 * Bearer (the token). Looked-up accounts are cached until an account changes: the store hears of
 * changes by any process (the {@code parley token revoke} command) at their commit, through
 * PostgreSQL notifications, so a revoked token stops working within milliseconds. Should the
 * listening connection be down, an entry lives at most two seconds. Thread-safe.
 */
public final class Authenticator {
  private static final long TTL_NANOS = 2_000_000_000L;

  private final AccountStore accounts;
  private final Map<String, Cached> cache = new ConcurrentHashMap<>();

  private record Cached(Optional<Account> account, long until, long changes) {}

  public Authenticator(AccountStore accounts) {
    this.accounts = accounts;
  }

  /** The account, or empty when the header is missing, malformed or names no valid credential. */
  public Optional<Account> authenticate(String header) {
    return identify(header) instanceof Credential.Valid v ? Optional.of(v.account()) : Optional.empty();
  }

  /** What the header amounts to: a valid account, nothing sent (null or blank), or a refused credential. */
  public Credential identify(String header) {
    if (header == null || header.isBlank()) return new Credential.Missing();
    boolean bearer = header.regionMatches(true, 0, "Bearer ", 0, 7);
    Credential refused = new Credential.Refused(bearer);
    String token;
    String user = null;
    if (bearer) {
      token = header.substring(7).trim();
    } else if (header.regionMatches(true, 0, "Basic ", 0, 6)) {
      String decoded;
      try {
        decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        return refused;
      }
      int colon = decoded.indexOf(':');
      if (colon < 0) return refused;
      user = decoded.substring(0, colon);
      token = decoded.substring(colon + 1);
    } else {
      return refused;
    }
    if (token.isEmpty() || token.length() > 200) return refused;
    Optional<Account> account = lookup(token);
    if (account.isEmpty() || (user != null && !account.get().name().equals(user))) return refused;
    return new Credential.Valid(account.get());
  }

  private Optional<Account> lookup(String token) {
    long now = System.nanoTime();
    long changes = accounts.changes();
    Cached c = cache.get(token);
    if (c != null && now - c.until < 0 && c.changes == changes) return c.account;
    Optional<Account> account = accounts.authenticate(token);
    if (cache.size() > 10_000) cache.clear();
    cache.put(token, new Cached(account, now + TTL_NANOS, changes));
    return account;
  }
}
