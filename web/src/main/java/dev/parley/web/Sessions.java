package dev.parley.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Server-side sessions of the web interface: a random id in an HttpOnly, SameSite=Strict cookie
 * names a session held here, which holds the token it was opened with (so every request is judged
 * by the account as it is now: a revoked token ends its sessions at once) and the session's CSRF
 * token. A session ends after 30 minutes without a request, 12 hours after it was opened, or when
 * signed out. Sessions live in the node's memory: a restart signs everyone out. Thread-safe.
 */
final class Sessions {
  static final Duration IDLE = Duration.ofMinutes(30);
  static final Duration ABSOLUTE = Duration.ofHours(12);
  private static final SecureRandom RANDOM = new SecureRandom();

  /** One signed-in browser. */
  static final class Session {
    final String id;
    final String token;
    final String csrf;
    final Instant opened;
    volatile Instant seen;

    Session(String id, String token, String csrf, Instant opened) {
      this.id = id;
      this.token = token;
      this.csrf = csrf;
      this.opened = opened;
      this.seen = opened;
    }
  }

  private final Map<String, Session> sessions = new ConcurrentHashMap<>();
  private final Clock clock;

  Sessions(Clock clock) {
    this.clock = clock;
  }

  /** Opens a session for {@code token} (already checked). */
  Session open(String token) {
    if (sessions.size() > 100_000) sweep();
    Session s = new Session(randomId(), token, randomId(), clock.instant());
    sessions.put(s.id, s);
    return s;
  }

  /** The live session of this id, touched; empty (and forgotten) when unknown, idle too long or too old. */
  Optional<Session> find(String id) {
    if (id == null || id.length() > 100) return Optional.empty();
    Session s = sessions.get(id);
    if (s == null) return Optional.empty();
    Instant now = clock.instant();
    if (expired(s, now)) {
      sessions.remove(id);
      return Optional.empty();
    }
    s.seen = now;
    return Optional.of(s);
  }

  void close(String id) {
    if (id != null) sessions.remove(id);
  }

  private boolean expired(Session s, Instant now) {
    return !now.isBefore(s.seen.plus(IDLE)) || !now.isBefore(s.opened.plus(ABSOLUTE));
  }

  private void sweep() {
    Instant now = clock.instant();
    sessions.values().removeIf(s -> expired(s, now));
  }

  /** 256 random bits, URL-safe base64. */
  static String randomId() {
    byte[] b = new byte[32];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  /** Compares secrets in time independent of where they differ. */
  static boolean same(String a, String b) {
    if (a == null || b == null) return false;
    return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8),
        b.getBytes(StandardCharsets.UTF_8));
  }
}
