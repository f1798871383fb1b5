package dev.parley.node.witness;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A token bucket per key (an origin): {@code rate} requests a second on average, bursts of {@code
 * burst}. Keys are known origins only, so the map stays as small as the peer list. Thread-safe.
 */
final class RateLimiter {
  private final double rate;
  private final double burst;
  private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

  private static final class Bucket {
    double tokens;
    long at;

    Bucket(double tokens, long at) {
      this.tokens = tokens;
      this.at = at;
    }
  }

  RateLimiter(double rate, double burst) {
    this.rate = rate;
    this.burst = burst;
  }

  /** Takes a token for {@code key}; false when its bucket is empty. */
  boolean tryAcquire(String key) {
    Bucket b = buckets.computeIfAbsent(key, k -> new Bucket(burst, System.nanoTime()));
    synchronized (b) {
      long now = System.nanoTime();
      b.tokens = Math.min(burst, b.tokens + (now - b.at) / 1e9 * rate);
      b.at = now;
      if (b.tokens < 1) return false;
      b.tokens -= 1;
      return true;
    }
  }
}
