package dev.parley.node.witness;

import dev.parley.store.peers.Peer;
import dev.parley.store.peers.PeerStore;
import dev.parley.tlog.MalformedInputException;
import dev.parley.tlog.note.SignatureType;
import dev.parley.tlog.note.VerifierKey;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The logs this node witnesses and watches: its peers' (origin and key from the pinned log key, as
 * {@code parley peer add} pins it), read from the peer table at most once a second. Thread-safe.
 */
final class PeerLogs {
  /**
   * One peer's log: the peer's name, its log key (whose name is the origin), its API root, the
   * certificates pinned for its HTTPS (PEM, or null for the JVM's trust store), and the log's identity
   * {@code id}, its key as pinned (two logs may share an origin, never a key).
   */
  record PeerLog(String peer, VerifierKey key, URI apiRoot, String tlsTrust, String id) {
    String origin() {
      return key.name();
    }

    URI logBase() {
      return apiRoot.resolve("/log/");
    }

    URI witnessBase() {
      return apiRoot.resolve("/witness/");
    }
  }

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(PeerLogs.class);

  private final PeerStore peers;
  /** What the witness or the monitor last found wrong with a peer's TLS, by peer: said once, until it changes or passes. */
  private final Map<String, String> tlsRefused = new ConcurrentHashMap<>();
  private volatile Map<String, List<PeerLog>> byOrigin = Map.of();
  private volatile List<PeerLog> all = List.of();
  private volatile long readAt;
  private final RateLimiter unknown = new RateLimiter(20, 20);

  PeerLogs(PeerStore peers) {
    this.peers = peers;
  }

  /** Every peer with a pinned log key. */
  List<PeerLog> all() {
    refresh();
    return all;
  }

  /** The peers whose log has this origin (usually one). */
  List<PeerLog> of(String origin) {
    refresh();
    List<PeerLog> found = byOrigin.get(origin);
    if (found == null && unknown.tryAcquire("unknown")) {
      // a peer added a moment ago: read again, at most 20 times a second whatever strangers send
      readAt = 0;
      refresh();
      found = byOrigin.get(origin);
    }
    return found == null ? List.of() : found;
  }

  Optional<PeerLog> peer(String name) {
    return all().stream().filter(p -> p.peer().equals(name)).findFirst();
  }

  /**
   * The witness or the monitor could not reach a peer over TLS (a certificate that does not match its
   * pin, say): the peer's state is unreachable with why, and the node's log says so once, as sync
   * does (issue 10: "reported in peer list and the node's log"), whether or not sync runs.
   */
  void tlsRefused(PeerLog p, String why) {
    if (why.equals(tlsRefused.put(p.peer(), why))) return;
    LOG.warn("peer {}: {}", p.peer(), why);
    try {
      peers.state(p.peer(), Peer.UNREACHABLE, why);
    } catch (RuntimeException e) {
      LOG.debug("cannot record the state of peer {}: {}", p.peer(), e.getMessage());
    }
  }

  /** The witness or the monitor reached a peer over TLS: a state {@link #tlsRefused} set is over. */
  void tlsAccepted(PeerLog p) {
    String was = tlsRefused.remove(p.peer());
    if (was == null) return;
    try {
      Peer now = peers.find(p.peer()).orElse(null);
      if (now != null && Peer.UNREACHABLE.equals(now.state()) && was.equals(now.detail())) peers.state(p.peer(), Peer.OK, null);
    } catch (RuntimeException e) {
      LOG.debug("cannot record the state of peer {}: {}", p.peer(), e.getMessage());
    }
  }

  /** Reads the peers again at the next call. */
  void invalidate() {
    readAt = 0;
  }

  private void refresh() {
    long now = System.nanoTime();
    if (readAt != 0 && now - readAt < 1_000_000_000L) return;
    Map<String, List<PeerLog>> origins = new ConcurrentHashMap<>();
    List<PeerLog> list = new ArrayList<>();
    for (Peer p : peers.list()) {
      if (p.key() == null) continue;
      VerifierKey key;
      URI root;
      try {
        key = VerifierKey.parse(p.key());
        root = URI.create(p.url());
      } catch (MalformedInputException | IllegalArgumentException e) {
        continue;
      }
      if (key.type() != SignatureType.ED25519) continue;
      PeerLog log = new PeerLog(p.name(), key, root, p.tlsTrust(), p.key());
      list.add(log);
      origins.computeIfAbsent(key.name(), k -> new ArrayList<>()).add(log);
    }
    byOrigin = origins;
    all = List.copyOf(list);
    readAt = now == 0 ? 1 : now;
  }
}
